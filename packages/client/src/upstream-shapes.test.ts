/**
 * Upstream answers the emulator's personalities do not produce: a list without `has_more`, a list that
 * ignores `after`, moderation results that do not match the inputs. A small server on loopback plays
 * that upstream over real HTTP.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { AnyInt, InvalidResponseError } from './index.js';

const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  await Promise.all(closers.splice(0).map((close) => close()));
});

type Handler = (url: URL, request: IncomingMessage) => unknown;

async function upstream(handler: Handler): Promise<{ client: AnyInt; seen: string[] }> {
  const seen: string[] = [];
  const server = createServer((request: IncomingMessage, response: ServerResponse) => {
    const url = new URL(request.url ?? '/', 'http://127.0.0.1');
    seen.push(`${request.method} ${url.pathname}${url.search}`);
    request.resume();
    request.on('end', () => {
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(JSON.stringify(handler(url, request)));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  closers.push(() => new Promise((resolve) => server.close(() => resolve())));
  const { port } = server.address() as AddressInfo;
  const client = new AnyInt({
    apiKey: 'sk-test-shapes',
    baseURL: `http://127.0.0.1:${port}/v1`,
    maxRetries: 0,
  });
  return { client, seen };
}

const files = Array.from({ length: 5 }, (_, i) => ({
  id: `file-${i}`,
  object: 'file',
  bytes: 1,
  purpose: 'batch',
}));

describe('lists', () => {
  it('go on from the last id when a page with items has no has_more, and stop at an empty page', async () => {
    const { client, seen } = await upstream((url) => {
      const after = url.searchParams.get('after');
      const start = after ? files.findIndex((f) => f.id === after) + 1 : 0;
      return { object: 'list', data: files.slice(start, start + 2) };
    });
    const ids: string[] = [];
    for await (const file of client.files.list()) ids.push(file.id);
    expect(ids).toEqual(files.map((f) => f.id));
    expect(seen).toHaveLength(4);
    expect(seen.at(-1)).toContain('after=file-4');
  });

  it('stop on has_more: false even when the page has items', async () => {
    const { client, seen } = await upstream(() => ({
      object: 'list',
      data: files.slice(0, 2),
      has_more: false,
    }));
    const ids: string[] = [];
    for await (const file of client.files.list()) ids.push(file.id);
    expect(ids).toEqual(['file-0', 'file-1']);
    expect(seen).toHaveLength(1);
  });

  it('stop when an upstream ignores `after` and sends the same page again', async () => {
    const { client, seen } = await upstream(() => ({ object: 'list', data: files.slice(0, 2) }));
    const ids: string[] = [];
    for await (const file of client.files.list()) ids.push(file.id);
    expect(ids).toEqual(['file-0', 'file-1', 'file-0', 'file-1']);
    expect(seen).toHaveLength(2);
  });
});

describe('moderations', () => {
  const result = { flagged: false, categories: {}, category_scores: {} };

  it('refuse a response with fewer results than inputs', async () => {
    const { client } = await upstream(() => ({
      id: 'modr-1',
      model: 'omni-moderation-latest',
      results: [result],
    }));
    const error = await client.moderations.create({ input: ['fine', 'not fine'] }).catch((e: unknown) => e);
    expect(InvalidResponseError.isInstance(error)).toBe(true);
    expect((error as Error).message).toContain('1 results for 2 inputs');
  });

  it('refuse a result without a boolean flagged', async () => {
    const { client } = await upstream(() => ({ id: 'modr-1', model: 'm', results: [{ categories: {} }] }));
    const error = await client.moderations.create({ input: 'hello' }).catch((e: unknown) => e);
    expect(InvalidResponseError.isInstance(error)).toBe(true);
  });

  it('count an array of parts as one input', async () => {
    const { client } = await upstream(() => ({ id: 'modr-1', model: 'm', results: [result] }));
    const response = await client.moderations.create({
      input: [
        { type: 'text', text: 'hello' },
        { type: 'image_url', image_url: { url: 'https://example.com/a.png' } },
      ],
    });
    expect(response.results).toHaveLength(1);
  });
});
