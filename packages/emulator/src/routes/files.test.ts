import { createHash, randomBytes } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Emulator } from '../index.js';
import { startEmulator } from '../index.js';

const KEY = 'sk-files';
let emulator: Emulator;
beforeAll(async () => {
  emulator = await startEmulator({ apiKey: KEY });
});
afterAll(() => emulator.close());
beforeEach(() => emulator.reset());

const auth = { authorization: `Bearer ${KEY}` };
const sha = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

async function upload(
  fields: Record<string, string>,
  file?: { bytes: Uint8Array; name?: string; type?: string },
) {
  const form = new FormData();
  for (const [name, value] of Object.entries(fields)) form.append(name, value);
  if (file) {
    const blob = new Blob([new Uint8Array(file.bytes)], { type: file.type ?? 'application/octet-stream' });
    if (file.name === undefined) form.append('file', blob);
    else form.append('file', blob, file.name);
  }
  const response = await fetch(`${emulator.url}/files`, { method: 'POST', headers: auth, body: form });
  return { status: response.status, json: await response.json() };
}

async function get(path: string, init: RequestInit = {}) {
  const response = await fetch(`${emulator.url}${path}`, { ...init, headers: auth });
  return { status: response.status, headers: response.headers, json: await response.json() };
}

describe('files', () => {
  it('round-trips a multi-MiB binary file byte-identical through upload, list, retrieve, content and delete', async () => {
    const bytes = randomBytes(5 * 1024 * 1024 + 123);
    const created = await upload({ purpose: 'user_data' }, { bytes, name: 'blob.bin' });
    expect(created.status).toBe(200);
    expect(created.json).toMatchObject({
      object: 'file',
      bytes: bytes.length,
      filename: 'blob.bin',
      purpose: 'user_data',
      status: 'processed',
    });
    expect(created.json.id).toMatch(/^file-[A-Za-z0-9]{24}$/);
    expect(Math.abs(created.json.created_at - Date.now() / 1000)).toBeLessThan(5);
    const id: string = created.json.id;

    expect((await get(`/files/${id}`)).json).toEqual(created.json);
    const list = await get('/files');
    expect(list.json).toMatchObject({ object: 'list', first_id: id, last_id: id, has_more: false });
    expect(list.json.data).toEqual([created.json]);

    const content = await fetch(`${emulator.url}/files/${id}/content`, { headers: auth });
    expect(content.status).toBe(200);
    expect(content.headers.get('content-length')).toBe(String(bytes.length));
    expect(content.headers.get('content-type')).toBe('application/octet-stream');
    expect(sha(new Uint8Array(await content.arrayBuffer()))).toBe(sha(bytes));

    const logged = emulator.requests.find((request) => request.method === 'POST');
    expect(logged?.parts).toEqual([
      { name: 'purpose', value: 'user_data' },
      { name: 'file', filename: 'blob.bin', contentType: 'application/octet-stream', size: bytes.length },
    ]);

    const deleted = await get(`/files/${id}`, { method: 'DELETE' });
    expect(deleted).toMatchObject({ status: 200, json: { id, object: 'file', deleted: true } });
    for (const path of [`/files/${id}`, `/files/${id}/content`]) {
      const missing = await get(path);
      expect(missing.status).toBe(404);
      expect(missing.json).toEqual({
        error: {
          message: `No such File object: ${id}`,
          type: 'invalid_request_error',
          param: 'id',
          code: null,
        },
      });
    }
    expect((await get(`/files/${id}`, { method: 'DELETE' })).status).toBe(404);
    expect((await get('/files')).json).toEqual({
      object: 'list',
      data: [],
      first_id: null,
      last_id: null,
      has_more: false,
    });
  });

  it('serves text files with a content type from their extension', async () => {
    const { json } = await upload(
      { purpose: 'batch' },
      { bytes: Buffer.from('{"a":1}\n'), name: 'in.jsonl' },
    );
    const content = await fetch(`${emulator.url}/files/${json.id}/content`, { headers: auth });
    expect(content.headers.get('content-type')).toBe('application/jsonl');
    expect(await content.text()).toBe('{"a":1}\n');
  });

  it('pages with limit, after and order and filters by purpose', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) {
      const purpose = i % 2 === 0 ? 'assistants' : 'vision';
      ids.push((await upload({ purpose }, { bytes: Buffer.from(`file ${i}`), name: `f${i}.txt` })).json.id);
    }
    const walk = async (query: string) => {
      const seen: string[] = [];
      let after = '';
      for (let pages = 0; pages < 10; pages++) {
        const page = (await get(`/files?limit=2${query}${after ? `&after=${after}` : ''}`)).json;
        seen.push(...page.data.map((file: { id: string }) => file.id));
        expect(page.data.length).toBeLessThanOrEqual(2);
        if (!page.has_more) return seen;
        expect(page.last_id).toBe(page.data.at(-1).id);
        after = page.last_id;
      }
      throw new Error('too many pages');
    };
    expect(await walk('')).toEqual([...ids].reverse());
    expect(await walk('&order=asc')).toEqual(ids);
    expect(await walk('&purpose=assistants&order=asc')).toEqual([ids[0], ids[2], ids[4]]);
    // A deleted file is still a valid cursor.
    await get(`/files/${ids[2]}`, { method: 'DELETE' });
    expect(
      (await get(`/files?order=asc&after=${ids[2]}`)).json.data.map((f: { id: string }) => f.id),
    ).toEqual([ids[3], ids[4]]);
    expect((await get('/files?limit=0')).json.error.param).toBe('limit');
    expect((await get('/files?limit=10001')).json.error.code).toBe('integer_above_max_value');
    expect((await get('/files?order=up')).json.error.param).toBe('order');
    expect((await get('/files?after=file-nope')).status).toBe(400);
  });

  it.each([
    [
      'a purpose outside the spec',
      { purpose: 'training' },
      { bytes: Buffer.from('x'), name: 'x.txt' },
      'purpose',
    ],
    ['no purpose', {}, { bytes: Buffer.from('x'), name: 'x.txt' }, 'purpose'],
    ['no file', { purpose: 'assistants' }, undefined, 'file'],
    ['an empty file', { purpose: 'assistants' }, { bytes: new Uint8Array(0), name: 'x.txt' }, 'file'],
    ['a file without a name', { purpose: 'assistants' }, { bytes: Buffer.from('x'), name: '' }, 'file'],
    [
      'a batch file that is not .jsonl',
      { purpose: 'batch' },
      { bytes: Buffer.from('x'), name: 'x.txt' },
      'file',
    ],
    [
      'an unknown field',
      { purpose: 'assistants', color: 'red' },
      { bytes: Buffer.from('x'), name: 'x.txt' },
      'color',
    ],
  ])('rejects %s with a 400 naming the parameter', async (_, fields, file, param) => {
    const { status, json } = await upload(fields, file);
    expect(status).toBe(400);
    expect(json.error).toMatchObject({ type: 'invalid_request_error', param });
    expect((await get('/files')).json.data).toEqual([]);
  });

  it('rejects a body that is not multipart', async () => {
    const response = await fetch(`${emulator.url}/files`, {
      method: 'POST',
      headers: { ...auth, 'content-type': 'application/json' },
      body: '{"purpose":"batch"}',
    });
    expect(response.status).toBe(400);
    expect((await response.json()).error.code).toBe('invalid_content_type');
  });

  it('asks for the API key', async () => {
    const response = await fetch(`${emulator.url}/files`);
    expect(response.status).toBe(401);
  });

  it('applies faults to uploads and downloads', async () => {
    const faulty = await startEmulator({
      faults: [
        { route: 'files', kind: 'status', status: 503, count: 1 },
        { route: 'files', kind: 'delay', delayMs: 5, count: 1 },
        { route: 'files', kind: 'truncate', count: 1 },
      ],
    });
    try {
      const bytes = randomBytes(300_000);
      const send = () => {
        const form = new FormData();
        form.append('purpose', 'assistants');
        form.append('file', new Blob([bytes]), 'a.bin');
        return fetch(`${faulty.url}/files`, { method: 'POST', body: form });
      };
      expect((await send()).status).toBe(503);
      const created = await send();
      expect(created.status).toBe(200);
      const { id } = await created.json();
      const download = () => fetch(`${faulty.url}/files/${id}/content`).then((r) => r.arrayBuffer());
      await expect(download()).rejects.toThrow();
      expect(sha(new Uint8Array(await download()))).toBe(sha(bytes));
      // The upload answered 503 stored nothing.
      expect((await (await fetch(`${faulty.url}/files`)).json()).data).toHaveLength(1);
      expect(faulty.requests.map((request) => [request.fault ?? null, request.status])).toEqual([
        ['status', 503],
        ['delay', 200],
        ['truncate', 200],
        [null, 200],
        [null, 200],
      ]);
    } finally {
      await faulty.close();
    }
  });
});

describe('maxFileBytes', () => {
  it('refuses a larger upload with OpenAI 413 and keeps nothing', async () => {
    const small = await startEmulator({ apiKey: KEY, maxFileBytes: 1000 });
    try {
      const form = new FormData();
      form.append('purpose', 'assistants');
      form.append('file', new Blob([new Uint8Array(2000)]), 'big.bin');
      const response = await fetch(`${small.url}/files`, { method: 'POST', headers: auth, body: form });
      expect(response.status).toBe(413);
      expect(await response.json()).toMatchObject({ error: { code: 'file_too_large', param: 'file' } });
      const list = await fetch(`${small.url}/files`, { headers: auth });
      expect((await list.json()).data).toEqual([]);
    } finally {
      await small.close();
    }
  });
});
