import { setTimeout as sleep } from 'node:timers/promises';
import {
  type AnyInt,
  AnyIntError,
  APIError,
  baseURLProblem,
  JobFailedError,
  type RequestOptions,
  toFile,
  UnsupportedRouteError,
} from '@anyint/client';
import {
  type Command,
  type CommandContext,
  helpText,
  integerOption,
  listOption,
  type ParsedArgs,
} from '../command.js';
import { describeError, EXIT, UsageError } from '../errors.js';
import { type Column, formatBytes, formatMs, renderTable } from '../output.js';

export type ProbeRoute =
  | 'embeddings'
  | 'moderations'
  | 'images'
  | 'speech'
  | 'transcriptions'
  | 'translations'
  | 'files'
  | 'batches'
  | 'assistants'
  | 'threads'
  | 'videos';

export type ProbeResult = 'works' | 'unsupported' | 'error';

/** One line of the report; also the `--json` shape of each entry of `results`. */
export interface ProbeReport {
  route: ProbeRoute;
  /** `null` for `files`, which does not depend on a model. */
  model: string | null;
  result: ProbeResult;
  /** Time of the probe's requests, cleanup excluded. */
  latencyMs: number;
  /** What came back (`1024 dimensions`) or why it failed (`404 unsupported_route: …`). */
  reason: string;
  /** HTTP status of a failed probe, when the server answered. */
  status: number | null;
  /** The upstream's error code of a failed probe, when it sent one. */
  code: string | null;
}

/** The `--json` document. */
export interface CheckReport {
  ok: boolean;
  baseURL: string;
  results: ProbeReport[];
}

// Model-id families. The gateway passes requests through to upstreams, so the id is the only hint of
// which routes a model can have; an id that matches no media or embedding family is taken for a chat model.
const FAMILIES = {
  embedding: /embed|^bge-|^gte-|^e5-|^m3e|voyage/i,
  moderation: /moderation/i,
  image: /dall-e|gpt-image|image|^kling|flux|stable-diffusion|sdxl|imagen|seedream|cogview|wanx/i,
  speech: /tts|speech|cosyvoice|sambert/i,
  transcription: /whisper|transcribe|paraformer|sensevoice|asr/i,
  video: /sora|^kling|veo|video|^wan\d|^wan-|hailuo|seedance|runway|pika|luma/i,
};

function isChatModel(model: string): boolean {
  return !Object.values(FAMILIES).some((pattern) => pattern.test(model));
}

interface ProbeState {
  client: AnyInt;
  ask: RequestOptions;
  /** Cleanup runs even after Ctrl-C, with its own timeout. */
  cleanup: RequestOptions;
  timeoutMs: number;
  /** Speech from a `speech` probe of this run, reused by the transcription probes (else silence). */
  speech: Uint8Array | undefined;
  /** Things the probe created and could not delete. */
  leftovers: string[];
}

interface RouteSpec {
  name: ProbeRoute;
  /** Costly probes run only with --all-routes or when named with --route. */
  costly: boolean;
  /** `false` for routes that take no model: probed once per check. */
  perModel: boolean;
  fits(model: string): boolean;
  /** Returns a short description of the answer; throws when the route fails. */
  probe(state: ProbeState, model: string): Promise<string>;
}

const PROBE_TEXT = 'anyint check';
const BATCH_ENDED = new Set(['completed', 'failed', 'expired', 'cancelled']);
const FAILED_RUN = new Set(['failed', 'expired', 'cancelled']);

/** Creates, then deletes: `undo` runs even when `use` throws, and a failed delete is reported, not thrown. */
async function withCleanup<T>(
  state: ProbeState,
  created: T,
  describe: string,
  undo: (created: T) => Promise<unknown>,
  use: (created: T) => Promise<string>,
): Promise<string> {
  try {
    return await use(created);
  } finally {
    await undo(created).catch((error: unknown) => {
      state.leftovers.push(`${describe} (${error instanceof Error ? error.message : String(error)})`);
    });
  }
}

