/**
 * E6: embed N documents of ~50 tokens (default 10,000) against a rate-limited emulator with one
 * contender and its defaults, in a fresh process. A contender that gives up is measured too: the
 * run reports whether it finished. Afterwards a sample of the vectors is compared with an unlimited
 * emulator's (`--check-url`), so a contender cannot finish by returning wrong vectors.
 */
import { corpus } from '../corpus.js';
import { API_KEY, EMBEDDING_MODEL, measure, pooled, scenarioArgs } from './measure.js';

type Vectors = ArrayLike<ArrayLike<number>>;
type Embed = (docs: string[]) => Promise<Vectors>;

const { contender, url, values } = scenarioArgs();
const docCount = Number(values.docs ?? 10_000);
const dimensions = Number(values.dims ?? 256);
const checkUrl = values['check-url'];
// `openai` has no batching of its own: the same split as in E1, what a user of it would write.
const BATCH = 512;
const IN_FLIGHT = 4;

/** About 50 tokens each as the emulator counts them (a token per 4 characters): ~200 characters. */
export function longCorpus(count: number): string[] {
  const words = corpus(count * 2);
  return Array.from({ length: count }, (_, i) => {
    let text = `${words[2 * i]} ${words[2 * i + 1]}`;
    while (text.length < 196) text += ` ${words[(i * 7 + text.length) % words.length]}`;
    return text.slice(0, 200);
  });
}

async function anyintClient(): Promise<Embed> {
  const { AnyInt } = await import('@anyint/client');
  const client = new AnyInt({ apiKey: API_KEY, baseURL: url });
  return async (docs) =>
    (await client.embeddings.embedMany({ model: EMBEDDING_MODEL, input: docs, dimensions })).embeddings;
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
  'anyint-client': anyintClient,
  openai,
  'langchain-openai': langchainOpenAI,
  'anyint-langchain': anyintLangchain,
  'ai-sdk-openai': aiSdkOpenAI,
  'anyint-ai-sdk': anyintAiSdk,
  'llamaindex-openai': llamaindexOpenAI,
  'anyint-llamaindex': anyintLlamaindex,
};

/** Compares every 97th vector (and the last) with the unlimited emulator's, by cosine. */
async function wrongVectors(docs: string[], vectors: Vectors): Promise<number> {
  if (!checkUrl) return 0;
  const indexes: number[] = [];
  for (let i = 0; i < docs.length; i += 97) indexes.push(i);
  indexes.push(docs.length - 1);
  const response = await fetch(`${checkUrl}/embeddings`, {
    method: 'POST',
    headers: { authorization: `Bearer ${API_KEY}`, 'content-type': 'application/json' },
    body: JSON.stringify({ model: EMBEDDING_MODEL, input: indexes.map((i) => docs[i]), dimensions }),
  });
  const { data } = (await response.json()) as { data: { index: number; embedding: number[] }[] };
  let wrong = 0;
  for (const item of data) {
    const got = vectors[indexes[item.index] as number];
    if (!got || got.length !== dimensions) {
      wrong++;
      continue;
    }
    let dot = 0;
    let a = 0;
    let b = 0;
    for (let d = 0; d < dimensions; d++) {
      const x = got[d] as number;
      const y = item.embedding[d] as number;
      dot += x * y;
      a += x * x;
      b += y * y;
    }
    if (!(dot / Math.sqrt(a * b) > 0.9999)) wrong++;
  }
  return wrong;
}

const setup = CONTENDERS[contender];
if (!setup) throw new Error(`unknown E6 contender '${contender}'`);
const embed = await setup();
const docs = longCorpus(docCount);
const firstDoc = Number(values['first-doc'] ?? 0);
const mine = docs.slice(firstDoc, firstDoc + Number(values.count ?? docCount));

await measure(async () => {
  let vectors: Vectors | undefined;
  let finished = 1;
  const started = performance.now();
  try {
    vectors = await embed(mine);
  } catch (error) {
    finished = 0;
    console.error(error instanceof Error ? `${error.name}: ${error.message}` : String(error));
  }
  const embedMs = performance.now() - started;
  if (vectors?.length !== mine.length) finished = 0;
  // Outside the timed part: the check's request is paced and counted by nobody.
  const wrong = vectors && finished ? await wrongVectors(mine, vectors) : -1;
  return { docs: mine.length, finished, embedMs, wrong };
});
