/**
 * E6: embed N documents of ~50 tokens (default 10,000) against a rate-limited emulator with one
 * contender and its defaults, in a fresh process. A contender that gives up is measured too: the
 * run reports whether it finished. Afterwards a sample of the vectors is compared with an unlimited
 * emulator's (`--check-url`), so a contender cannot finish by returning wrong vectors.
 */
import { corpus } from '../corpus.js';
import { type Embed, embedContenders, type Vectors } from './embed-contenders.js';
import { API_KEY, EMBEDDING_MODEL, measure, scenarioArgs } from './measure.js';

const { contender, url, values } = scenarioArgs();
const docCount = Number(values.docs ?? 10_000);
const dimensions = Number(values.dims ?? 256);
const checkUrl = values['check-url'];

/** About 50 tokens each as the emulator counts them (a token per 4 characters): ~200 characters. */
export function longCorpus(count: number): string[] {
  const words = corpus(count * 2);
  return Array.from({ length: count }, (_, i) => {
    let text = `${words[2 * i]} ${words[2 * i + 1]}`;
    while (text.length < 196) text += ` ${words[(i * 7 + text.length) % words.length]}`;
    return text.slice(0, 200);
  });
}

const { anyintClient, ...frameworks } = embedContenders(url, dimensions);
const CONTENDERS: Record<string, () => Promise<Embed>> = {
  'anyint-client': () => anyintClient('number'),
  ...frameworks,
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