function batchLine(model: string): {
  endpoint: '/v1/embeddings' | '/v1/moderations' | '/v1/chat/completions';
  body: object;
} {
  if (FAMILIES.embedding.test(model))
    return { endpoint: '/v1/embeddings', body: { model, input: PROBE_TEXT } };
  if (FAMILIES.moderation.test(model))
    return { endpoint: '/v1/moderations', body: { model, input: PROBE_TEXT } };
  return {
    endpoint: '/v1/chat/completions',
    body: { model, messages: [{ role: 'user', content: 'Say OK.' }], max_tokens: 1 },
  };
}

async function probeAudio(state: ProbeState, model: string, task: 'transcriptions' | 'translations') {
  const audio = state.speech ?? silentWav(1);
  const file = await toFile(audio, 'anyint-check.wav', { type: 'audio/wav' });
  const params = { file, model };
  const result =
    task === 'transcriptions'
      ? await state.client.audio.transcriptions.create(params, state.ask)
      : await state.client.audio.translations.create(params, state.ask);
  const text = typeof result === 'string' ? result : ((result as { text?: unknown }).text ?? '');
  const shown = String(text).trim();
  return `text "${shown.length > 40 ? `${shown.slice(0, 40)}…` : shown}"${state.speech ? ' (from the speech probe)' : ''}`;
}

