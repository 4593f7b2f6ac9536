import { readFile } from 'node:fs/promises';
import {
  type EmulatorOptions,
  type FaultKind,
  type FaultSpec,
  type ModelConfig,
  type PersonalityName,
  startEmulator,
} from '@anyint/emulator';
import {
  type Command,
  type CommandContext,
  helpText,
  integerOption,
  numberOption,
  type OptionValues,
  type ParsedArgs,
  stringOption,
} from '../command.js';
import { CliError, EXIT, UsageError } from '../errors.js';

// The emulator's own CLI parser (src/cli-args.ts) is not part of its public API, so this is a thin
// equivalent over `startEmulator`'s options, with the two it lacks (--models, --time-scale).
const PERSONALITIES: readonly PersonalityName[] = ['openai', 'litellm', 'kling'];
const FAULT_KINDS: readonly FaultKind[] = ['status', 'reset', 'delay', 'truncate', 'malformed', 'stall'];

/** `429:0.1,reset:0.02` -> a 429 at rate 0.1 and a connection reset at rate 0.02; no rate means always. A JSON array is taken as is. */
export function parseFaults(text: string): FaultSpec[] {
  if (text.trim().startsWith('[')) {
    const parsed = parseJSON(text, '--faults') as FaultSpec[];
    if (!Array.isArray(parsed)) throw new UsageError('--faults JSON must be an array of fault objects.');
    return parsed;
  }
  return text
    .split(',')
    .map((item) => item.trim())
    .filter(Boolean)
    .map((item) => {
      const [what = '', rateText, extra] = item.split(':');
      if (extra !== undefined) throw new UsageError(`Bad fault '${item}': use <status|kind>[:rate].`);
      const rate = rateText === undefined ? undefined : Number(rateText);
      if (rate !== undefined && !(rate >= 0 && rate <= 1)) {
        throw new UsageError(`Fault rate must be between 0 and 1 in '${item}'.`);
      }
      const rateField = rate === undefined ? {} : { rate };
      if (/^\d{3}$/.test(what))
        return { kind: 'status', status: Number(what), ...rateField } satisfies FaultSpec;
      const kind = FAULT_KINDS.find((name) => name === what);
      if (!kind) {
        throw new UsageError(
          `Unknown fault '${what}' in '${item}'.`,
          `Use an HTTP status (429, 500, 503, …) or one of ${FAULT_KINDS.join(', ')}.`,
        );
      }
      return { kind, ...rateField } satisfies FaultSpec;
    });
}

