import { type ParseArgsConfig, parseArgs } from 'node:util';
import { type AnyInt, DEFAULT_BASE_URL } from '@anyint/client';
import { connect } from '@anyint/client/adapter-kit';
import { UsageError } from './errors.js';
import type { Env, Output } from './output.js';

export type OptionSpec = NonNullable<ParseArgsConfig['options']>;
export type OptionValues = Record<string, string | boolean | (string | boolean)[] | undefined>;

/** Options every command takes. */
export const GLOBAL_OPTIONS = {
  'base-url': { type: 'string' },
  'api-key': { type: 'string' },
  timeout: { type: 'string' },
  'max-retries': { type: 'string' },
  verbose: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} satisfies OptionSpec;

export const GLOBAL_HELP = `Global options:
  --base-url <url>      gateway URL (default: ANYINT_BASE_URL, else ${DEFAULT_BASE_URL})
  --api-key <key>       API key (default: ANYINT_API_KEY; prefer the variable, flags show in \`ps\`)
  --timeout <seconds>   deadline of each request attempt (default 60, 600 for media and files)
  --max-retries <n>     retries of a failed request (default 2)
  --verbose             error details (status, code, request id, server body, stack)
  -h, --help            help for the command`;

export interface Stdin extends AsyncIterable<Uint8Array | string> {
  isTTY?: boolean | undefined;
}

export interface CommandContext {
  output: Output;
  env: Env;
  stdin: Stdin;
  /** Aborted on Ctrl-C: commands stop, clean up and exit 130. */
  signal: AbortSignal;
  verbose: boolean;
  /** --base-url, else ANYINT_BASE_URL, else the gateway. */
  baseURL: string;
  /**
   * A client for --api-key / ANYINT_API_KEY; a missing key is a usage error. `--timeout` and
   * `--max-retries` win over the command's own defaults given here.
   */
  client(options?: { maxRetries?: number; timeout?: number }): AnyInt;
}

export interface ParsedArgs {
  values: OptionValues;
  positionals: string[];
}

export interface Command {
  name: string;
  /** One line for `anyint --help`. */
  summary: string;
  /** The full `anyint <name> --help` text, examples included. */
  help: string;
  options: OptionSpec;
  run(context: CommandContext, args: ParsedArgs): Promise<number>;
  /** For a command whose options live in an optional package: the full command, once loaded. */
  load?(): Promise<Command>;
}

/** node:util parseArgs, with its errors turned into one-line usage errors. */
export function parseCommandLine(argv: string[], options: OptionSpec): ParsedArgs {
  try {
    const { values, positionals } = parseArgs({
      args: argv,
      options: { ...GLOBAL_OPTIONS, ...options },
      allowPositionals: true,
      strict: true,
    });
    return { values: values as OptionValues, positionals };
  } catch (error) {
    if (error instanceof TypeError && 'code' in error && String(error.code).startsWith('ERR_PARSE_ARGS')) {
      // parseArgs explains itself in a sentence or two; the first line is enough.
      const first = error.message.split('\n')[0] ?? error.message;
      throw new UsageError(first.replace(/\. To specify a positional argument.*$/, '.'));
    }
    throw error;
  }
}

export function createContext(
  values: OptionValues,
  base: Omit<CommandContext, 'baseURL' | 'client' | 'verbose'>,
): CommandContext {
  const flagKey = stringOption(values, 'api-key');
  const apiKey = flagKey ?? (base.env.ANYINT_API_KEY?.trim() || undefined);
  base.output.addSecret(apiKey);
  const baseURL = (
    stringOption(values, 'base-url') ??
    (base.env.ANYINT_BASE_URL?.trim() || undefined) ??
    DEFAULT_BASE_URL
  ).replace(/\/+$/, '');
  if (!/^https?:\/\//i.test(baseURL)) {
    throw new UsageError(`--base-url must be an http(s) URL, got '${baseURL}'.`);
  }
  const flags = connectionFlags(values);
  return {
    ...base,
    verbose: values.verbose === true,
    baseURL,
    client(options = {}) {
      if (!apiKey) {
        throw new UsageError(
          'No API key.',
          'Set ANYINT_API_KEY or pass --api-key (for a local `anyint emulator`, the key it was started with, or any key if it has none).',
        );
      }
      return connect({ apiKey, baseURL, ...options, ...flags }, { adapter: 'anyint' }).client;
    },
  };
}

/** `--timeout` (seconds, as `check --timeout`) and `--max-retries`, as the client's connection options. */
function connectionFlags(values: OptionValues): { timeout?: number; maxRetries?: number } {
  const flags: { timeout?: number; maxRetries?: number } = {};
  const timeout = stringOption(values, 'timeout');
  if (timeout !== undefined) {
    const seconds = Number(timeout);
    if (!(timeout.trim() !== '' && Number.isFinite(seconds) && seconds > 0)) {
      throw new UsageError(`--timeout must be a positive number of seconds, got '${timeout}'.`);
    }
    flags.timeout = Math.round(seconds * 1000);
  }
  const maxRetries = integerOption(values, 'max-retries', { min: 0, max: 100 });
  if (maxRetries !== undefined) flags.maxRetries = maxRetries;
  return flags;
}

export function stringOption(values: OptionValues, name: string): string | undefined {
  const value = values[name];
  if (Array.isArray(value)) return value.length ? String(value[value.length - 1]) : undefined;
  return typeof value === 'string' ? value : undefined;
}

/** A repeatable option whose values may also be comma-separated: `--model a --model b,c`. */
export function listOption(values: OptionValues, name: string): string[] {
  const value = values[name];
  const items = Array.isArray(value) ? value : value === undefined ? [] : [value];
  return items
    .flatMap((item) => String(item).split(','))
    .map((item) => item.trim())
    .filter(Boolean);
}

export function integerOption(
  values: OptionValues,
  name: string,
  bounds: { min?: number; max?: number } = {},
): number | undefined {
  const text = stringOption(values, name);
  if (text === undefined) return undefined;
  const value = Number(text);
  const { min = 1, max = Number.MAX_SAFE_INTEGER } = bounds;
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new UsageError(
      `--${name} must be a whole number${max === Number.MAX_SAFE_INTEGER ? ` >= ${min}` : ` from ${min} to ${max}`}, got '${text}'.`,
    );
  }
  return value;
}

export function numberOption(values: OptionValues, name: string, min = 0): number | undefined {
  const text = stringOption(values, name);
  if (text === undefined) return undefined;
  const value = Number(text);
  if (!Number.isFinite(value) || value < min) {
    throw new UsageError(`--${name} must be a number >= ${min}, got '${text}'.`);
  }
  return value;
}

export function requireString(values: OptionValues, name: string, what: string): string {
  const value = stringOption(values, name);
  if (!value) throw new UsageError(`Missing --${name} <${what}>.`);
  return value;
}

/** `--help` text: usage, description, options, examples, then the global options. */
export function helpText(parts: {
  usage: string;
  description: string;
  options: string;
  examples: string;
}): string {
  return `Usage: ${parts.usage}

${parts.description}

Options:
${parts.options}

${GLOBAL_HELP}

Examples:
${parts.examples}
`;
}
