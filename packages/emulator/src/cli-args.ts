import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { resolveCorsOrigins } from './cors.js';
import type { EmulatorOptions, FaultSpec, ModelConfig, PersonalityName } from './options.js';
import { FAULT_KINDS, PERSONALITIES } from './options.js';
import type { RateLimitStyle } from './rate-limits.js';
import { RATE_LIMIT_STYLES } from './rate-limits.js';

/** A command-line value the emulator cannot use; the message names the flag and what it expects. */
export class EmulatorFlagError extends TypeError {
  override name = 'EmulatorFlagError';
}

type FlagValues = Record<string, string | boolean | (string | boolean)[] | undefined>;

/** One command-line flag of the emulator, shared by `anyint-emulator` and `anyint emulator`. */
export interface EmulatorFlag {
  /** Long name without the dashes, e.g. `'port'`. */
  name: string;
  short?: string;
  type: 'string' | 'boolean';
  /** The value's placeholder in the help, e.g. `'<n>'`. */
  value?: string;
  /** Help text; a line break continues it under the first line. */
  help: string;
  /** Writes the flag's value into the options; absent for flags that choose how the command runs. */
  apply?(options: EmulatorOptions, value: string | true): void | Promise<void>;
}

function integer(name: string, value: string, min = 0): number {
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < min || value.trim() === '') {
    throw new EmulatorFlagError(`--${name} must be a whole number >= ${min}, got '${value}'`);
  }
  return parsed;
}

function positive(name: string, value: string): number {
  const parsed = Number(value);
  if (!Number.isFinite(parsed) || parsed <= 0 || value.trim() === '') {
    throw new EmulatorFlagError(`--${name} must be a number > 0, got '${value}'`);
  }
  return parsed;
}

