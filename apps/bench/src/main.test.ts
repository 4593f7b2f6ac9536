import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { unbuiltWorkspaceDependencies } from './build-check.js';
import { BENCH_DIR } from './child.js';

const run = promisify(execFile);
const ROOT = join(BENCH_DIR, '..', '..');
const temporary: string[] = [];
afterAll(() => Promise.all(temporary.map((dir) => rm(dir, { recursive: true, force: true }))));

async function tempDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'anyint-bench-test-'));
  temporary.push(dir);
  return dir;
}

const committed = () =>
  Promise.all(['latest.json', 'latest.md'].map((name) => readFile(join(BENCH_DIR, 'results', name), 'utf8')));

describe('bench results', () => {
  it('a run writes to the folder given (default results/local), never the committed results without --save', async () => {
    const before = await committed();
    const out = await tempDir();
    const { stderr } = await run(
      process.execPath,
      ['--import', 'tsx', 'src/main.ts', '--only', 'E5', '--out', out],
      { cwd: BENCH_DIR },
    );
    const report = JSON.parse(await readFile(join(out, 'latest.json'), 'utf8')) as {
      bundles: { name: string; ok: boolean; gzipBytes?: number }[];
    };
    const client = report.bundles.find((bundle) => bundle.name === '@anyint/client');
    expect(client?.ok).toBe(true);
    expect(client?.gzipBytes).toBeGreaterThan(0);
    expect(await readFile(join(out, 'latest.md'), 'utf8')).toContain('E5');
    expect(stderr).toContain('--save also updates the committed results');
    expect(await committed()).toEqual(before);
  });

  it('the default results folder is git-ignored, the committed results are tracked', async () => {
    const ignored = await run('git', ['check-ignore', '-q', 'results/local/latest.json'], { cwd: BENCH_DIR });
    expect(ignored.stderr).toBe('');
    const tracked = await run('git', ['ls-files', 'results'], { cwd: BENCH_DIR });
    expect(tracked.stdout.trim().split('\n').sort()).toEqual(['results/latest.json', 'results/latest.md']);
  });

  it('the root `pnpm bench` builds our packages before it runs', async () => {
    const manifest = JSON.parse(await readFile(join(ROOT, 'package.json'), 'utf8')) as {
      scripts: Record<string, string>;
    };
    const [build, bench] = (manifest.scripts.bench ?? '').split('&&').map((part) => part.trim());
    expect(build).toMatch(/^turbo run build --filter=@anyint\/bench\^\.\.\./);
    expect(bench).toBe('pnpm --filter @anyint/bench bench');
  });
});

describe('unbuiltWorkspaceDependencies', () => {
  it('names the workspace dependencies that have no dist, and only those', async () => {
    const app = await tempDir();
    const dependencies = { '@x/built': 'workspace:*', '@x/unbuilt': 'workspace:^', zod: '4.0.0' };
    await writeFile(join(app, 'package.json'), JSON.stringify({ dependencies }));
    for (const name of ['built', 'unbuilt']) {
      const dir = join(app, 'packages', name);
      await mkdir(join(dir, 'src'), { recursive: true });
      await mkdir(join(app, 'node_modules', '@x'), { recursive: true });
      await symlink(dir, join(app, 'node_modules', '@x', name));
    }
    await mkdir(join(app, 'packages', 'built', 'dist'));
    await writeFile(join(app, 'packages', 'built', 'dist', 'index.mjs'), 'export {};\n');
    await mkdir(join(app, 'packages', 'unbuilt', 'dist'));
    expect(await unbuiltWorkspaceDependencies(app)).toEqual(['@x/unbuilt']);
  });

  it('is empty for the bench itself once the workspace is built (as turbo does before this test)', async () => {
    expect(await unbuiltWorkspaceDependencies(BENCH_DIR)).toEqual([]);
  });
});
