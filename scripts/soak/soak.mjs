#!/usr/bin/env node
// Fault soak: every route of the client against the emulator with faults on, for a chosen time.
// It proves from the emulator's request log and resource store that nothing was created twice, no
// embedding was lost or misplaced, every failure was a typed error, no file or batch was left, and
// memory stayed flat. Usage: node scripts/soak/soak.mjs [--duration 30s|10m] [--concurrency 4]
// [--seed 1] [--routes embeddings,batches,...] [--json]. Exit code 1 when an invariant fails.
import { randomUUID } from 'node:crypto';
import { parseArgs } from 'node:util';
import { startEmulator } from '@anyint/emulator';
import { AnyInt, AnyIntError, toFile } from '../../packages/client/dist/index.mjs';

const { values } = parseArgs({
  options: {
    duration: { type: 'string', default: '30s' },
    concurrency: { type: 'string', default: '4' },
    seed: { type: 'string', default: '1' },
    json: { type: 'boolean', default: false },
    routes: { type: 'string' },
  },
});

function parseDuration(text) {
  const match = /^(\d+(?:\.\d+)?)(ms|s|m)?$/.exec(text);
  if (!match) throw new Error(`--duration must look like 30s, 10m or 5000ms, got '${text}'`);
  const unit = { ms: 1, s: 1000, m: 60_000 }[match[2] ?? 's'];
  return Number(match[1]) * unit;
}
const durationMs = parseDuration(values.duration);
const concurrency = Number(values.concurrency);
const seed = Number(values.seed);

/** Every fault kind the emulator has, at rates that make each route meet each kind within seconds. */
const FAULTS = [
  { kind: 'status', status: 429, retryAfter: 0, rate: 0.03 },
  { kind: 'status', status: 500, rate: 0.02 },
  { kind: 'status', status: 503, rate: 0.02 },
  { kind: 'reset', rate: 0.01 },
  { kind: 'truncate', rate: 0.01 },
  { kind: 'malformed', rate: 0.01 },
  { kind: 'stall', rate: 0.002 },
];
const apiKey = `sk-soak-${randomUUID()}`;
const common = { apiKey, seed, timeScale: 1000 };
const emulator = await startEmulator({ ...common, faults: FAULTS });
// A fault-free twin answers what each embedding must be.
const oracle = await startEmulator(common);
// Stalls cost a timeout each: short ones keep the soak moving.
const client = new AnyInt({
  apiKey,
  baseURL: emulator.url,
  timeout: 3000,
  mediaTimeout: 5000,
  streamIdleTimeoutMs: 2000,
});
const truth = new AnyInt({ apiKey, baseURL: oracle.url });

const MODEL = 'text-embedding-3-small';
const DIMENSIONS = 16;
const POOL = Array.from(
  { length: 300 },
  (_, i) => `soak document ${i} on ${['ships', 'refunds', 'weather', 'cats'][i % 4]} ${i * 7}`,
);
const reference = new Map();
async function expected(text) {
  let vector = reference.get(text);
  if (!vector) {
    vector = (await truth.embeddings.create({ model: MODEL, input: text, dimensions: DIMENSIONS })).data[0]
      .embedding;
    reference.set(text, vector);
  }
  return vector;
}
function same(a, b) {
  let dot = 0;
  let na = 0;
  let nb = 0;
  for (let i = 0; i < b.length; i++) {
    dot += a[i] * b[i];
    na += a[i] * a[i];
    nb += b[i] * b[i];
  }
  return a.length === b.length && dot / Math.sqrt(na * nb) > 0.9999;
}
let cursor = 0;
const texts = (n) => Array.from({ length: n }, () => POOL[cursor++ % POOL.length]);

