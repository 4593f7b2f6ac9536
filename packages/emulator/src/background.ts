import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import type { EmulatorOptions } from './options.js';
import { startEmulator } from './server.js';

/** Set for the child process that serves in the background; it reads its options from the parent. */
const BACKGROUND_ENV = 'ANYINT_EMULATOR_BACKGROUND';

export interface BackgroundEmulator {
  /** Base URL, e.g. `http://127.0.0.1:PORT/openai/v1`. */
  url: string;
  /** The key requests need: `options.apiKey`, or a random one made for this emulator. */
  apiKey: string;
  /** Process id of the emulator; `kill <pid>` (SIGTERM) stops it. */
  pid: number;
}

type Answer = { url: string } | { error: string; code?: string };

/**
 * Starts the emulator in a detached process of its own and resolves once it listens. Nothing ties it
 * to the caller (not stdout, not the terminal's Ctrl-C): that is what lets a shell read its exports
 * from `$(…)` and go on. Its output is discarded; it runs until sent SIGTERM (or SIGINT, SIGHUP).
 * Without `apiKey`, a random key is made and required, since the server outlives the shell that
 * started it.
 *
 * @example
 * const { url, apiKey, pid } = await startEmulatorInBackground({ port: 0 });
 * // ... later
 * process.kill(pid);
 */
export async function startEmulatorInBackground(options: EmulatorOptions = {}): Promise<BackgroundEmulator> {
  const apiKey = options.apiKey || `sk-emulator-${randomBytes(16).toString('hex')}`;
  // From src/ (tests) and dist/ (the package) alike, the bin is one folder up.
  const bin = fileURLToPath(new URL('../bin/anyint-emulator.mjs', import.meta.url));
  const child = spawn(process.execPath, [bin], {
    detached: true,
    stdio: ['ignore', 'ignore', 'ignore', 'ipc'],
    env: { ...process.env, [BACKGROUND_ENV]: '1' },
  });
  // Options go over the IPC channel, so the key is in neither `ps` nor the environment.
  child.send({ ...options, apiKey });
  const answer = await new Promise<Answer>((resolve, reject) => {
    child.once('message', (message) => resolve(message as Answer));
    child.once('error', reject);
    child.once('exit', (code, signal) =>
      reject(new Error(`The background emulator exited (${signal ?? `code ${code}`}) before it listened`)),
    );
  });
  child.removeAllListeners();
  if (child.connected) child.disconnect();
  child.unref();
  if ('error' in answer) {
    throw Object.assign(new Error(answer.error), answer.code ? { code: answer.code } : {});
  }
  return { url: answer.url, apiKey, pid: child.pid as number };
}

/** True in the process `startEmulatorInBackground` spawned. */
export function isBackgroundChild(): boolean {
  return process.env[BACKGROUND_ENV] === '1' && typeof process.send === 'function';
}

/** The child's side: options from the parent, the URL (or the failure) back, then serve until signalled. */
export async function serveForParent(): Promise<void> {
  const send = (answer: Answer) =>
    new Promise<void>((resolve) => process.send?.(answer, undefined, {}, () => resolve()));
  const options = await new Promise<EmulatorOptions>((resolve) =>
    process.once('message', (message) => resolve(message as EmulatorOptions)),
  );
  let emulator: Awaited<ReturnType<typeof startEmulator>>;
  try {
    emulator = await startEmulator(options);
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    await send({
      error: error instanceof Error ? error.message : String(error),
      ...(typeof code === 'string' ? { code } : {}),
    });
    process.exit(1);
  }
  await send({ url: emulator.url });
  process.disconnect();
  const stop = () => {
    emulator.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  for (const signal of ['SIGTERM', 'SIGINT', 'SIGHUP'] as const) process.once(signal, stop);
}

// Characters a POSIX shell reads literally outside quotes.
const SHELL_SAFE = /^[A-Za-z0-9_@%+=:,./-]+$/;

/** `export NAME=value` lines a POSIX shell can `eval`, values quoted where they need it. */
export function shellExports(values: Record<string, string | number | undefined>): string {
  return Object.entries(values)
    .filter((entry): entry is [string, string | number] => entry[1] !== undefined)
    .map(([name, value]) => {
      const text = String(value);
      return `export ${name}=${SHELL_SAFE.test(text) ? text : `'${text.replaceAll("'", `'\\''`)}'`}\n`;
    })
    .join('');
}
