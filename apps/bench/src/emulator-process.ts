import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { API_KEY } from './scenarios/measure.js';

export interface EmulatorProcess {
  url: string;
  pid: number;
  stop(): Promise<void>;
}

/** The emulator's CLI from the workspace package (`@anyint/emulator`'s `bin`). */
export function defaultEmulatorBin(): string {
  const require = createRequire(import.meta.url);
  return join(dirname(require.resolve('@anyint/emulator/package.json')), 'bin', 'anyint-emulator.mjs');
}

/**
 * Starts the emulator in its own process on loopback, in its cheap benchmark mode (precomputed
 * vectors), so its CPU is not counted as the client's and the figures measure the clients.
 */
export async function startEmulatorProcess(bin: string, latencyMs: number): Promise<EmulatorProcess> {
  // E3 --big moves 1 GiB, over OpenAI's 512 MiB file limit the emulator keeps by default.
  const maxFileBytes = String(2 * 1024 ** 3);
  const args = [bin, '--host', '127.0.0.1', '--port', '0', '--precomputed', '--api-key', API_KEY];
  args.push('--max-file-bytes', maxFileBytes);
  if (latencyMs > 0) args.push('--latency-ms', String(latencyMs));
  const child: ChildProcess = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`emulator did not start in 30 s:\n${output}`)), 30_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      // The shell line the emulator prints for scripts, not the sentence for people.
      const match = /^export ANYINT_BASE_URL=(\S+)$/m.exec(output);
      if (match?.[1]) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`emulator exited with code ${code}:\n${output}`));
    });
  });
  // Keep draining its output so a chatty emulator never blocks on a full pipe.
  child.stdout?.resume();
  child.stderr?.resume();
  return {
    url,
    pid: child.pid ?? -1,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = once(child, 'exit');
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
      await exited;
      clearTimeout(timer);
    },
  };
}