const stats = new Map();
const counters = {
  embeddingsChecked: 0,
  embeddingsLost: 0,
  embeddingsWrong: 0,
  bulkDuplicates: 0,
  untyped: [],
  leftoversReported: 0,
  ambiguousCreates: 0,
  shortDownloads: 0,
};
function record(route, outcome) {
  const entry = stats.get(route) ?? { ops: 0, ok: 0, errors: new Map() };
  entry.ops++;
  if (outcome === 'ok') entry.ok++;
  else entry.errors.set(outcome, (entry.errors.get(outcome) ?? 0) + 1);
  stats.set(route, entry);
}

// What the caller made but could not finish removing (a failed delete, a create whose answer was
// lost): removed at the end, as any caller would; what is left after that is a leak.
const toRemove = { files: new Set(), assistants: new Set(), threads: new Set(), videos: new Set() };
const ambiguousNames = new Set();

async function removeLater(kind, id, remove) {
  try {
    await remove();
  } catch {
    toRemove[kind].add(id);
  }
}

const operations = {
  async embeddings() {
    const input = texts(20);
    const { embeddings } = await client.embeddings.embedMany(
      { model: MODEL, input, dimensions: DIMENSIONS },
      { batchSize: 6, concurrency: 3 },
    );
    for (let i = 0; i < input.length; i++) {
      counters.embeddingsChecked++;
      if (!embeddings[i]) counters.embeddingsLost++;
      else if (!same(embeddings[i], await expected(input[i]))) counters.embeddingsWrong++;
    }
  },
  async batches() {
    const input = texts(25);
    const seen = new Map();
    for await (const { index, embedding } of client.embeddings.embedBulk(
      { model: MODEL, input, dimensions: DIMENSIONS },
      {
        shardSize: 10,
        maxShardsInFlight: 2,
        pollIntervalMs: 5,
        maxPollIntervalMs: 50,
        onLeftover: () => counters.leftoversReported++,
        // A batch that never ends would hold the worker: stopped after a minute (then cleaned up).
        signal: AbortSignal.timeout(60_000),
      },
    )) {
      if (seen.has(index)) counters.bulkDuplicates++;
      seen.set(index, embedding);
    }
    for (let i = 0; i < input.length; i++) {
      counters.embeddingsChecked++;
      const vector = seen.get(i);
      if (!vector) counters.embeddingsLost++;
      else if (!same(vector, await expected(input[i]))) counters.embeddingsWrong++;
    }
  },
  async moderations() {
    const input = ['a friendly note', 'I will hurt you'];
    const { results } = await client.moderations.create({ model: 'omni-moderation-latest', input });
    if (results.length !== input.length) throw new Error('moderation results lost');
  },
  async images() {
    const { data } = await client.images.generate({
      model: 'gpt-image-1',
      prompt: `a lighthouse ${randomUUID()}`,
      n: 1,
    });
    if (data.length !== 1) throw new Error('image lost');
  },
  async speech() {
    const audio = await client.audio.speech.create({
      model: 'gpt-4o-mini-tts',
      voice: 'alloy',
      input: 'the ship sails at noon',
      response_format: 'wav',
    });
    const bytes = new Uint8Array(await audio.arrayBuffer());
    const file = await toFile(bytes, 'speech.wav', { type: 'audio/wav' });
    await client.audio.transcriptions.create({ model: 'whisper-1', file });
    await client.audio.translations.create({ model: 'whisper-1', file });
  },
  async files() {
    const filename = `soak-${randomUUID()}.txt`;
    let file;
    try {
      file = await client.files.create({
        file: await toFile(Buffer.from('soak bytes\n'), filename),
        purpose: 'user_data',
      });
    } catch (error) {
      ambiguousNames.add(filename);
      throw error;
    }
    try {
      await client.files.retrieve(file.id);
      const text = await (await client.files.content(file.id)).text();
      // A proxy's clean 200 with fewer bytes than stored (the emulator's `malformed` on a download)
      // cannot be told from a whole answer over HTTP: counted apart, it is no client failure.
      if (text !== 'soak bytes\n') {
        if (!'soak bytes\n'.startsWith(text)) throw new Error('file content changed');
        counters.shortDownloads++;
      }
    } finally {
      await removeLater('files', file.id, () => client.files.delete(file.id));
    }
  },
  async assistants() {
    const name = `soak-${randomUUID()}`;
    let assistant;
    try {
      assistant = await client.beta.assistants.create({ model: 'gpt-4o-mini', name });
    } catch (error) {
      ambiguousNames.add(name);
      throw error;
    }
    let thread;
    try {
      thread = await client.beta.threads.create({
        messages: [{ role: 'user', content: 'Where is my parcel?' }],
      });
      const run = await client.beta.threads.runs.createAndPoll(
        thread.id,
        { assistant_id: assistant.id },
        { pollIntervalMs: 5 },
      );
      if (run.status !== 'completed') throw new Error(`run ended ${run.status}`);
      // A streamed run too: its events, and a final run that has stopped.
      const stream = client.beta.threads.runs.stream(thread.id, { assistant_id: assistant.id });
      for await (const _ of stream);
      const streamed = await stream.finalRun();
      if (streamed.status !== 'completed') throw new Error(`streamed run ended ${streamed.status}`);
      for await (const _ of client.beta.threads.messages.list(thread.id));
    } finally {
      if (thread) await removeLater('threads', thread.id, () => client.beta.threads.delete(thread.id));
      await removeLater('assistants', assistant.id, () => client.beta.assistants.delete(assistant.id));
    }
  },
  async videos() {
    const prompt = `a red fox ${randomUUID()}`;
    let video;
    try {
      video = await client.videos.create({ model: 'sora-2', prompt, seconds: '4', size: '720x1280' });
    } catch (error) {
      ambiguousNames.add(prompt);
      throw error;
    }
    try {
      const done = await client.videos.poll(video.id, { intervalMs: 5 });
      const bytes = await (await client.videos.content(done.id)).arrayBuffer();
      if (bytes.byteLength === 0) throw new Error('empty video');
    } finally {
      await removeLater('videos', video.id, () => client.videos.delete(video.id));
    }
  },
};
const ROUTES = values.routes ? values.routes.split(',') : Object.keys(operations);
for (const route of ROUTES)
  if (!operations[route])
    throw new Error(`--routes: no route '${route}'; routes: ${Object.keys(operations).join(', ')}`);

