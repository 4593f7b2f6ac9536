import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { AnyInt } from '@anyint/client';
import { startEmulator } from '@anyint/emulator';
import { describe, expect, it } from 'vitest';
import { runCli } from '../run-cli.js';
import { Capture, run, STACK_LINE, useEmulator } from '../test-support.js';
import { parseDocs } from './embed.js';

const t = useEmulator();

interface VectorLine {
  id: unknown;
  embedding: number[];
}

function parseLines(text: string): VectorLine[] {
  expect(text.endsWith('\n')).toBe(true);
  return text
    .trimEnd()
    .split('\n')
    .map((line) => JSON.parse(line) as VectorLine);
}

async function expected(texts: string[], dimensions: number): Promise<number[][]> {
  const client = new AnyInt({ apiKey: t.apiKey, baseURL: t.emulator.url });
  const vectors: number[][] = [];
  for (const input of texts) {
    const { data } = await client.embeddings.create({ model: 'text-embedding-3-small', input, dimensions });
    vectors.push(data[0]?.embedding ?? []);
  }
  return vectors;
}

function close(actual: number[], wanted: number[]): void {
  expect(actual).toHaveLength(wanted.length);
  for (let i = 0; i < wanted.length; i++) expect(actual[i]).toBeCloseTo(wanted[i] as number, 6);
}

const TEXTS = Array.from(
  { length: 23 },
  (_, i) => `document number ${i} about ${i % 2 ? 'cats' : 'the sea'}`,
);