export const ROUTES: readonly RouteSpec[] = [
  {
    name: 'embeddings',
    costly: false,
    perModel: true,
    fits: (model) => FAMILIES.embedding.test(model),
    async probe(state, model) {
      const { data } = await state.client.embeddings.create({ model, input: PROBE_TEXT }, state.ask);
      return `${data[0]?.embedding.length ?? 0} dimensions`;
    },
  },
  {
    name: 'moderations',
    costly: false,
    perModel: true,
    fits: (model) => FAMILIES.moderation.test(model),
    async probe(state, model) {
      const { results } = await state.client.moderations.create({ model, input: PROBE_TEXT }, state.ask);
      return `flagged: ${results[0]?.flagged ?? 'n/a'}`;
    },
  },
  {
    name: 'images',
    costly: false,
    perModel: true,
    fits: (model) => FAMILIES.image.test(model),
    async probe(state, model) {
      // The smallest size each family accepts; dall-e-2 is the only one that goes below 1024.
      const size = /dall-e-2/i.test(model) ? '256x256' : '1024x1024';
      const { data } = await state.client.images.generate(
        { model, prompt: 'a small red dot on white', n: 1, size },
        state.ask,
      );
      const image = data[0];
      return `${data.length} image ${size} (${image?.b64_json ? 'b64_json' : 'url'})`;
    },
  },
  {
    name: 'speech',
    costly: false,
    perModel: true,
    fits: (model) => FAMILIES.speech.test(model),
    async probe(state, model) {
      const speech = await state.client.audio.speech.create(
        { model, input: 'hello', voice: 'alloy', response_format: 'wav' },
        state.ask,
      );
      const bytes = await speech.bytes();
      state.speech = bytes;
      return `${formatBytes(bytes.byteLength)} wav`;
    },
  },
  {
    name: 'transcriptions',
    costly: false,
    perModel: true,
    fits: (model) => FAMILIES.transcription.test(model),
    probe: (state, model) => probeAudio(state, model, 'transcriptions'),
  },
  {
    name: 'translations',
    costly: false,
    perModel: true,
    // Only Whisper translates; the gpt-4o transcribe models do not.
    fits: (model) => /whisper/i.test(model),
    probe: (state, model) => probeAudio(state, model, 'translations'),
  },
  {
    name: 'files',
    costly: true,
    perModel: false,
    fits: () => true,
    async probe(state) {
      const line = JSON.stringify({
        custom_id: 'anyint-check',
        method: 'POST',
        url: '/v1/embeddings',
        body: { model: 'text-embedding-3-small', input: PROBE_TEXT },
      });
      const file = await state.client.files.create(
        { file: await toFile(`${line}\n`, 'anyint-check.jsonl'), purpose: 'batch' },
        state.ask,
      );
      return withCleanup(
        state,
        file,
        `file ${file.id}`,
        (created) => state.client.files.delete(created.id, state.cleanup),
        async (created) => {
          const again = await state.client.files.retrieve(created.id, state.ask);
          return `uploaded ${formatBytes(again.bytes)}, retrieved and deleted`;
        },
      );
    },
  },
  {
    name: 'batches',
    costly: true,
    perModel: true,
    fits: (model) => FAMILIES.embedding.test(model) || FAMILIES.moderation.test(model) || isChatModel(model),
    async probe(state, model) {
      const { endpoint, body } = batchLine(model);
      const line = JSON.stringify({ custom_id: 'anyint-check-0', method: 'POST', url: endpoint, body });
      const input = await state.client.files.create(
        { file: await toFile(`${line}\n`, 'anyint-check-batch.jsonl'), purpose: 'batch' },
        state.ask,
      );
      return withCleanup(
        state,
        input,
        `file ${input.id}`,
        (created) => state.client.files.delete(created.id, state.cleanup),
        async (created) => {
          const batch = await state.client.batches.create(
            { input_file_id: created.id, endpoint, completion_window: '24h' },
            state.ask,
          );
          return withCleanup(
            state,
            batch,
            `batch ${batch.id}`,
            async (job) => {
              let final = await state.client.batches.retrieve(job.id, state.cleanup);
              if (!BATCH_ENDED.has(final.status) && final.status !== 'cancelling') {
                try {
                  final = await state.client.batches.cancel(job.id, state.cleanup);
                } catch {
                  // It may have moved on between the two requests (a finalizing batch cannot be
                  // cancelled, a finished one need not be): the wait below sees it end either way.
                  final = await state.client.batches.retrieve(job.id, state.cleanup);
                }
              }
              // A cancelled batch can still write its output and error files, so wait for it to end.
              const deadline = performance.now() + state.timeoutMs;
              for (let wait = 100; !BATCH_ENDED.has(final.status); wait = Math.min(wait * 2, 2000)) {
                if (performance.now() + wait > deadline) {
                  throw new Error(`still ${final.status} after ${Math.round(state.timeoutMs / 1000)} s`);
                }
                await sleep(wait);
                final = await state.client.batches.retrieve(job.id, state.cleanup);
              }
              for (const id of [final.output_file_id, final.error_file_id]) {
                if (id) await state.client.files.delete(id, state.cleanup);
              }
            },
            async (job) => `batch ${job.status} on ${endpoint}; cancelled, files deleted`,
          );
        },
      );
    },
  },
  {
    name: 'assistants',
    costly: true,
    perModel: true,
    fits: isChatModel,
    async probe(state, model) {
      const assistant = await state.client.assistants.create({ model, name: 'anyint check' }, state.ask);
      return withCleanup(
        state,
        assistant,
        `assistant ${assistant.id}`,
        (created) => state.client.assistants.delete(created.id, state.cleanup),
        async () => 'created and deleted an assistant',
      );
    },
  },
  {
    name: 'threads',
    costly: true,
    perModel: true,
    fits: isChatModel,
    async probe(state, model) {
      const { client } = state;
      const assistant = await client.assistants.create({ model, name: 'anyint check' }, state.ask);
      return withCleanup(
        state,
        assistant,
        `assistant ${assistant.id}`,
        (created) => client.assistants.delete(created.id, state.cleanup),
        async (created) => {
          const thread = await client.threads.create(
            { messages: [{ role: 'user', content: 'Say OK.' }] },
            state.ask,
          );
          return withCleanup(
            state,
            thread,
            `thread ${thread.id}`,
            (made) => client.threads.delete(made.id, state.cleanup),
            async (made) => {
              const runs = client.beta.threads.runs;
              const run = await runs.create(made.id, { assistant_id: created.id }, state.ask);
              try {
                // Polling returns a run in any final status, as openai@6's does; a run that did not finish fails the probe.
                const final = await runs.poll(
                  run.id,
                  { thread_id: made.id },
                  { ...state.ask, intervalMs: 250, timeoutMs: state.timeoutMs },
                );
                if (FAILED_RUN.has(final.status)) {
                  const reason = final.last_error?.message.replace(/[.\s]+$/, '');
                  throw new JobFailedError(
                    `Run ${final.id} ended ${final.status}${reason ? `: ${reason}` : ''}.`,
                    final.status,
                    final,
                  );
                }
                return `run ${final.status}`;
              } catch (error) {
                if (!JobFailedError.isInstance(error)) {
                  await runs.cancel(run.id, { thread_id: made.id }, state.cleanup).catch(() => undefined);
                }
                throw error;
              }
            },
          );
        },
      );
    },
  },
  {
    name: 'videos',
    costly: true,
    perModel: true,
    fits: (model) => FAMILIES.video.test(model),
    async probe(state, model) {
      // The shortest clip each family takes: Kling's 5 s, OpenAI's 4 s.
      const seconds = /kling/i.test(model) ? '5' : '4';
      const video = await state.client.videos.create(
        { model, prompt: 'a small red dot', seconds },
        state.ask,
      );
      return withCleanup(
        state,
        video,
        `video ${video.id}`,
        (created) => state.client.videos.delete(created.id, state.cleanup),
        async (created) => `video ${created.status}, ${seconds} s, then deleted`,
      );
    },
  },
];

