import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { type Measurement, RESULT_PREFIX } from './scenarios/measure.js';

export const BENCH_DIR = join(import.meta.dirname, '..');

export interface ChildOptions {
  /** Extra Node flags, e.g. `--cpu-prof`. */
  nodeFlags?: string[];
  timeoutMs?: number;
}

/** Runs one scenario file for one contender in a fresh Node process and returns its measurement. */
export async function runScenario(
  file: string,
  args: string[],
  { nodeFlags = [], timeoutMs = 300_000 }: ChildOptions = {},
): Promise<Measurement> {
  const child = spawn(
    process.execPath,
    [...nodeFlags, '--import', 'tsx', join('src', 'scenarios', file), ...args],
    {
      cwd: BENCH_DIR,
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => {
    stdout += chunk.toString();
  });
  child.stderr.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
  const code = await new Promise<number | null>((resolve) => child.once('close', resolve));
  clearTimeout(timer);
  const line = stdout.split('\n').find((text) => text.startsWith(RESULT_PREFIX));
  if (code !== 0 || !line) {
    throw new Error(
      `${file} ${args.join(' ')} failed (exit ${code}):\n${stderr.slice(-2000)}${stdout.slice(-500)}`,
    );
  }
  return JSON.parse(line.slice(RESULT_PREFIX.length)) as Measurement;
}
