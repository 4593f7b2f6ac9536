import { createHash, randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AnyIntValidationError, fileFromPath, NotFoundError, toFile } from '../index.js';
import { useEmulator } from '../test-support.js';

const ctx = useEmulator();
let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'anyint-files-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const sha = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

describe('files', () => {
  it('uploads a multi-MiB file from disk and downloads it byte-identical', async () => {
    const client = ctx.client();
    const bytes = randomBytes(6 * 1024 * 1024);
    const path = join(dir, 'big.jsonl');
    await writeFile(path, bytes);
    const file = await client.files.create({ file: await fileFromPath(path), purpose: 'batch' });
    expect(file).toMatchObject({
      object: 'file',
      bytes: bytes.byteLength,
      filename: 'big.jsonl',
      purpose: 'batch',
    });
    expect(file.id).toMatch(/^file-/);

    const out = join(dir, 'copy.jsonl');
    await (await client.files.content(file.id)).writeToFile(out);
    expect(sha(await readFile(out))).toBe(sha(bytes));
    expect((await client.files.retrieve(file.id)).bytes).toBe(bytes.byteLength);
    const upload = ctx.requestsTo('/files').find((r) => r.method === 'POST');
    expect(upload?.headers['content-length']).toBe(String(Number(upload?.headers['content-length'])));
  });

  it('lists page by page and iterates every file with for await', async () => {
    const client = ctx.client();
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) {
      const file = await client.files.create({
        file: await toFile(Buffer.from(`{"n":${i}}\n`), `f${i}.jsonl`),
        purpose: 'user_data',
      });
      ids.push(file.id);
    }
    const first = await client.files.list({ purpose: 'user_data', limit: 2 });
    expect(first.data).toHaveLength(2);
    expect(first.has_more).toBe(true);
    const second = await first.nextPage();
    expect(second?.data).toHaveLength(2);
    expect(second?.data[0]?.id).not.toBe(first.data[0]?.id);

    const seen: string[] = [];
    for await (const file of client.files.list({ purpose: 'user_data', limit: 2 })) seen.push(file.id);
    expect(seen.sort()).toEqual([...ids].sort());
  });

  it('deletes a file, after which it is not found', async () => {
    const client = ctx.client();
    const file = await client.files.create({
      file: await toFile(Buffer.from('x'), 'x.txt'),
      purpose: 'assistants',
    });
    expect(await client.files.delete(file.id)).toMatchObject({ id: file.id, deleted: true });
    const error = await client.files.retrieve(file.id).catch((e: unknown) => e);
    expect(NotFoundError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ status: 404, route: `GET /files/${file.id}` });
  });

  it.each([
    ['purpose', async () => ({ file: await toFile(Buffer.from('x'), 'x.txt'), purpose: 'training' })],
    ['purpose', async () => ({ file: await toFile(Buffer.from('x'), 'x.txt') })],
    ['file', async () => ({ purpose: 'batch' })],
    ['file', async () => ({ file: new Blob([]), purpose: 'batch' })],
  ])('rejects a bad %s before sending anything', async (field, params) => {
    const error = await ctx
      .client()
      .files.create((await params()) as never)
      .catch((e: unknown) => e);
    expect(AnyIntValidationError.isInstance(error)).toBe(true);
    expect((error as AnyIntValidationError).field).toBe(field);
    expect(ctx.emulator.requests).toHaveLength(0);
  });

  it('rejects an empty id before sending anything', async () => {
    await expect(ctx.client().files.retrieve('')).rejects.toThrow(AnyIntValidationError);
    expect(ctx.emulator.requests).toHaveLength(0);
  });
});