// The request log, read as it grows and then dropped, so the soak's own memory stays flat. A create
// is "handled" when the upstream ran it: every answer but a status fault or a reset.
const CREATE_PATHS = [
  /\/images\/generations$/,
  /\/audio\/speech$/,
  /\/files$/,
  /\/batches$/,
  /\/assistants$/,
  /\/threads$/,
  /\/messages$/,
  /\/runs$/,
  /\/videos$/,
];
const handledByKey = new Map();
let requestsSeen = 0;
const faultsSeen = new Map();
function drainLog() {
  const pending = [];
  for (const entry of emulator.requests) {
    if (entry.status === 0 && entry.fault !== 'reset') {
      pending.push(entry);
      continue;
    }
    requestsSeen++;
    if (entry.fault) faultsSeen.set(entry.fault, (faultsSeen.get(entry.fault) ?? 0) + 1);
    if (entry.method !== 'POST' || !CREATE_PATHS.some((p) => p.test(entry.path))) continue;
    if (entry.fault === 'status' || entry.fault === 'reset') continue;
    const key = entry.headers['idempotency-key'];
    if (key) handledByKey.set(key, (handledByKey.get(key) ?? 0) + 1);
  }
  emulator.requests.length = 0;
  emulator.requests.push(...pending);
}

const rss = [];
let handledOnce = 0;
const sampler = setInterval(() => {
  rss.push(process.memoryUsage().rss);
  drainLog();
}, 1000);

