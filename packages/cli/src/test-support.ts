import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { type Emulator, type EmulatorOptions, startEmulator } from '@anyint/emulator';
import { afterAll, beforeAll, beforeEach } from 'vitest';
import { runCli } from './run-cli.js';

/** A stdout or stderr that keeps what is written; `isTTY` to see what a terminal would. */
export class Capture {
  readonly chunks: (string | Uint8Array)[] = [];
  readonly isTTY: boolean;
  readonly columns = 100;
  #onWrite: ((text: string) => void) | undefined;

  constructor(isTTY = false, onWrite?: (text: string) => void) {
    this.isTTY = isTTY;
    this.#onWrite = onWrite;
  }

  write(chunk: string | Uint8Array): boolean {
    this.chunks.push(chunk);
    this.#onWrite?.(typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString());
    return true;
  }

  get text(): string {
    return this.chunks
      .map((chunk) => (typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString()))
      .join('');
  }
}

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

export interface RunOptions {
  env?: Record<string, string | undefined>;
  stdin?: string;
  signal?: AbortSignal;
  tty?: boolean;
  onStderr?: (text: string) => void;
}

/** Runs the CLI in-process with captured output. */
export async function run(argv: string[], options: RunOptions = {}): Promise<CliRun> {
  const stdout = new Capture(options.tty);
  const stderr = new Capture(options.tty, options.onStderr);
  const stdin = Object.assign(
    Readable.from(options.stdin === undefined ? [] : [Buffer.from(options.stdin)]),
    {
      isTTY: options.stdin === undefined,
    },
  );
  const code = await runCli(argv, { stdout, stderr, stdin, env: options.env ?? {}, signal: options.signal });
  return { code, stdout: stdout.text, stderr: stderr.text };
}

export interface TestEmulator {
  emulator: Emulator;
  apiKey: string;
  /** ANYINT_BASE_URL and ANYINT_API_KEY for this emulator. */
  env: Record<string, string>;
  /** A fresh folder, removed after the file's tests. */
  dir: string;
}

/** One emulator per test file on 127.0.0.1:0 with a random key, reset before each test. */
export function useEmulator(options: EmulatorOptions = {}): TestEmulator {
  const apiKey = `sk-cli-test-${randomBytes(12).toString('hex')}`;
  const context = { apiKey } as TestEmulator;
  beforeAll(async () => {
    context.emulator = await startEmulator({ apiKey, seed: 1, timeScale: 1000, ...options });
    context.env = { ANYINT_BASE_URL: context.emulator.url, ANYINT_API_KEY: apiKey };
    context.dir = await mkdtemp(join(tmpdir(), 'anyint-cli-'));
  });
  beforeEach(() => context.emulator.reset());
  afterAll(async () => {
    await context.emulator?.close();
    if (context.dir) await rm(context.dir, { recursive: true, force: true });
  });
  return context;
}

/** No stack trace: a line like "    at foo (file.js:1:2)". */
export const STACK_LINE = /^\s+at .+[:(]/m;
