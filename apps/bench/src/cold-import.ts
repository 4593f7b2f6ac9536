import { spawn } from 'node:child_process';
import { BENCH_DIR } from './child.js';

export interface ImportSample {
  /** Wall time of the whole process, spawn to exit, ms. */
  wallMs: number;
  /** CPU of the whole process (user + system), ms. */
  cpuMs: number;
  maxRssMiB: number;
}

/** Imports `specifiers` in order in a fresh Node process (no loader hooks) and times the process. */
export async function coldImport(specifiers: readonly string[]): Promise<ImportSample> {
  const imports = specifiers.map((specifier) => `await import(${JSON.stringify(specifier)});`).join('');
  const report =
    'const c = process.cpuUsage();' +
    'process.stdout.write(JSON.stringify({ cpuMs: (c.user + c.system) / 1000, maxRssMiB: process.resourceUsage().maxRSS / 1024 }));';
  const started = performance.now();
  const child = spawn(process.execPath, ['--input-type=module', '-e', imports + report], {
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
  const code = await new Promise<number | null>((resolve) => child.once('close', resolve));
  const wallMs = performance.now() - started;
  if (code !== 0) throw new Error(`import ${specifiers.join(' + ')} failed:\n${stderr.slice(-2000)}`);
  const { cpuMs, maxRssMiB } = JSON.parse(stdout) as { cpuMs: number; maxRssMiB: number };
  return { wallMs, cpuMs, maxRssMiB };
}
