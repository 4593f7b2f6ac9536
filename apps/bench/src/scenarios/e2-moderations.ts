/**
 * E2: many tiny sequential requests (moderations): the per-request overhead of a client, as client
 * CPU per request. 50 unmeasured requests warm the connection and the JIT first.
 */
import { API_KEY, measure, scenarioArgs } from './measure.js';

type Moderate = (input: string) => Promise<boolean>;

const { contender, url, values } = scenarioArgs();
const requests = Number(values.requests ?? 2_000);
const MODEL = 'omni-moderation-latest';

async function rawUndici(): Promise<Moderate> {
  const { Agent, request } = await import('undici');
  const dispatcher = new Agent();
  return async (input) => {
    const { statusCode, body } = await request(`${url}/moderations`, {
      method: 'POST',
      dispatcher,
      headers: { authorization: `Bearer ${API_KEY}`, 'content-type': 'application/json' },
      body: JSON.stringify({ model: MODEL, input }),
    });
    const json = (await body.json()) as { results: { flagged: boolean }[] };
    if (statusCode !== 200) throw new Error(`HTTP ${statusCode}`);
    return json.results[0]?.flagged ?? false;
  };
}

async function anyintClient(): Promise<Moderate> {
  const { AnyInt } = await import('@anyint/client');
  const client = new AnyInt({ apiKey: API_KEY, baseURL: url });
  return async (input) => {
    const { results } = await client.moderations.create({ model: MODEL, input });
    return results[0]?.flagged ?? false;
  };
}

async function openai(): Promise<Moderate> {
  const { default: OpenAI } = await import('openai');
  const client = new OpenAI({ apiKey: API_KEY, baseURL: url });
  return async (input) => {
    const { results } = await client.moderations.create({ model: MODEL, input });
    return results[0]?.flagged ?? false;
  };
}

const CONTENDERS: Record<string, () => Promise<Moderate>> = {
  undici: rawUndici,
  'anyint-client': anyintClient,
  openai,
};

const setup = CONTENDERS[contender];
if (!setup) throw new Error(`unknown E2 contender '${contender}'`);
const moderate = await setup();
const texts = ['a friendly note about gardening', 'I will hurt you', 'the weather is nice today'];
for (let i = 0; i < 50; i++) await moderate(texts[i % texts.length] as string);

await measure(async () => {
  let flagged = 0;
  for (let i = 0; i < requests; i++) if (await moderate(texts[i % texts.length] as string)) flagged++;
  return { requests, flagged };
});