const started = Date.now();
const deadline = started + durationMs;
let turn = 0;
/** Operations under way, with their start: one that never ends is a failure of its own. */
const inFlight = new Map();
let opSequence = 0;
async function worker() {
  while (Date.now() < deadline) {
    const route = ROUTES[turn++ % ROUTES.length];
    const op = ++opSequence;
    inFlight.set(op, { route, started: Date.now() });
    try {
      await operations[route]();
      record(route, 'ok');
    } catch (error) {
      if (AnyIntError.isInstance(error)) record(route, error.name);
      else {
        record(route, 'untyped');
        if (counters.untyped.length < 5) counters.untyped.push(`${route}: ${error?.stack ?? error}`);
      }
    } finally {
      inFlight.delete(op);
    }
  }
}
// The last operations get two minutes to end; any still running then is reported as hung.
const GRACE_MS = 120_000;
let grace;
await Promise.race([
  Promise.all(Array.from({ length: concurrency }, worker)),
  new Promise((resolve) => {
    grace = setTimeout(resolve, durationMs + GRACE_MS);
  }),
]);
clearTimeout(grace);
const hung = [...inFlight.values()].map(
  ({ route, started }) => `${route} (${Math.round((Date.now() - started) / 1000)} s)`,
);
const elapsedMs = Date.now() - started;
clearInterval(sampler);
drainLog();
const createdTwice = [...handledByKey.values()].filter((n) => n > 1).length;
handledOnce += [...handledByKey.values()].filter((n) => n === 1).length;

// Clean-up as a caller would do it. The faults stay on for every request, so the remover insists
// until each answer comes through.
const remover = new AnyInt({
  apiKey,
  baseURL: emulator.url,
  maxRetries: 20,
  maxRetryDelayMs: 1000,
  timeout: 3000,
});
async function persist(action) {
  for (let attempt = 0; attempt < 20; attempt++) {
    try {
      return await action();
    } catch (error) {
      if (error?.status === 404) return undefined;
    }
  }
  return undefined;
}
async function listAll(list) {
  return (
    (await persist(async () => {
      const items = [];
      for await (const item of list()) items.push(item);
      return items;
    })) ?? []
  );
}
for (const id of toRemove.files) await persist(() => remover.files.delete(id));
for (const id of toRemove.threads) await persist(() => remover.beta.threads.delete(id));
for (const id of toRemove.assistants) await persist(() => remover.beta.assistants.delete(id));
for (const id of toRemove.videos) await persist(() => remover.videos.delete(id));
let files = await listAll(() => remover.files.list());
for (const file of files.filter((f) => ambiguousNames.has(f.filename))) {
  counters.ambiguousCreates++;
  await persist(() => remover.files.delete(file.id));
}
for (const assistant of (await listAll(() => remover.beta.assistants.list())).filter((a) =>
  ambiguousNames.has(a.name),
)) {
  counters.ambiguousCreates++;
  await persist(() => remover.beta.assistants.delete(assistant.id));
}
for (const video of (await listAll(() => remover.videos.list())).filter((v) =>
  ambiguousNames.has(v.prompt),
)) {
  counters.ambiguousCreates++;
  await persist(() => remover.videos.delete(video.id));
}
files = await listAll(() => remover.files.list());
const batches = await listAll(() => remover.batches.list());
const running = batches.filter((b) => !['completed', 'failed', 'cancelled', 'expired'].includes(b.status));
const assistantsLeft = await listAll(() => remover.beta.assistants.list());
const videosLeft = await listAll(() => remover.videos.list());

// RSS: the median of the last sixth of the run against that of the second sixth (after warm-up).
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;
const sixth = Math.max(1, Math.floor(rss.length / 6));
const early = median(rss.slice(sixth, 2 * sixth));
const late = median(rss.slice(-sixth));
const growthMiB = (late - early) / 2 ** 20;
const rssFlat = rss.length < 6 || growthMiB < 64;

await emulator.close();
await oracle.close();

