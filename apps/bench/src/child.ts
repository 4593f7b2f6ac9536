import { spawn } from 'node:child_process';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { build } from 'esbuild';
import { type Measurement, RESULT_PREFIX } from './scenarios/measure.js';

export const BENCH_DIR = join(import.meta.dirname, '..');
const BUILD_DIR = join(BENCH_DIR, 'dist', 'scenarios');
let prebuilt = false;

/**
 * Compiles the scenario files to plain JS once (packages stay external, resolved from
 * node_modules as usual), so children start without a TypeScript loader: less startup and less noise.
 */
export async function prebuildScenarios(): Promise<void> {
  const sources = (await readdir(join(BENCH_DIR, 'src', 'scenarios'))).filter(
    (name) => name.endsWith('.ts') && name !== 'measure.ts',
  );
  await build({
    entryPoints: sources.map((name) => join(BENCH_DIR, 'src', 'scenarios', name)),
    outdir: BUILD_DIR,
    outExtension: { '.js': '.mjs' },
    bundle: true,
    packages: 'external',
    format: 'esm',
    platform: 'node',
    target: 'node20',
    logLevel: 'warning',
  });
  prebuilt = true;
}

/** `node <flags> <scenario>`: the prebuilt JS when there is one, else the TypeScript through tsx. */
function scenarioCommand(file: string): string[] {
  return prebuilt
    ? [join(BUILD_DIR, file.replace(/\.ts$/, '.mjs'))]
    : ['--import', 'tsx', join('src', 'scenarios', file)];
}

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
  const child = spawn(process.execPath, [...nodeFlags, ...scenarioCommand(file), ...args], {
    cwd: BENCH_DIR,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
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