const ROUTE_NAMES = ROUTES.map((route) => route.name);

/** A mono 16-bit PCM WAV of silence: a valid audio file when no speech probe ran. */
export function silentWav(seconds: number, sampleRate = 16_000): Uint8Array {
  const dataBytes = Math.round(seconds * sampleRate) * 2;
  const buffer = new ArrayBuffer(44 + dataBytes);
  const view = new DataView(buffer);
  const ascii = (offset: number, text: string) => {
    for (let i = 0; i < text.length; i++) view.setUint8(offset + i, text.charCodeAt(i));
  };
  ascii(0, 'RIFF');
  view.setUint32(4, 36 + dataBytes, true);
  ascii(8, 'WAVE');
  ascii(12, 'fmt ');
  view.setUint32(16, 16, true);
  view.setUint16(20, 1, true);
  view.setUint16(22, 1, true);
  view.setUint32(24, sampleRate, true);
  view.setUint32(28, sampleRate * 2, true);
  view.setUint16(32, 2, true);
  view.setUint16(34, 16, true);
  ascii(36, 'data');
  view.setUint32(40, dataBytes, true);
  return new Uint8Array(buffer);
}

export interface PlannedProbe {
  route: RouteSpec;
  model: string | null;
}

/**
 * Which probes to run: the named routes for every model, or else the routes that fit each model's id
 * (the costly ones only with --all-routes). Runs in route order so speech comes before transcriptions.
 */
export function planProbes(
  models: string[],
  routes: ProbeRoute[],
  allRoutes: boolean,
): { probes: PlannedProbe[]; notes: string[] } {
  const notes: string[] = [];
  const probes: PlannedProbe[] = [];
  for (const route of ROUTES) {
    const named = routes.includes(route.name);
    if (routes.length > 0 && !named) continue;
    if (!route.perModel) {
      if (named || (allRoutes && models.some((model) => route.fits(model))))
        probes.push({ route, model: null });
      continue;
    }
    for (const model of models) {
      if (named || (route.fits(model) && (allRoutes || !route.costly))) probes.push({ route, model });
    }
  }
  if (routes.length === 0) {
    for (const model of models) {
      if (probes.some((probe) => probe.model === model)) continue;
      const costly = ROUTES.filter((route) => route.perModel && route.costly && route.fits(model)).map(
        (route) => route.name,
      );
      notes.push(
        `No quick route fits model '${model}' by its id${costly.length ? `; routes that cost more: ${costly.join(', ')} (add --all-routes)` : ''}. Name routes with --route.`,
      );
    }
  }
  return { probes, notes };
}

function errorBodyMessage(error: APIError): string | undefined {
  const body = error.body as { error?: { message?: unknown } } | undefined;
  const message = body && typeof body === 'object' ? body.error?.message : undefined;
  return typeof message === 'string' && message ? message : undefined;
}