const invariants = [
  ['resources created twice', createdTwice, createdTwice === 0],
  ['embeddings lost', counters.embeddingsLost, counters.embeddingsLost === 0],
  ['embeddings wrong or misplaced', counters.embeddingsWrong, counters.embeddingsWrong === 0],
  ['bulk indexes delivered twice', counters.bulkDuplicates, counters.bulkDuplicates === 0],
  [
    'untyped failures',
    counters.untyped.length && [...stats.values()].reduce((n, s) => n + (s.errors.get('untyped') ?? 0), 0),
    counters.untyped.length === 0,
  ],
  ['files left', files.length, files.length === 0],
  ['batches still running', running.map((b) => b.status).join(' ') || 0, running.length === 0],
  ['assistants left', assistantsLeft.length, assistantsLeft.length === 0],
  ['videos left', videosLeft.length, videosLeft.length === 0],
  ['operations that never ended', hung.length, hung.length === 0],
  ['RSS growth (MiB)', growthMiB.toFixed(1), rssFlat],
];
const ok = invariants.every(([, , pass]) => pass);

const report = {
  durationMs: elapsedMs,
  concurrency,
  seed,
  requests: requestsSeen,
  faults: Object.fromEntries(faultsSeen),
  createsHandledOnce: handledOnce,
  embeddingsChecked: counters.embeddingsChecked,
  leftoversReported: counters.leftoversReported,
  shortDownloads: counters.shortDownloads,
  ambiguousCreatesCleaned: counters.ambiguousCreates,
  routes: Object.fromEntries(
    [...stats].map(([route, s]) => [route, { ops: s.ops, ok: s.ok, errors: Object.fromEntries(s.errors) }]),
  ),
  invariants: Object.fromEntries(invariants.map(([name, value, pass]) => [name, { value, pass }])),
  rssMiB: { early: +(early / 2 ** 20).toFixed(1), late: +(late / 2 ** 20).toFixed(1) },
  ok,
};

if (values.json) {
  console.log(JSON.stringify(report, null, 2));
} else {
  const pad = (text, width) => String(text).padEnd(width);
  console.log(
    `Fault soak: ${(elapsedMs / 1000).toFixed(0)} s, ${concurrency} workers, seed ${seed}, ${requestsSeen} requests, faults ${JSON.stringify(report.faults)}`,
  );
  console.log('');
  console.log(`| ${pad('route', 12)} | ${pad('ops', 5)} | ${pad('ok', 5)} | typed errors`);
  console.log(`|${'-'.repeat(14)}|${'-'.repeat(7)}|${'-'.repeat(7)}|${'-'.repeat(30)}`);
  for (const [route, s] of stats) {
    const errors = [...s.errors].map(([name, n]) => `${name} ${n}`).join(', ') || '-';
    console.log(`| ${pad(route, 12)} | ${pad(s.ops, 5)} | ${pad(s.ok, 5)} | ${errors}`);
  }
  console.log('');
  console.log(`| ${pad('invariant', 30)} | ${pad('value', 8)} | ok`);
  console.log(`|${'-'.repeat(32)}|${'-'.repeat(10)}|----`);
  for (const [name, value, pass] of invariants)
    console.log(`| ${pad(name, 30)} | ${pad(value, 8)} | ${pass ? 'yes' : 'NO'}`);
  console.log('');
  console.log(
    `${counters.embeddingsChecked} embeddings checked against a fault-free emulator; ${handledOnce} creates handled once; ` +
      `${counters.ambiguousCreates} creates whose answer was lost were found and removed by the caller; ` +
      `${counters.leftoversReported} embedBulk leftovers reported; ${counters.shortDownloads} downloads cut short behind a clean 200 (not detectable over HTTP); RSS ${report.rssMiB.early} -> ${report.rssMiB.late} MiB.`,
  );
  for (const line of counters.untyped) console.log(`untyped: ${line}`);
  if (hung.length > 0) console.log(`hung: ${hung.join(', ')}`);
}
process.exit(ok ? 0 : 1);
