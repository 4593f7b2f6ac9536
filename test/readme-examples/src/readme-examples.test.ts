import { randomBytes } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AnyInt } from '@anyint/client';
import { type Emulator, startEmulator } from '@anyint/emulator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CompiledExample, compileExamples, ROOT, runExample } from './check.js';
import { type Example, extractExamples, importedPackages, installedPackages } from './extract.js';

/** Every README a user reads: the root's, each package's and each app's. */
async function readmes(): Promise<string[]> {
  const found = ['README.md'];
  for (const parent of ['packages', 'apps']) {
    for (const entry of await readdir(join(ROOT, parent), { withFileTypes: true })) {
      const path = `${parent}/${entry.name}/README.md`;
      if (entry.isDirectory() && (await readFile(join(ROOT, path)).catch(() => undefined))) found.push(path);
    }
  }
  return found;
}

const markdown = new Map<string, string>();
for (const path of await readmes()) markdown.set(path, await readFile(join(ROOT, path), 'utf8'));
const examples: Example[] = [...markdown].flatMap(([path, text]) => extractExamples(path, text));
const checked = examples.filter((example) => example.skip === undefined);

const apiKey = `sk-readme-${randomBytes(12).toString('hex')}`;
let emulator: Emulator;
let compiled: CompiledExample[] = [];
const temporary: string[] = [];

beforeAll(async () => {
  // Videos and batches finish in moments; the blocks poll with their defaults.
  [emulator, compiled] = await Promise.all([
    startEmulator({ apiKey, port: 0, host: '127.0.0.1', timeScale: 200 }),
    compileExamples(checked),
  ]);
}, 180_000);
afterAll(async () => {
  await emulator?.close();
  await Promise.all(temporary.map((dir) => rm(dir, { recursive: true, force: true })));
});

/** Files a runnable block reads, made by the emulator: speech for `.wav`, embedding lines for `.jsonl`. */
async function makeFiles(dir: string, names: string[]) {
  const client = new AnyInt({ apiKey, baseURL: emulator.url });
  for (const name of names) {
    const path = join(dir, name);
    if (name.endsWith('.wav')) {
      const speech = await client.audio.speech.create({
        model: 'tts-1',
        input: 'Our refund policy: refunds are paid within five days. Shipping takes two weeks.',
        voice: 'alloy',
        response_format: 'wav',
      });
      await speech.writeToFile(path);
    } else if (name.endsWith('.jsonl')) {
      const lines = ['billing', 'shipping', 'refunds'].map((input, i) =>
        JSON.stringify({
          custom_id: `doc-${i}`,
          method: 'POST',
          url: '/v1/embeddings',
          body: { model: 'text-embedding-v4', input },
        }),
      );
      await writeFile(path, `${lines.join('\n')}\n`);
    } else {
      throw new Error(`no generator for ${name} (known: .wav, .jsonl)`);
    }
  }
}

describe('README TypeScript blocks', () => {
  it('are found, and each one is checked or excluded with a reason', () => {
    // Guards the check itself: a parser that found nothing would pass every test below.
    expect(checked.length).toBeGreaterThanOrEqual(7);
    expect(checked.filter((example) => example.run).length).toBeGreaterThanOrEqual(4);
    for (const example of examples)
      if (example.skip !== undefined) expect(example.skip.length).toBeGreaterThan(10);
  });

  for (const example of checked) {
    const name = `${example.readme}:${example.line}`;
    it(`${name} type-checks with the project's strict settings`, () => {
      const result = compiled.find((entry) => entry.example === example);
      expect(result?.errors).toEqual([]);
    });
    if (example.run) {
      it(`${name} runs against the emulator`, async () => {
        const result = compiled.find((entry) => entry.example === example);
        if (!result) throw new Error('not compiled');
        const cwd = await mkdtemp(join(tmpdir(), 'anyint-readme-'));
        temporary.push(cwd);
        await makeFiles(cwd, example.files);
        const { code, stdout, stderr } = await runExample(result.jsPath, {
          cwd,
          env: { ANYINT_BASE_URL: emulator.url, ANYINT_API_KEY: apiKey },
          timeoutMs: 90_000,
        });
        expect({ code, stderr: stderr.trim() }, stdout).toEqual({ code: 0, stderr: '' });
        expect(`${stdout}${stderr}`).not.toContain(apiKey);
      }, 120_000);
    }
  }
});

describe('README install lines', () => {
  for (const [path, text] of markdown) {
    const imported = [
      ...new Set(extractExamples(path, text).flatMap((example) => importedPackages(example.code))),
    ];
    if (!path.startsWith('packages/') || imported.length === 0) continue;
    it(`${path}: \`npm install\` adds every package its examples import`, () => {
      const installed = installedPackages(text);
      expect(imported.filter((name) => !installed.includes(name))).toEqual([]);
    });
  }
});
