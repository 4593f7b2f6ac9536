import {
  AnyIntError,
  AnyIntValidationError,
  APIConnectionError,
  APIError,
  APITimeoutError,
  APIUserAbortError,
  AuthenticationError,
  InsufficientQuotaError,
  InvalidResponseError,
  JobFailedError,
  PermissionDeniedError,
  RateLimitError,
  UnsupportedRouteError,
} from '@anyint/client';
import type { Output } from './output.js';

/** Exit codes of the `anyint` command. */
export const EXIT = {
  ok: 0,
  /** The gateway said no, a probe failed, a job failed, the network failed. */
  failure: 1,
  /** The command line is wrong: unknown command or flag, a missing argument, an unreadable input file. */
  usage: 2,
  /** Stopped by Ctrl-C (128 + SIGINT). */
  interrupted: 130,
} as const;

/** A wrong command line: printed as one line with a hint, exit code 2. */
export class UsageError extends Error {
  override name = 'UsageError';
  readonly hint: string | undefined;

  constructor(message: string, hint?: string) {
    super(message);
    this.hint = hint;
  }
}

/** An expected failure the CLI itself detects (not from the client), with its hint and exit code. */
export class CliError extends Error {
  override name = 'CliError';
  readonly hint: string | undefined;
  readonly exitCode: number;

  constructor(message: string, options: { hint?: string; exitCode?: number; cause?: unknown } = {}) {
    super(message, { cause: options.cause });
    this.hint = options.hint;
    this.exitCode = options.exitCode ?? EXIT.failure;
  }
}

export interface ErrorContext {
  /** The command that failed, for "see `anyint <command> --help`". */
  command: string | undefined;
  verbose: boolean;
  baseURL: string | undefined;
}

interface Described {
  message: string;
  hint: string | undefined;
  exitCode: number;
  /** Not one of the errors a user can cause: the hint asks for a bug report. */
  unexpected: boolean;
}

const PATH_CODES = new Set(['ENOENT', 'EACCES', 'EISDIR', 'ENOTDIR', 'EPERM', 'EEXIST', 'EROFS']);

function systemCode(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const { code, syscall } = error as { code?: unknown; syscall?: unknown };
  return typeof code === 'string' && typeof syscall === 'string' ? code : undefined;
}

function isAbort(error: unknown): boolean {
  return (
    APIUserAbortError.isInstance(error) ||
    (error instanceof Error && (error.name === 'AbortError' || systemCode(error) === 'ABORT_ERR'))
  );
}

/** The one place that turns an error into what the user reads and the exit code. */
export function describeError(error: unknown, context: ErrorContext): Described {
  const helpHint = context.command
    ? `Run \`anyint ${context.command} --help\` for usage and examples.`
    : 'Run `anyint --help` for the list of commands.';
  const where = context.baseURL ? ` at ${context.baseURL}` : '';
  const described = (message: string, hint: string | undefined, exitCode: number = EXIT.failure) => ({
    message,
    hint,
    exitCode,
    unexpected: false,
  });

  if (error instanceof UsageError) return described(error.message, error.hint ?? helpHint, EXIT.usage);
  if (error instanceof CliError) return described(error.message, error.hint, error.exitCode);
  if (isAbort(error)) return described('Interrupted.', undefined, EXIT.interrupted);

  if (AnyIntValidationError.isInstance(error)) {
    return described(error.message, error.field === 'apiKey' ? undefined : helpHint, EXIT.usage);
  }
  // The client's message already says how to check the route (one wording, in the client).
  if (UnsupportedRouteError.isInstance(error)) return described(error.message, undefined);
  if (AuthenticationError.isInstance(error) || PermissionDeniedError.isInstance(error)) {
    return described(
      error.message,
      `The gateway${where} refused the API key: check --api-key or ANYINT_API_KEY.`,
    );
  }
  if (InsufficientQuotaError.isInstance(error)) {
    return described(error.message, 'The account has no quota or balance left; retrying will not help.');
  }
  if (RateLimitError.isInstance(error)) {
    const after =
      error.retryAfterMs === undefined
        ? ''
        : ` (the server asked for ${Math.ceil(error.retryAfterMs / 1000)} s)`;
    return described(error.message, `Rate limited after the client's retries; try again later${after}.`);
  }
  if (APITimeoutError.isInstance(error)) {
    return described(error.message, `The gateway${where} did not answer in time.`);
  }
  if (APIConnectionError.isInstance(error)) {
    return described(
      error.message,
      `Could not talk to the gateway${where}: check --base-url or ANYINT_BASE_URL and the network.`,
    );
  }
  if (InvalidResponseError.isInstance(error)) {
    return described(
      error.message,
      'The upstream answered with an unexpected body; --verbose shows details.',
    );
  }
  if (JobFailedError.isInstance(error) || APIError.isInstance(error) || AnyIntError.isInstance(error)) {
    return described(error.message, undefined);
  }
  const code = systemCode(error);
  if (code !== undefined && error instanceof Error) {
    return described(error.message, undefined, PATH_CODES.has(code) ? EXIT.usage : EXIT.failure);
  }
  const message = error instanceof Error ? error.message : String(error);
  return {
    message: `Unexpected error: ${message}`,
    hint: context.verbose ? undefined : 'This may be a bug in anyint; rerun with --verbose for details.',
    exitCode: EXIT.failure,
    unexpected: true,
  };
}

