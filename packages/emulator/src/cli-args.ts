import { parseArgs } from 'node:util';
import { resolveCorsOrigins } from './cors.js';
import type { EmulatorOptions, FaultSpec, PersonalityName } from './options.js';
import { FAULT_KINDS, PERSONALITIES } from './options.js';

export const USAGE = `Usage: anyint-emulator [options]

  --port <n>            TCP port (default 8787; 0 picks a free one)
  --host <addr>         interface (default 127.0.0.1)
  --api-key <key>       require "Authorization: Bearer <key>"
  --seed <n>            seed for fault rates and other randomness
  --personality <name>  ${PERSONALITIES.join(' | ')} (default openai)
  --faults <list>       e.g. 429:0.1,503:0.05,reset:0.02,delay:0.1 (status or kind : rate)
  --latency-ms <n>      added before each answer
  --precomputed         cache embedding vectors (for benchmarks)
  --max-file-bytes <n>  largest upload POST /files accepts (default 536870912, OpenAI's 512 MiB)
  --cors-origin <list>  origins whose pages may call it, comma-separated (default *, any origin)
  -h, --help            show this help`;

function integer(name: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < 0)
    throw new Error(`--${name} must be a non-negative integer, got '${value}'`);
  return parsed;
}

/** `429:0.1,reset:0.02` -> status 429 at rate 0.1, reset at rate 0.02. A missing rate means always. */
export function parseFaults(list: string): FaultSpec[] {
  return list
    .split(',')
    .map((item) => item.trim())
    .filter(Boolean)
    .map((item) => {
      const [what = '', rateText] = item.split(':');
      const rate = rateText === undefined ? undefined : Number(rateText);
      if (rate !== undefined && !(rate >= 0 && rate <= 1)) {
        throw new Error(`Fault rate must be between 0 and 1 in '${item}'`);
      }
      const rateField = rate === undefined ? {} : { rate };
      if (/^\d{3}$/.test(what))
        return { kind: 'status', status: Number(what), ...rateField } satisfies FaultSpec;
      const kind = FAULT_KINDS.find((name) => name === what);
      if (!kind)
        throw new Error(
          `Unknown fault '${what}' in '${item}'; use a status code or ${FAULT_KINDS.join(', ')}`,
        );
      return { kind, ...rateField } satisfies FaultSpec;
    });
}

export type CliCommand = { help: true } | { help: false; options: EmulatorOptions };

export function parseCliArgs(argv: string[]): CliCommand {
  const { values } = parseArgs({
    args: argv,
    strict: true,
    options: {
      port: { type: 'string' },
      host: { type: 'string' },
      'api-key': { type: 'string' },
      seed: { type: 'string' },
      personality: { type: 'string' },
      faults: { type: 'string' },
      'latency-ms': { type: 'string' },
      precomputed: { type: 'boolean' },
      'max-file-bytes': { type: 'string' },
      'cors-origin': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) return { help: true };
  const personality = values.personality;
  if (personality !== undefined && !PERSONALITIES.includes(personality as PersonalityName)) {
    throw new Error(`--personality must be one of ${PERSONALITIES.join(', ')}, got '${personality}'`);
  }
  const options: EmulatorOptions = {
    port: integer('port', values.port) ?? 8787,
    host: values.host ?? '127.0.0.1',
  };
  if (values['api-key']) options.apiKey = values['api-key'];
  const seed = integer('seed', values.seed);
  if (seed !== undefined) options.seed = seed;
  if (personality !== undefined) options.personality = personality as PersonalityName;
  if (values.faults) options.faults = parseFaults(values.faults);
  const latencyMs = integer('latency-ms', values['latency-ms']);
  if (latencyMs !== undefined) options.latencyMs = latencyMs;
  if (values.precomputed) options.precomputed = true;
  const maxFileBytes = integer('max-file-bytes', values['max-file-bytes']);
  if (maxFileBytes !== undefined) options.maxFileBytes = maxFileBytes;
  if (values['cors-origin'] !== undefined) {
    const origins = values['cors-origin'].split(',').map((origin) => origin.trim());
    options.corsOrigin = resolveCorsOrigins(origins, '--cors-origin');
  }
  return { help: false, options };
}
