import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AnyInt, InternalServerError, InvalidResponseError } from '../index.js';

// A server whose error page never ends (64 MiB, written as the client reads), and one huge JSON answer.
const PAGE_BYTES = 64 * 1024 * 1024;
const CHUNK = Buffer.alloc(256 * 1024, 'x');
let server: Server;
let url: string;
let written = 0;
let closed: Promise<void> = Promise.resolve();

beforeAll(async () => {
  server = createServer((request, response) => {
    if (request.url?.endsWith('/embeddings')) {
      const body = JSON.stringify({ object: 'list', data: [{ index: 0, embedding: Array(4000).fill(0.5) }] });
      response.writeHead(200, { 'content-type': 'application/json' }).end(body);
      return;
    }
    written = 0;
    closed = new Promise((resolve) => response.once('close', () => resolve()));
    response.writeHead(500, { 'content-type': 'text/html', 'content-length': String(PAGE_BYTES) });
    response.write('<html><head><title>Upstream exploded</title></head><body>');
    const pump = () => {
      while (written < PAGE_BYTES && !response.destroyed) {
        written += CHUNK.length;
        if (!response.write(CHUNK)) return void response.once('drain', pump);
      }
    };
    pump();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/openai/v1`;
});
afterAll(() => {
  server.closeAllConnections();
  server.close();
});

describe.each([
  ['undici', undefined],
  ['fetch', globalThis.fetch],
] as const)('response limits over %s', (_name, fetch) => {
  const options = () => ({ apiKey: 'k', baseURL: url, maxRetries: 0, ...(fetch ? { fetch } : {}) });

  it('reads at most 64 KiB of an error body and keeps its readable start in the message', async () => {
    const error = await new AnyInt(options()).files.retrieve('file-1').catch((e: unknown) => e);
    expect(InternalServerError.isInstance(error)).toBe(true);
    expect((error as Error).message).toContain('Upstream exploded');
    await closed;
    // The client hung up long before the page ended: only socket buffers' worth was ever written.
    expect(written).toBeLessThan(PAGE_BYTES / 2);
  });

  it('refuses a JSON body over maxResponseBytes with an InvalidResponseError', async () => {
    const client = new AnyInt({ ...options(), maxResponseBytes: 4096 });
    const error = await client.embeddings.create({ model: 'm', input: 'x' }).catch((e: unknown) => e);
    expect(InvalidResponseError.isInstance(error)).toBe(true);
    expect((error as Error).message).toContain('maxResponseBytes (4096 bytes)');
    const fits = await new AnyInt(options()).embeddings.create({ model: 'm', input: 'x' });
    expect(fits.data[0]?.embedding).toHaveLength(4000);
  });
});
