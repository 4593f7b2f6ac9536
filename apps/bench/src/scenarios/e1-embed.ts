/**
 * E1: embed N documents of ~12 words (default 20,000) at 1536 dimensions with one contender, in a
 * fresh process. Imports and client construction happen before the measured section; one tiny call
 * warms the connection pool and lazy imports, as in a long-running service.
 */
import { corpus } from '../corpus.js';
import { BATCH, type Embed, embedContenders, IN_FLIGHT } from './embed-contenders.js';
import { API_KEY, EMBEDDING_MODEL, measure, pooled, scenarioArgs } from './measure.js';

const { contender, url, values } = scenarioArgs();
const docCount = Number(values.docs ?? 20_000);
const dimensions = Number(values.dims ?? 1536);

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

const { anyintClient, ...frameworks } = embedContenders(url, dimensions);
const CONTENDERS: Record<string, () => Promise<Embed>> = {
  'undici-float32': () => rawUndici('float32'),
  'undici-number': () => rawUndici('number'),
  'anyint-client-number': () => anyintClient('number'),
  'anyint-client-float32': () => anyintClient('float32'),
  ...frameworks,
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