describe('anyint embed', () => {
  it('embeds a .txt file one line a doc, in input order, over concurrent batches', async () => {
    const path = join(t.dir, 'docs.txt');
    await writeFile(path, `${TEXTS.slice(0, 3).join('\n')}\n\n${TEXTS.slice(3).join('\r\n')}\n`);
    const { code, stdout, stderr } = await run(
      [
        'embed',
        path,
        '-m',
        'text-embedding-3-small',
        '--dimensions',
        '8',
        '--batch-size',
        '4',
        '--concurrency',
        '3',
      ],
      { env: t.env },
    );
    expect(code).toBe(0);
    const lines = parseLines(stdout);
    // Line numbers are the ids; the blank line 4 is skipped.
    expect(lines.map((line) => line.id)).toEqual([1, 2, 3, ...TEXTS.slice(3).map((_, i) => i + 5)]);
    const wanted = await expected(TEXTS, 8);
    for (const [i, line] of lines.entries()) close(line.embedding, wanted[i] as number[]);
    expect(t.emulator.requests.filter((r) => r.path.endsWith('/embeddings')).length).toBeGreaterThanOrEqual(
      6,
    );
    expect(stderr).toMatch(/^Embedded 23 docs \(\d+ tokens\) in [\d.]+ s, [\d.]+ docs\/s\.\n$/);
  });

  it('embeds a .jsonl file to --out, keeping ids and order, with no partial file left', async () => {
    const input = join(t.dir, 'docs.jsonl');
    const out = join(t.dir, 'out', 'vectors.jsonl');
    await import('node:fs/promises').then((fs) => fs.mkdir(join(t.dir, 'out'), { recursive: true }));
    await writeFile(input, TEXTS.map((text, i) => JSON.stringify({ id: `doc-${i}`, text })).join('\n'));
    const { code, stdout, stderr } = await run(
      [
        'embed',
        input,
        '--model',
        'text-embedding-3-small',
        '--dimensions',
        '8',
        '--out',
        out,
        '--batch-size',
        '5',
      ],
      { env: t.env },
    );
    expect(code).toBe(0);
    expect(stdout).toBe('');
    expect(stderr).toContain(`-> ${out}`);
    const lines = parseLines(await readFile(out, 'utf8'));
    expect(lines.map((line) => line.id)).toEqual(TEXTS.map((_, i) => `doc-${i}`));
    const wanted = await expected(TEXTS, 8);
    for (const [i, line] of lines.entries()) close(line.embedding, wanted[i] as number[]);
    expect(await readdir(join(t.dir, 'out'))).toEqual(['vectors.jsonl']);
  });

  it('reads stdin', async () => {
    const { code, stdout } = await run(['embed', '-m', 'text-embedding-3-small', '--dimensions', '4'], {
      env: t.env,
      stdin: '{"id": "a", "text": "first"}\n"second"\n',
    });
    expect(code).toBe(0);
    expect(parseLines(stdout).map((line) => [line.id, line.embedding.length])).toEqual([
      ['a', 4],
      [2, 4],
    ]);
  });

  it('answers bad input with one line and exit code 2, before any request', async () => {
    const missing = await run(['embed', join(t.dir, 'nope.txt'), '-m', 'text-embedding-3-small'], {
      env: t.env,
    });
    expect(missing.code).toBe(2);
    expect(missing.stderr.split('\n')[0]).toMatch(/^error: Cannot read '.*nope\.txt': no such file\.$/);
    expect(missing.stderr).not.toMatch(STACK_LINE);

    const broken = join(t.dir, 'broken.jsonl');
    await writeFile(broken, '{"text": "ok"}\n{"id": 2}\n');
    const noText = await run(['embed', broken, '-m', 'text-embedding-3-small'], { env: t.env });
    expect(noText.code).toBe(2);
    expect(noText.stderr.split('\n')[0]).toBe(`error: ${broken}:2 has no "text" string.`);

    const noModel = await run(['embed', broken], { env: t.env });
    expect(noModel.code).toBe(2);
    expect(noModel.stderr.split('\n')[0]).toBe('error: Missing --model <id>.');
    expect(t.emulator.requests).toHaveLength(0);
  });

  it('shows a progress bar on a terminal only', async () => {
    const path = join(t.dir, 'progress.txt');
    await writeFile(path, TEXTS.join('\n'));
    const tty = await run(['embed', path, '-m', 'text-embedding-3-small', '-o', join(t.dir, 'p.jsonl')], {
      env: t.env,
      tty: true,
    });
    expect(tty.stderr).toMatch(/embedding \[#+-*\] \d+% \d+\/23/);
    const plain = await run(['embed', path, '-m', 'text-embedding-3-small', '-o', join(t.dir, 'p.jsonl')], {
      env: t.env,
    });
    expect(plain.stderr).not.toContain('[#');
  });
});

describe('anyint embed under a rate limit', () => {
  it('says on the progress bar when work waits on the rate limit, and for how long', async () => {
    // 600 tokens a minute, a 1 s burst: 10 tokens at once; each document is 7 tokens.
    const limited = await startEmulator({ apiKey: t.apiKey, rateLimits: { tpm: 600, burstSeconds: 1 } });
    try {
      const path = join(t.dir, 'limited.txt');
      await writeFile(path, TEXTS.slice(0, 3).join('\n'));
      const args = [
        'embed',
        path,
        '-m',
        'text-embedding-3-small',
        '--batch-size',
        '1',
        '-o',
        join(t.dir, 'l.jsonl'),
      ];
      const tty = await run(args, { env: { ...t.env, ANYINT_BASE_URL: limited.url }, tty: true });
      expect(tty.code).toBe(0);
      expect(tty.stderr).toMatch(/\(waiting [\d.]+ m?s on the rate limit\)/);
      expect(limited.requests.filter((r) => r.rateLimited)).toHaveLength(0);
    } finally {
      await limited.close();
    }
  });
});

describe('anyint embed --bulk', () => {
  it('goes through the Batch API and resumes an interrupted run from --state', async () => {
    const input = join(t.dir, 'bulk.txt');
    const out = join(t.dir, 'bulk.jsonl');
    const state = join(t.dir, 'bulk-state.json');
    await writeFile(input, TEXTS.join('\n'));
    const args = ['embed', input, '-m', 'text-embedding-3-small', '--dimensions', '8', '-o', out];
    const bulk = [...args, '--bulk', '--state', state, '--shard-size', '5', '--poll-interval', '10'];

    // Stop the first run once the first shard's results are being read.
    const controller = new AbortController();
    const watch = setInterval(() => {
      if (t.emulator.requests.some((r) => r.method === 'GET' && r.path.endsWith('/content')))
        controller.abort();
    }, 1);
    const first = await run(bulk, { env: t.env, signal: controller.signal }).finally(() =>
      clearInterval(watch),
    );
    expect(first.code).toBe(130);
    expect(first.stderr).toContain(`rerun the same command to resume from ${state}`);
    expect(JSON.parse(await readFile(state, 'utf8'))).toMatchObject({
      version: 1,
      shards: expect.any(Array),
    });
    const submitted = t.emulator.requests.filter(
      (r) => r.method === 'POST' && r.path.endsWith('/batches'),
    ).length;

    const second = await run(bulk, { env: t.env });
    expect(second.code).toBe(0);
    expect(second.stderr).toMatch(/^Resuming from .*bulk-state\.json: \d+ vectors already in /);
    // Shards submitted by the first run are not submitted again. A batch made as the first run was
    // stopped, before the state file could record it, is cancelled by that run and counts for nothing.
    const posts = (suffix: string) =>
      t.emulator.requests.filter((r) => r.method === 'POST' && r.path.endsWith(suffix)).length;
    expect(posts('/batches') - posts('/cancel')).toBeLessThanOrEqual(Math.ceil(TEXTS.length / 5));
    expect(submitted).toBeGreaterThan(0);
    const lines = parseLines(await readFile(out, 'utf8'));
    expect(lines.map((line) => line.id)).toEqual(TEXTS.map((_, i) => i + 1));
    const wanted = await expected(TEXTS, 8);
    for (const [i, line] of lines.entries()) close(line.embedding, wanted[i] as number[]);
    // The finished job removes its state file.
    await expect(readFile(state)).rejects.toThrow();
  });
});

describe('anyint embed streams its input', () => {
  /**
   * Runs `embed` on a stdin that sends the first documents, then waits until vectors for them were
   * written before sending the rest: a command that read its whole input first would wait forever.
   */
  async function streamed(args: string[], first: string[], rest: string[]) {
    let wrote!: () => void;
    const written = new Promise<void>((resolve) => {
      wrote = resolve;
    });
    const stdout = new Capture(false, () => wrote());
    const stderr = new Capture(false);
    const stdin = (async function* () {
      yield Buffer.from(`${first.join('\n')}\n`);
      await written;
      yield Buffer.from(`${rest.join('\n')}\n`);
    })();
    const code = await runCli(args, { stdout, stderr, stdin, env: t.env });
    return { code, stdout: stdout.text, stderr: stderr.text };
  }

  it('embeds stdin line by line: vectors come out before the input ends', async () => {
    const { code, stdout } = await streamed(
      [
        'embed',
        '-',
        '-m',
        'text-embedding-3-small',
        '--dimensions',
        '4',
        '--batch-size',
        '2',
        '--concurrency',
        '1',
      ],
      TEXTS.slice(0, 4),
      TEXTS.slice(4),
    );
    expect(code).toBe(0);
    expect(parseLines(stdout).map((line) => line.id)).toEqual(TEXTS.map((_, i) => i + 1));
  });

  it('with --bulk too: the first shard is delivered while later input is still unread', async () => {
    const { code, stdout } = await streamed(
      [
        'embed',
        '-',
        '-m',
        'text-embedding-3-small',
        '--dimensions',
        '4',
        '--bulk',
        '--shard-size',
        '5',
        '--poll-interval',
        '10',
      ],
      TEXTS.slice(0, 5),
      TEXTS.slice(5),
    );
    expect(code).toBe(0);
    expect(parseLines(stdout).map((line) => line.id)).toEqual(TEXTS.map((_, i) => i + 1));
  });
});

describe('anyint embed --bulk cleanup', () => {
  it('prints each file it could not remove, with the command to remove it', async () => {
    const { startEmulator } = await import('@anyint/emulator');
    const faulty = await startEmulator({
      apiKey: t.apiKey,
      timeScale: 1000,
      faults: [{ route: 'files', method: 'DELETE', kind: 'status', status: 503, count: 1000 }],
    });
    try {
      const input = join(t.dir, 'cleanup.txt');
      await writeFile(input, TEXTS.slice(0, 8).join('\n'));
      const env = { ANYINT_BASE_URL: faulty.url, ANYINT_API_KEY: t.apiKey };
      const args = ['embed', input, '-m', 'text-embedding-3-small', '--bulk', '--shard-size', '4'];
      const { code, stdout, stderr } = await run([...args, '--poll-interval', '10', '--max-retries', '0'], {
        env,
      });
      expect(code).toBe(0);
      expect(parseLines(stdout)).toHaveLength(8);
      // Two shards, each with an input and an output file.
      expect(stderr.match(/^warning: could not remove file file-\S+ \(/gm)).toHaveLength(4);
      expect(stderr).toMatch(
        /4 file\(s\) or batch\(es\) could not be removed; delete them with `anyint files rm file-/,
      );
    } finally {
      await faulty.close();
    }
  });
});

describe('parseDocs', () => {
  it('reads .txt lines and .jsonl records', () => {
    expect(parseDocs('a\n\nb\r\n', 'txt', 'x')).toEqual([
      { id: 1, text: 'a' },
      { id: 3, text: 'b' },
    ]);
    expect(parseDocs('{"id": 7, "text": "a"}\n{"text": "b"}\n', 'jsonl', 'x')).toEqual([
      { id: 7, text: 'a' },
      { id: 2, text: 'b' },
    ]);
    expect(() => parseDocs('{oops', 'jsonl', 'f.jsonl')).toThrow('f.jsonl:1 is not valid JSON.');
  });
});