function parseJSON(text: string, flag: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new EmulatorFlagError(
      `--${flag} is not valid JSON: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
}

/** `--models '{"m": {...}}'` or `--models @models.json`. */
async function jsonArgument(text: string, flag: string): Promise<unknown> {
  if (!text.startsWith('@')) return parseJSON(text, flag);
  const path = text.slice(1);
  try {
    return parseJSON(await readFile(path, 'utf8'), flag);
  } catch (error) {
    if (error instanceof EmulatorFlagError) throw error;
    throw new EmulatorFlagError(
      `Cannot read --${flag} file '${path}': ${error instanceof Error ? error.message : String(error)}`,
    );
  }
}

/**
 * `429:0.1,reset:0.02` -> status 429 at rate 0.1, reset at rate 0.02; a missing rate means always.
 * A JSON array (`[{"kind": "stall", "route": "threads"}]`) is taken as the fault objects themselves.
 */
export function parseFaults(list: string): FaultSpec[] {
  if (list.trim().startsWith('[')) {
    const faults = parseJSON(list, 'faults');
    if (!Array.isArray(faults))
      throw new EmulatorFlagError('--faults JSON must be an array of fault objects');
    return faults as FaultSpec[];
  }
  return list
    .split(',')
    .map((item) => item.trim())
    .filter(Boolean)
    .map((item) => {
      const [what = '', rateText, extra] = item.split(':');
      if (extra !== undefined) throw new EmulatorFlagError(`Bad fault '${item}': use <status|kind>[:rate]`);
      const rate = rateText === undefined ? undefined : Number(rateText);
      if (rate !== undefined && !(rate >= 0 && rate <= 1)) {
        throw new EmulatorFlagError(`Fault rate must be between 0 and 1 in '${item}'`);
      }
      const rateField = rate === undefined ? {} : { rate };
      if (/^\d{3}$/.test(what))
        return { kind: 'status', status: Number(what), ...rateField } satisfies FaultSpec;
      const kind = FAULT_KINDS.find((name) => name === what);
      if (!kind) {
        throw new EmulatorFlagError(
          `Unknown fault '${what}' in '${item}'; use an HTTP status (429, 500, 503, …) or ${FAULT_KINDS.join(', ')}`,
        );
      }
      return { kind, ...rateField } satisfies FaultSpec;
    });
}

/** The one table of the emulator's flags: both commands parse, apply and document these. */
export const EMULATOR_FLAGS: readonly EmulatorFlag[] = [
  {
    name: 'port',
    short: 'p',
    type: 'string',
    value: '<n>',
    help: 'TCP port (default 8787; 0 picks a free one)',
    apply(options, value) {
      const port = integer('port', String(value));
      if (port > 65_535) throw new EmulatorFlagError(`--port must be at most 65535, got '${value}'`);
      options.port = port;
    },
  },
  {
    name: 'host',
    type: 'string',
    value: '<addr>',
    help: 'interface (default 127.0.0.1)',
    apply(options, value) {
      options.host = String(value);
    },
  },
  {
    name: 'api-key',
    type: 'string',
    value: '<key>',
    help: 'require "Authorization: Bearer <key>" (otherwise any key works)',
    apply(options, value) {
      if (value) options.apiKey = String(value);
    },
  },
  {
    name: 'seed',
    type: 'string',
    value: '<n>',
    help: 'seed for fault rates, shuffles and ids (default 1)',
    apply(options, value) {
      options.seed = integer('seed', String(value));
    },
  },
  {
    name: 'personality',
    type: 'string',
    value: '<name>',
    help: `${PERSONALITIES.join(' | ')} (default openai)`,
    apply(options, value) {
      if (!PERSONALITIES.includes(value as PersonalityName)) {
        throw new EmulatorFlagError(
          `--personality must be one of ${PERSONALITIES.join(', ')}, got '${value}'`,
        );
      }
      options.personality = value as PersonalityName;
    },
  },
  {
    name: 'models',
    type: 'string',
    value: '<json|@file>',
    help: 'per model id: {"<id>": {"personality", "disabledRoutes": [...], "maxInputs",\n"dimensions", "encodings", "jobFields", "rateLimits"}}',
    async apply(options, value) {
      const models = await jsonArgument(String(value), 'models');
      if (typeof models !== 'object' || models === null || Array.isArray(models)) {
        throw new EmulatorFlagError(
          '--models must be a JSON object: {"<model id>": {"disabledRoutes": [...], ...}}',
        );
      }
      options.models = models as Record<string, ModelConfig>;
    },
  },
  {
    name: 'known-models',
    type: 'string',
    value: '<ids>',
    help: 'the only model ids that exist (comma-separated, plus those of --models); any other\nis answered as OpenAI does: 404 model_not_found',
    apply(options, value) {
      const ids = String(value)
        .split(',')
        .map((id) => id.trim())
        .filter(Boolean);
      if (ids.length === 0) throw new EmulatorFlagError('--known-models needs at least one model id');
      options.knownModels = ids;
    },
  },
  {
    name: 'faults',
    type: 'string',
    value: '<list|json>',
    help: `e.g. 429:0.1,503:0.05,reset:0.02 (HTTP status or ${FAULT_KINDS.join('/')}, ':' rate);\nor a JSON array of fault objects ({kind, route, model, status, rate, count, ...})`,
    apply(options, value) {
      options.faults = parseFaults(String(value));
    },
  },
  {
    name: 'latency-ms',
    type: 'string',
    value: '<n>',
    help: 'added before every answer',
    apply(options, value) {
      options.latencyMs = integer('latency-ms', String(value));
    },
  },
  {
    name: 'time-scale',
    type: 'string',
    value: '<x>',
    help: 'speed up batches and videos (e.g. 100)',
    apply(options, value) {
      const scale = Number(value);
      if (!Number.isFinite(scale) || scale <= 0) {
        throw new EmulatorFlagError(`--time-scale must be a number > 0, got '${value}'`);
      }
      options.timeScale = scale;
    },
  },
  {
    name: 'precomputed',
    type: 'boolean',
    help: 'cache embedding vectors (benchmarks)',
    apply(options) {
      options.precomputed = true;
    },
  },
  {
    name: 'presigned-downloads',
    type: 'boolean',
    help: 'serve images and video content from a second port through S3-style presigned URLs',
    apply(options) {
      options.presignedDownloads = true;
    },
  },
  {
    name: 'max-file-bytes',
    type: 'string',
    value: '<n>',
    help: "largest upload POST /files accepts (default 536870912, OpenAI's 512 MiB)",
    apply(options, value) {
      options.maxFileBytes = integer('max-file-bytes', String(value), 1);
    },
  },
  {
    name: 'cors-origin',
    type: 'string',
    value: '<list>',
    help: 'origins whose pages may call it, comma-separated (default *, any origin)',
    apply(options, value) {
      try {
        options.corsOrigin = resolveCorsOrigins(
          String(value)
            .split(',')
            .map((origin) => origin.trim())
            .filter(Boolean),
          '--cors-origin',
        );
      } catch (error) {
        throw new EmulatorFlagError(error instanceof Error ? error.message : String(error));
      }
    },
  },
  {
    name: 'rpm',
    type: 'string',
    value: '<n>',
    help: 'requests per minute per API key and model (429 rate_limit_exceeded above it)',
    apply(options, value) {
      options.rateLimits = { ...options.rateLimits, rpm: positive('rpm', String(value)) };
    },
  },
  {
    name: 'tpm',
    type: 'string',
    value: '<n>',
    help: 'tokens per minute per API key and model, counted as usage counts them',
    apply(options, value) {
      options.rateLimits = { ...options.rateLimits, tpm: positive('tpm', String(value)) };
    },
  },
  {
    name: 'burst-seconds',
    type: 'string',
    value: '<s>',
    help: 'seconds of the --rpm/--tpm rate a client may send at once (default 60)',
    apply(options, value) {
      options.rateLimits = { ...options.rateLimits, burstSeconds: positive('burst-seconds', String(value)) };
    },
  },
  {
    name: 'rate-limit-style',
    type: 'string',
    value: '<style>',
    help: `how limits are reported: ${RATE_LIMIT_STYLES.join(' | ')} (default openai:\nx-ratelimit-* headers; azure: remaining counts, retry-after-ms; none: bare 429s;\nerror-200: a 200 whose body is the rate-limit error)`,
    apply(options, value) {
      if (!RATE_LIMIT_STYLES.includes(value as RateLimitStyle)) {
        throw new EmulatorFlagError(
          `--rate-limit-style must be one of ${RATE_LIMIT_STYLES.join(', ')}, got '${value}'`,
        );
      }
      options.rateLimits = { ...options.rateLimits, style: value as RateLimitStyle };
    },
  },
  {
    name: 'background',
    type: 'boolean',
    help: 'start in the background and print shell exports of ANYINT_BASE_URL, ANYINT_API_KEY\n(a random key unless --api-key) and ANYINT_EMULATOR_PID, then exit',
  },
];

/** The flags as `node:util` `parseArgs` options (help not included). */
export function emulatorParseOptions(): Record<string, { type: 'string' | 'boolean'; short?: string }> {
  return Object.fromEntries(
    EMULATOR_FLAGS.map((flag) => [
      flag.name,
      flag.short ? { type: flag.type, short: flag.short } : { type: flag.type },
    ]),
  );
}

/**
 * The flags' lines of a `--help` text, two spaces in, descriptions in one column; `extra` rows
 * (a command's own flags, such as `-h, --help`) are aligned with them.
 */
export function emulatorFlagsHelp(extra: readonly { label: string; help: string }[] = []): string {
  const rows = [
    ...EMULATOR_FLAGS.map((flag) => ({
      label: `${flag.short ? `-${flag.short}, ` : ''}--${flag.name}${flag.value ? ` ${flag.value}` : ''}`,
      help: flag.help,
    })),
    ...extra,
  ];
  const width = Math.max(...rows.map((row) => row.label.length)) + 2;
  return rows
    .map((row) =>
      row.help
        .split('\n')
        .map((line, j) => `  ${(j === 0 ? row.label : '').padEnd(width)}${line}`)
        .join('\n'),
    )
    .join('\n');
}

/** Parsed flag values (from `parseArgs` with `emulatorParseOptions()`) as `startEmulator` options. */
export async function emulatorOptionsFromFlags(values: FlagValues): Promise<EmulatorOptions> {
  const options: EmulatorOptions = { port: 8787, host: '127.0.0.1' };
  for (const flag of EMULATOR_FLAGS) {
    const raw = values[flag.name];
    const value = Array.isArray(raw) ? raw[raw.length - 1] : raw;
    if (value === undefined || value === false || !flag.apply) continue;
    await flag.apply(options, value);
  }
  return options;
}

export type CliCommand = { help: true } | { help: false; background: boolean; options: EmulatorOptions };

/** `anyint-emulator`'s arguments; unknown flags and bad values throw, naming the flag. */
export async function parseCliArgs(argv: string[]): Promise<CliCommand> {
  let values: FlagValues;
  try {
    ({ values } = parseArgs({
      args: argv,
      strict: true,
      options: { ...emulatorParseOptions(), help: { type: 'boolean', short: 'h' } },
    }));
  } catch (error) {
    throw new EmulatorFlagError(error instanceof Error ? error.message : String(error));
  }
  if (values.help) return { help: true };
  return {
    help: false,
    background: values.background === true,
    options: await emulatorOptionsFromFlags(values),
  };
}

export const USAGE = `Usage: anyint-emulator [options]

A local AnyInt gateway over real HTTP, until Ctrl-C. Prints \`export ANYINT_BASE_URL=…\` on stdout
(and ANYINT_API_KEY when --api-key is given); messages go to stderr.

${emulatorFlagsHelp([{ label: '-h, --help', help: 'show this help' }])}

In the background (its output is discarded; stop it with \`kill "$ANYINT_EMULATOR_PID"\`):
  eval "$(anyint-emulator --port 0 --background)"
`;