function failureOf(error: unknown): Pick<ProbeReport, 'result' | 'reason' | 'status' | 'code'> {
  if (APIError.isInstance(error)) {
    const code = error.code ?? null;
    const message = errorBodyMessage(error) ?? error.message;
    return {
      result: UnsupportedRouteError.isInstance(error) ? 'unsupported' : 'error',
      reason: `${error.status}${code ? ` ${code}` : ''}: ${message}`.replace(/\s+/g, ' '),
      status: error.status,
      code,
    };
  }
  const message = error instanceof Error ? error.message : String(error);
  const name = AnyIntError.isInstance(error) ? `${(error as Error).name}: ` : '';
  return { result: 'error', reason: `${name}${message}`.replace(/\s+/g, ' '), status: null, code: null };
}

async function runProbe(
  state: ProbeState,
  planned: PlannedProbe,
): Promise<{ report: ProbeReport; error: unknown }> {
  const started = performance.now();
  state.leftovers = [];
  let report: Pick<ProbeReport, 'result' | 'reason' | 'status' | 'code'>;
  let failure: unknown;
  try {
    const detail = await planned.route.probe(state, planned.model ?? '');
    report = { result: 'works', reason: detail, status: null, code: null };
  } catch (error) {
    if (state.ask.signal?.aborted) throw error;
    failure = error;
    report = failureOf(error);
    if (planned.route.name === 'speech') state.speech = undefined;
  }
  const latencyMs = Math.round(performance.now() - started);
  if (state.leftovers.length > 0) report.reason += `; left on the server: ${state.leftovers.join(', ')}`;
  return {
    report: {
      route: planned.route.name,
      model: planned.model,
      result: report.result,
      latencyMs,
      reason: report.reason,
      status: report.status,
      code: report.code,
    },
    error: failure,
  };
}

const OPTIONS = {
  model: { type: 'string', short: 'm', multiple: true },
  route: { type: 'string', short: 'r', multiple: true },
  'all-routes': { type: 'boolean' },
  json: { type: 'boolean' },
  timeout: { type: 'string' },
} as const;

async function run(context: CommandContext, { values, positionals }: ParsedArgs): Promise<number> {
  const models = [...new Set([...listOption(values, 'model'), ...positionals])];
  if (models.length === 0) throw new UsageError('Name at least one model: --model <id>.');
  const routes = listOption(values, 'route') as ProbeRoute[];
  for (const route of routes) {
    if (!ROUTE_NAMES.includes(route)) {
      throw new UsageError(`Unknown route '${route}'.`, `Routes: ${ROUTE_NAMES.join(', ')}.`);
    }
  }
  const timeoutMs = (integerOption(values, 'timeout', { min: 1, max: 3600 }) ?? 60) * 1000;
  const { probes, notes } = planProbes(models, routes, values['all-routes'] === true);
  const { output } = context;
  for (const note of notes) output.message(`${output.errorColor.yellow('note:')} ${note}`);
  if (probes.length === 0) throw new UsageError('Nothing to probe.', 'Pass --route <name> or --all-routes.');

  // One retry at most: a probe should report what the route does, not hide it behind backoff.
  const client = context.client({ maxRetries: 1, timeout: timeoutMs });
  const state: ProbeState = {
    client,
    ask: { signal: context.signal, timeout: timeoutMs },
    cleanup: { timeout: 30_000 },
    timeoutMs,
    speech: undefined,
    leftovers: [],
  };
  const results: ProbeReport[] = [];
  const failures: unknown[] = [];
  const json = values.json === true;
  for (const planned of probes) {
    if (!json && output.stderrIsTTY) {
      output.stderr.write(`\r\x1b[2Kprobing ${planned.route.name} for ${planned.model ?? 'the account'}…`);
    }
    const { report, error } = await runProbe(state, planned);
    results.push(report);
    if (error !== undefined) failures.push(error);
  }
  if (!json && output.stderrIsTTY) output.stderr.write('\r\x1b[2K');

  const ok = results.every((report) => report.result === 'works');
  if (json) {
    const report: CheckReport = { ok, baseURL: context.baseURL, results };
    await output.json(report);
  } else {
    const { color } = output;
    const columns: Column<ProbeReport>[] = [
      { header: 'route', value: (row) => row.route },
      { header: 'model', value: (row) => row.model ?? '(any)' },
      {
        header: 'result',
        value: (row) => row.result,
        paint: (row, cell) =>
          row.result === 'works'
            ? color.green(cell)
            : row.result === 'unsupported'
              ? color.yellow(cell)
              : color.red(cell),
      },
      { header: 'latency', value: (row) => formatMs(row.latencyMs), align: 'right' },
      { header: 'reason', value: (row) => row.reason },
    ];
    await output.line(renderTable(results, columns, color));
  }
  // Errors that are not about a route (a wrong key, an unreachable gateway, no quota) get their hint once.
  const hints = new Set<string>();
  for (const error of failures) {
    if (UnsupportedRouteError.isInstance(error) || !AnyIntError.isInstance(error)) continue;
    const { hint } = describeError(error, { command: 'check', verbose: false, baseURL: context.baseURL });
    if (hint && !APIError.isInstance(error)) hints.add(hint);
    else if (hint && APIError.isInstance(error) && [401, 403, 429].includes(error.status)) hints.add(hint);
  }
  // A 404 from a base URL without the gateway's prefix explains every failed probe: say so once.
  const wrongBase = failures.some((error) => APIError.isInstance(error) && error.status === 404)
    ? baseURLProblem(context.baseURL)
    : undefined;
  if (wrongBase) hints.add(`${wrongBase}.`);
  for (const hint of hints) output.message(`${output.errorColor.dim('hint:')} ${hint}`);
  if (!ok) {
    const failed = results.filter((report) => report.result !== 'works').length;
    output.message(`${failed} of ${results.length} probes did not work.`);
  }
  return ok ? EXIT.ok : EXIT.failure;
}