function oneLine(text: string): string {
  return text.replace(/\s*\n\s*/g, ' ').trim();
}

/** Details for `--verbose`: the error's fields, the server's body, the causes and the stack. */
function details(error: unknown): string[] {
  const lines: string[] = [];
  let current: unknown = error;
  for (let depth = 0; current !== undefined && current !== null && depth < 5; depth++) {
    if (depth > 0) lines.push('caused by:');
    if (current instanceof Error) {
      const fields = AnyIntError.isInstance(current) ? current.toJSON() : { name: current.name };
      const code = systemCode(current);
      if (code) fields.code = code;
      for (const [key, value] of Object.entries(fields)) {
        if (value !== undefined && key !== 'message') lines.push(`  ${key}: ${String(value)}`);
      }
      if (APIError.isInstance(current) && current.body !== undefined) {
        const body = typeof current.body === 'string' ? current.body : JSON.stringify(current.body);
        lines.push(`  body: ${body.length > 2000 ? `${body.slice(0, 2000)}…` : body}`);
      }
      if (current.stack) lines.push(...current.stack.split('\n').map((line) => `  ${line}`));
      current = current.cause;
    } else {
      lines.push(`  ${String(current)}`);
      current = undefined;
    }
  }
  return lines;
}

/** The `--json` form of a failure on stdout. */
export interface ErrorDocument {
  error: {
    /** The error's class name (`UsageError`, `AuthenticationError`, …) or a system code (`ENOENT`). */
    type: string;
    message: string;
    hint: string | null;
    /** HTTP status and upstream error code of a gateway answer, else null. */
    status: number | null;
    code: string | null;
  };
}

function errorType(error: unknown): string {
  if (isAbort(error)) return 'Interrupted';
  return systemCode(error) ?? (error instanceof Error ? error.name : 'Error');
}

export function errorDocument(error: unknown, context: ErrorContext): ErrorDocument {
  const { message, hint } = describeError(error, context);
  const api = APIError.isInstance(error) ? error : undefined;
  return {
    error: {
      type: errorType(error),
      message: oneLine(message),
      hint: hint ?? null,
      status: api?.status ?? null,
      code: api?.code ?? null,
    },
  };
}

/**
 * Prints an error to stderr (one line, a hint, and details with `--verbose`) and returns the exit
 * code. With `json`, stdout also gets the error as a JSON document, so a script reading `--json`
 * output always finds JSON there.
 */
export async function reportError(
  error: unknown,
  output: Output,
  context: ErrorContext & { json?: boolean },
): Promise<number> {
  const { message, hint, exitCode } = describeError(error, context);
  const color = output.errorColor;
  output.message(`${color.red('error:')} ${oneLine(message)}`);
  if (hint) output.message(`${color.dim('hint:')} ${hint}`);
  if (context.verbose) for (const line of details(error)) output.message(color.dim(line));
  if (context.json) await output.json(errorDocument(error, context));
  return exitCode;
}
