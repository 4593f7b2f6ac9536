import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { run, STACK_LINE, useEmulator } from '../test-support.js';

const t = useEmulator();

interface Listed {
  id: string;
  filename: string;
  bytes: number;
  purpose: string;
}

describe('anyint files', () => {
  it('uploads, lists, shows, downloads and deletes', async () => {
    const corpus = join(t.dir, 'corpus.jsonl');
    const notes = join(t.dir, 'notes.txt');
    const body = `${JSON.stringify({ custom_id: '0', method: 'POST', url: '/v1/embeddings', body: { model: 'm', input: 'x' } })}\n`;
    await writeFile(corpus, body);
    await writeFile(notes, 'some notes\n');

    const upload = await run(['files', 'upload', corpus, notes, '--json'], { env: t.env });
    expect(upload.code).toBe(0);
    const uploaded = JSON.parse(upload.stdout) as Listed[];
    expect(uploaded.map((file) => [file.filename, file.purpose, file.bytes])).toEqual([
      ['corpus.jsonl', 'batch', Buffer.byteLength(body)],
      ['notes.txt', 'user_data', 11],
    ]);
    const [first, second] = uploaded as [Listed, Listed];

    const table = await run(['files', 'ls'], { env: t.env });
    expect(table.code).toBe(0);
    const rows = table.stdout.trim().split('\n');
    expect(rows[0]).toMatch(/^id\s+filename\s+bytes\s+purpose\s+created$/);
    expect(
      rows
        .slice(1)
        .map((row) => row.split(/\s+/)[0])
        .sort(),
    ).toEqual([first.id, second.id].sort());

    const batchOnly = await run(['files', 'ls', '--purpose', 'batch', '--json'], { env: t.env });
    expect((JSON.parse(batchOnly.stdout) as Listed[]).map((file) => file.id)).toEqual([first.id]);
    const limited = await run(['files', 'ls', '--limit', '1', '--json'], { env: t.env });
    expect(JSON.parse(limited.stdout)).toHaveLength(1);

    const info = await run(['files', 'info', second.id, '--json'], { env: t.env });
    expect(JSON.parse(info.stdout)).toEqual([
      expect.objectContaining({ id: second.id, filename: 'notes.txt' }),
    ]);

    const target = join(t.dir, 'downloads', 'copy.jsonl');
    await import('node:fs/promises').then((fs) => fs.mkdir(join(t.dir, 'downloads')));
    const download = await run(['files', 'download', first.id, '-o', target], { env: t.env });
    expect(download.code).toBe(0);
    expect(download.stderr).toContain(`Saved ${Buffer.byteLength(body)} B to ${target}`);
    expect(await readFile(target, 'utf8')).toBe(body);
    expect(await readdir(join(t.dir, 'downloads'))).toEqual(['copy.jsonl']);

    const piped = await run(['files', 'download', second.id, '-o', '-'], { env: t.env });
    expect(piped.stdout).toBe('some notes\n');

    const removed = await run(['files', 'rm', first.id, second.id, '--json'], { env: t.env });
    expect(removed.code).toBe(0);
    expect(JSON.parse(removed.stdout)).toEqual([
      { id: first.id, deleted: true },
      { id: second.id, deleted: true },
    ]);
    expect(JSON.parse((await run(['files', 'ls', '--json'], { env: t.env })).stdout)).toEqual([]);
  });

  it('shows upload progress on a terminal', async () => {
    const path = join(t.dir, 'big.txt');
    await writeFile(path, 'x'.repeat(300_000));
    const { code, stderr } = await run(['files', 'upload', path], { env: t.env, tty: true });
    expect(code).toBe(0);
    expect(stderr).toMatch(/uploading .*big\.txt \[#+-*\] \d+%/);
  });

  it('fails with one line: a missing local file (2), an unknown id (1), a bad subcommand (2)', async () => {
    const missing = await run(['files', 'upload', join(t.dir, 'nope.jsonl')], { env: t.env });
    expect(missing.code).toBe(2);
    expect(missing.stderr.split('\n')[0]).toMatch(
      /^error: ".*nope\.jsonl" does not exist or cannot be read\.$/,
    );
    expect(t.emulator.requests).toHaveLength(0);

    const unknown = await run(['files', 'download', 'file-nope', '-o', join(t.dir, 'x')], { env: t.env });
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toMatch(/^error: 404 .*file-nope.*\n$/);
    expect(unknown.stderr).not.toMatch(STACK_LINE);
    expect(await readdir(t.dir)).not.toContain('x');

    const partly = await run(['files', 'rm', 'file-nope'], { env: t.env });
    expect(partly.code).toBe(1);
    expect(partly.stdout).toMatch(/file-nope\s+false/);

    const bad = await run(['files', 'copy'], { env: t.env });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toBe(
      "error: Unknown subcommand 'files copy'.\nhint: Subcommands: upload, ls, info, download, rm.\n",
    );
  });
});