export const checkCommand: Command = {
  name: 'check',
  summary: 'probe which routes work for one or more models',
  options: OPTIONS,
  run,
  help: helpText({
    usage: 'anyint check --model <id> [--model <id> ...] [--route <name> ...] [--all-routes] [--json]',
    description: `Sends the cheapest valid request on each route that fits a model and prints a table:
route | model | result (works, unsupported, error) | latency | reason. Exits 1 when any probe
does not work. Everything a probe creates (files, batches, assistants, threads, videos) is deleted or
cancelled again.

Which routes fit a model is read from its id: embed/bge/gte/e5/voyage -> embeddings; moderation ->
moderations; dall-e/gpt-image/image/kling/flux/sd/imagen/seedream/cogview/wanx -> images; tts/speech ->
speech; whisper/transcribe/asr/paraformer/sensevoice -> transcriptions (whisper also translations);
sora/kling/veo/video/wan/hailuo/seedance/runway -> videos; any other id is taken for a chat model ->
assistants, threads, batches (embedding and moderation models also fit batches). files fits any model
and is probed once. videos, batches, assistants, threads and files cost more and run only with
--all-routes or when named with --route; a named route is probed whatever the model id says.

Routes: ${ROUTE_NAMES.join(', ')}.`,
    options: `  -m, --model <id>      model to check (repeatable, or comma-separated; positionals work too)
  -r, --route <name>    probe exactly these routes (repeatable, or comma-separated)
  --all-routes          also the costly routes that fit (videos, batches, assistants, threads, files)
  --json                print {"ok", "baseURL", "results": [{route, model, result, latencyMs,
                        reason, status, code}]} instead of the table
  --timeout <seconds>   per request and per job probe (default 60)`,
    examples: `  anyint check --model text-embedding-v4 --model kling-v3-omni --model whisper-1
  anyint check --all-routes --model kling-v3 --json > report.json
  anyint check -m gpt-4o-mini -r assistants,threads
  ANYINT_BASE_URL=http://127.0.0.1:8787/openai/v1 ANYINT_API_KEY=test anyint check -m tts-1 -m whisper-1`,
  }),
};
