/**
 * E1: embed N documents of ~12 words (default 20,000) at 1536 dimensions with one contender, in a
 * fresh process. Imports and client construction happen before the measured section; one tiny call
 * warms the connection pool and lazy imports, as in a long-running service.
 */
import { corpus } from '../corpus.js';
import { API_KEY, EMBEDDING_MODEL, measure, pooled, scenarioArgs } from './measure.js';

type Vectors = ArrayLike<ArrayLike<number>>;
type Embed = (docs: string[]) => Promise<Vectors>;

const { contender, url, values } = scenarioArgs();
const docCount = Number(values.docs ?? 20_000);
const dimensions = Number(values.dims ?? 1536);
const BATCH = 512;
const IN_FLIGHT = 4;

async function rawUndici(output: 'float32' | 'number'): Promise<Embed> {
  const { Agent, request } = await import('undici');
  const dispatcher = new Agent();
  const post = async (input: string[]) => {
    const { statusCode, body } = await request(`${url}/embeddings`, {
      method: 'POST',
      dispatcher,
      headers: { authorization: `Bearer ${API_KEY}`, 'content-type': 'application/json' },
      body: JSON.stringify({ model: EMBEDDING_MODEL, input, dimensions, encoding_format: 'base64' }),
    });
    const json = (await body.json()) as { data: { index: number; embedding: string }[] };
    if (statusCode !== 200) throw new Error(`HTTP ${statusCode}`);
    return json.data.map((item) => {
      const bytes = Buffer.from(item.embedding, 'base64');
      const vector =
        bytes.byteOffset % 4 === 0
          ? new Float32Array(bytes.buffer, bytes.byteOffset, bytes.byteLength / 4)
          : new Float32Array(new Uint8Array(bytes).buffer);
      return output === 'float32' ? vector : Array.from(vector);
    });
  };
  return (docs) => pooled(docs, BATCH, IN_FLIGHT, post);
}

async function anyintClient(output: 'float32' | 'number'): Promise<Embed> {
  const { AnyInt } = await import('@anyint/client');
  const client = new AnyInt({ apiKey: API_KEY, baseURL: url });
  return async (docs) =>
    (await client.embeddings.embedMany({ model: EMBEDDING_MODEL, input: docs, dimensions }, { output }))
      .embeddings;
}

async function openai(): Promise<Embed> {
  const { default: OpenAI } = await import('openai');
  const client = new OpenAI({ apiKey: API_KEY, baseURL: url });
  return (docs) =>
    pooled(docs, BATCH, IN_FLIGHT, async (input) => {
      const { data } = await client.embeddings.create({ model: EMBEDDING_MODEL, input, dimensions });
      return data.map((item) => item.embedding);
    });
}

async function langchainOpenAI(): Promise<Embed> {
  const { OpenAIEmbeddings } = await import('@langchain/openai');
  const embeddings = new OpenAIEmbeddings({
    model: EMBEDDING_MODEL,
    dimensions,
    apiKey: API_KEY,
    configuration: { baseURL: url },
  });
  return (docs) => embeddings.embedDocuments(docs);
}

async function anyintLangchain(): Promise<Embed> {
  const { AnyIntEmbeddings } = await import('@anyint/langchain');
  const embeddings = new AnyIntEmbeddings({
    model: EMBEDDING_MODEL,
    dimensions,
    apiKey: API_KEY,
    baseURL: url,
  });
  return (docs) => embeddings.embedDocuments(docs);
}

async function aiSdkOpenAI(): Promise<Embed> {
  const { embedMany } = await import('ai');
  const { createOpenAI } = await import('@ai-sdk/openai');
  const model = createOpenAI({ apiKey: API_KEY, baseURL: url }).embedding(EMBEDDING_MODEL);
  return async (docs) =>
    (await embedMany({ model, values: docs, providerOptions: { openai: { dimensions } } })).embeddings;
}

async function anyintAiSdk(): Promise<Embed> {
  const { embedMany } = await import('ai');
  const { createAnyInt } = await import('@anyint/ai-sdk-provider');
  const model = createAnyInt({ apiKey: API_KEY, baseURL: url }).embedding(EMBEDDING_MODEL);
  return async (docs) =>
    (await embedMany({ model, values: docs, providerOptions: { anyint: { dimensions } } })).embeddings;
}

async function llamaindexOpenAI(): Promise<Embed> {
  const { Settings } = await import('llamaindex');
  const { OpenAIEmbedding } = await import('@llamaindex/openai');
  Settings.embedModel = new OpenAIEmbedding({
    model: EMBEDDING_MODEL,
    dimensions,
    apiKey: API_KEY,
    baseURL: url,
  });
  return (docs) => Settings.embedModel.getTextEmbeddingsBatch(docs);
}

async function anyintLlamaindex(): Promise<Embed> {
  const { Settings } = await import('llamaindex');
  const { AnyIntEmbedding } = await import('@anyint/llamaindex');
  Settings.embedModel = new AnyIntEmbedding({
    model: EMBEDDING_MODEL,
    dimensions,
    apiKey: API_KEY,
    baseURL: url,
  });
  return (docs) => Settings.embedModel.getTextEmbeddingsBatch(docs);
}

const CONTENDERS: Record<string, () => Promise<Embed>> = {
  'undici-float32': () => rawUndici('float32'),
  'undici-number': () => rawUndici('number'),
  'anyint-client-number': () => anyintClient('number'),
  'anyint-client-float32': () => anyintClient('float32'),
  openai,
  'langchain-openai': langchainOpenAI,
  'anyint-langchain': anyintLangchain,
  'ai-sdk-openai': aiSdkOpenAI,
  'anyint-ai-sdk': anyintAiSdk,
  'llamaindex-openai': llamaindexOpenAI,
  'anyint-llamaindex': anyintLlamaindex,
};

const setup = CONTENDERS[contender];
if (!setup) throw new Error(`unknown E1 contender '${contender}'`);
const embed = await setup();
const docs = corpus(docCount);
await embed(corpus(8).map((doc) => `warm-up ${doc}`));

await measure(async () => {
  const vectors = await embed(docs);
  // A sanity check reading ~200 values: negligible next to the run.
  if (vectors.length !== docCount) throw new Error(`got ${vectors.length} vectors for ${docCount} docs`);
  let checksum = 0;
  for (let i = 0; i < vectors.length; i += 97) {
    const vector = vectors[i] as ArrayLike<number>;
    if (vector.length !== dimensions) throw new Error(`vector ${i} has ${vector.length} dimensions`);
    checksum += vector[0] as number;
  }
  return { docs: docCount, checksum };
});
