import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { BENCH_DIR } from './child.js';

export const MEASURED_PACKAGES = [
  '@anyint/client',
  '@anyint/emulator',
  '@anyint/langchain',
  '@anyint/ai-sdk-provider',
  '@anyint/llamaindex',
  'openai',
  '@langchain/openai',
  '@langchain/core',
  'ai',
  '@ai-sdk/openai',
  'llamaindex',
  '@llamaindex/openai',
  'undici',
  'esbuild',
] as const;

export interface MachineInfo {
  cpuModel: string;
  cores: number;
  memoryGiB: number;
  os: string;
  node: string;
  /** 1-minute load average when the run started and ended: a shared machine's noise, in one number. */
  loadAverage: { start: number; end?: number };
  gitCommit: string;
  packages: Record<string, string>;
}

export function machineInfo(): MachineInfo {
  const packages: Record<string, string> = {};
  for (const name of MEASURED_PACKAGES) {
    try {
      const manifest = JSON.parse(
        readFileSync(join(BENCH_DIR, 'node_modules', name, 'package.json'), 'utf8'),
      ) as {
        version: string;
      };
      packages[name] = manifest.version;
    } catch {
      packages[name] = 'missing';
    }
  }
  let gitCommit = 'unknown';
  try {
    gitCommit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], {
      cwd: BENCH_DIR,
      encoding: 'utf8',
    }).trim();
    const dirty = execFileSync('git', ['status', '--porcelain', '--', '../../packages'], {
      cwd: BENCH_DIR,
      encoding: 'utf8',
    }).trim();
    if (dirty) gitCommit += ' (packages/ has uncommitted changes)';
  } catch {
    // Not a git checkout: the package versions still identify the code.
  }
  return {
    cpuModel: os.cpus()[0]?.model ?? 'unknown',
    cores: os.cpus().length,
    memoryGiB: Math.round((os.totalmem() / 1024 ** 3) * 10) / 10,
    os: `${os.type()} ${os.release()} ${os.arch()}`,
    node: process.version,
    loadAverage: { start: os.loadavg()[0] ?? 0 },
    gitCommit,
    packages,
  };
}