function parseJSON(text: string, flag: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new UsageError(
      `${flag} is not valid JSON: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
}

/** `--models '{"m": {"disabledRoutes": ["embeddings"]}}'` or `--models @models.json`. */
async function parseModels(text: string): Promise<Record<string, ModelConfig>> {
  let json = text;
  if (text.startsWith('@')) {
    try {
      json = await readFile(text.slice(1), 'utf8');
    } catch (error) {
      throw new UsageError(
        `Cannot read --models file '${text.slice(1)}': ${error instanceof Error ? error.message : String(error)}`,
      );
    }
  }
  const models = parseJSON(json, '--models');
  if (typeof models !== 'object' || models === null || Array.isArray(models)) {
    throw new UsageError('--models must be a JSON object: {"<model id>": {"disabledRoutes": [...], ...}}.');
  }
  return models as Record<string, ModelConfig>;
}

/** The command line as `startEmulator` options. */
export async function emulatorOptions(values: OptionValues): Promise<EmulatorOptions> {
  const options: EmulatorOptions = {
    port: integerOption(values, 'port', { min: 0, max: 65_535 }) ?? 8787,
    host: stringOption(values, 'host') ?? '127.0.0.1',
  };
  const apiKey = stringOption(values, 'api-key');
  if (apiKey) options.apiKey = apiKey;
  const seed = integerOption(values, 'seed', { min: 0 });
  if (seed !== undefined) options.seed = seed;
  const personality = stringOption(values, 'personality');
  if (personality !== undefined) {
    if (!PERSONALITIES.includes(personality as PersonalityName)) {
      throw new UsageError(`--personality must be one of ${PERSONALITIES.join(', ')}, got '${personality}'.`);
    }
    options.personality = personality as PersonalityName;
  }
  const models = stringOption(values, 'models');
  if (models !== undefined) options.models = await parseModels(models);
  const faults = stringOption(values, 'faults');
  if (faults !== undefined) options.faults = parseFaults(faults);
  const latencyMs = integerOption(values, 'latency-ms', { min: 0 });
  if (latencyMs !== undefined) options.latencyMs = latencyMs;
  const timeScale = numberOption(values, 'time-scale', Number.MIN_VALUE);
  if (timeScale !== undefined) options.timeScale = timeScale;
  if (values.precomputed === true) options.precomputed = true;
  return options;
}

async function run(context: CommandContext, { values, positionals }: ParsedArgs): Promise<number> {
  if (positionals.length > 0) throw new UsageError(`Unexpected argument '${positionals[0]}'.`);
  const options = await emulatorOptions(values);
  let emulator: Awaited<ReturnType<typeof startEmulator>>;
  try {
    emulator = await startEmulator(options);
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    if (code === 'EADDRINUSE') {
      throw new CliError(`Port ${options.port} on ${options.host} is already in use.`, {
        hint: 'Pass another --port, or --port 0 for a free one.',
        cause: error,
      });
    }
    if (error instanceof TypeError) throw new UsageError(error.message);
    throw error;
  }
  const { output } = context;
  output.message(
    `AnyInt emulator listening on ${emulator.url} (personality ${options.personality ?? 'openai'}, seed ${options.seed ?? 1}); Ctrl-C stops it.`,
  );
  if (options.apiKey) output.message('Requests need Authorization: Bearer <the --api-key value>.');
  else output.message('No --api-key: any key is accepted.');
  await output.line(`export ANYINT_BASE_URL=${emulator.url}`);
  if (!context.signal.aborted) {
    await new Promise<void>((resolve) =>
      context.signal.addEventListener('abort', () => resolve(), { once: true }),
    );
  }
  await emulator.close();
  output.message(`Emulator stopped after ${emulator.requests.length} requests.`);
  return EXIT.ok;
}

export const emulatorCommand: Command = {
  name: 'emulator',
  summary: 'run a local AnyInt gateway (the emulator) for tests and demos',
  options: {
    port: { type: 'string', short: 'p' },
    host: { type: 'string' },
    seed: { type: 'string' },
    personality: { type: 'string' },
    models: { type: 'string' },
    faults: { type: 'string' },
    'latency-ms': { type: 'string' },
    'time-scale': { type: 'string' },
    precomputed: { type: 'boolean' },
  },
  run,
  help: helpText({
    usage: 'anyint emulator [--port 8787] [--personality openai|litellm|kling] [--faults <list>] [...]',
    description: `Starts @anyint/emulator, a local stand-in for the gateway over real HTTP, and runs until Ctrl-C.
Prints \`export ANYINT_BASE_URL=<url>\` on stdout, so \`eval "$(anyint emulator ... &)"\` style setups work;
messages go to stderr.`,
    options: `  -p, --port <n>          TCP port (default 8787; 0 picks a free one)
  --host <addr>           interface (default 127.0.0.1)
  --api-key <key>         require "Authorization: Bearer <key>" (otherwise any key works)
  --seed <n>              seed for fault rates, shuffles and ids (default 1)
  --personality <name>    ${PERSONALITIES.join(' | ')} (default openai)
  --models <json|@file>   per model id: {"<id>": {"personality", "disabledRoutes": [...], "maxInputs",
                          "dimensions"}}
  --faults <list|json>    e.g. 429:0.1,503:0.05,reset:0.02 (HTTP status or ${FAULT_KINDS.join('/')}, ':' rate);
                          or a JSON array of fault objects ({kind, route, model, status, rate, count, ...})
  --latency-ms <n>        added before every answer
  --time-scale <x>        speed up batches and videos (e.g. 100)
  --precomputed           cache embedding vectors (benchmarks)`,
    examples: `  anyint emulator --port 8787 --personality litellm --faults 429:0.1,reset:0.02 --seed 7
  anyint emulator --port 0 --models '{"text-embedding-v4": {"maxInputs": 10, "disabledRoutes": ["images"]}}'
  anyint emulator --api-key test --time-scale 50`,
  }),
};
