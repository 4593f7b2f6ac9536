import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';

const DEMO_DIR = join(import.meta.dirname, '..');
const run = promisify(execFile);
const temporary: string[] = [];
afterAll(() => Promise.all(temporary.map((dir) => rm(dir, { recursive: true, force: true }))));

/** The demo as a user runs it: its own Node process, with only the environment given here. */
async function demo(args: string[], env: Record<string, string>) {
  const base = Object.fromEntries(
    Object.entries(process.env).filter(([name]) => !name.startsWith('ANYINT_') && name !== 'INIT_CWD'),
  );
  try {
    const { stdout, stderr } = await run(process.execPath, ['--import', 'tsx', 'src/main.ts', ...args], {
      cwd: DEMO_DIR,
      env: { ...base, ...env },
      maxBuffer: 16 * 1024 * 1024,
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const { code, stdout, stderr } = error as { code: number; stdout: string; stderr: string };
    return { code, stdout, stderr };
  }
}

/** A loopback port nothing listens on: bound by the OS, then released. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe('demo', () => {
  it('with ANYINT_API_KEY set and the gateway unreachable, says so in one line and how to use the emulator', async () => {
    const key = `sk-test-${randomBytes(12).toString('hex')}`;
    const baseURL = `http://127.0.0.1:${await closedPort()}/openai/v1`;
    const { code, stdout, stderr } = await demo([], { ANYINT_API_KEY: key, ANYINT_BASE_URL: baseURL });
    const lines = `${stdout}${stderr}`.split('\n').filter((line) => line.trim() !== '');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain(`cannot reach the AnyInt gateway at ${baseURL}`);
    expect(lines[0]).toContain('pnpm demo --emulator');
    expect(lines[0]).not.toContain(key);
    expect(code).toBe(2);
  });

  it('on the emulator: every step passes, progress lines name their step, media land in --out', async () => {
    const out = await mkdtemp(join(tmpdir(), 'anyint-demo-test-'));
    temporary.push(out);
    const { code, stdout, stderr } = await demo(['--emulator', '--out', out], {});
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const lines = stdout.split('\n');
    const results = lines.filter((line) => /^ {2}[✓✗] /.test(line));
    expect(results.length).toBeGreaterThan(30);
    expect(results.filter((line) => line.startsWith('  ✗'))).toEqual([]);

    // A progress line is indented deeper than a result and starts with the name of the step it
    // belongs to, whose result line comes after it.
    const progress = lines.flatMap((line, i) => (/^ {4}\S/.test(line) ? [i] : []));
    expect(progress.length).toBeGreaterThan(3);
    for (const i of progress) {
      const result = lines.slice(i + 1).find((line) => /^ {2}[✓✗] /.test(line)) ?? '';
      const step = result.slice(4).replace(/ \(\d+ ms\):.*$/, '');
      expect(lines[i]).toMatch(new RegExp(`^ {4}${step.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} … \\S`));
    }

    // Every media file the output names exists in the folder given, and each kind is there.
    const named = [...stdout.matchAll(new RegExp(`${out}/[\\w.-]+`, 'g'))].map(([path]) => path);
    for (const path of named) expect(existsSync(path), path).toBe(true);
    const files = await readdir(out);
    for (const extension of ['.png', '.wav', '.mp4']) {
      expect(named.some((path) => path.endsWith(extension))).toBe(true);
      expect(files.some((name) => name.endsWith(extension))).toBe(true);
    }
    expect(named.filter((path) => /image[^/]*\.png$/.test(path)).length).toBeGreaterThanOrEqual(2);
    expect(stdout).toContain(`Images, audio and videos are in ${out}`);
  }, 180_000);

  it('the default output folder is git-ignored', async () => {
    const { stderr } = await run('git', ['check-ignore', '-q', 'out/fox.png'], { cwd: DEMO_DIR });
    expect(stderr).toBe('');
  });
});
