import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type Emulator, startEmulator } from '@anyint/emulator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Chromium, launchChromium } from './chromium.js';

// A page on one origin calling the emulator on another, in a real Chromium: what a browser allows
// is the browser's decision, so only a browser can show the emulator's CORS answers are enough.
let browser: Chromium;
let page: Server;
let pageOrigin: string;
const emulators: Emulator[] = [];

beforeAll(async () => {
  browser = await launchChromium();
  page = createServer((_request, response) => {
    response.writeHead(200, { 'content-type': 'text/html' });
    response.end('<!doctype html><title>another origin</title><p>cross-origin page</p>');
  });
  await new Promise<void>((resolve) => page.listen(0, '127.0.0.1', resolve));
  // localhost, not 127.0.0.1: another host as well as another port.
  pageOrigin = `http://localhost:${(page.address() as AddressInfo).port}`;
  await browser.page.goto(`${pageOrigin}/`);
});

afterAll(async () => {
  await browser?.close();
  await new Promise((resolve) => page?.close(resolve));
  await Promise.all(emulators.map((emulator) => emulator.close()));
});

async function emulator(options: Parameters<typeof startEmulator>[0] = {}): Promise<Emulator> {
  const started = await startEmulator({ apiKey: 'sk-browser-test', ...options });
  emulators.push(started);
  return started;
}

interface PageAnswer {
  ok: boolean;
  status?: number;
  requestId?: string | null;
  retryAfter?: string | null;
  body?: unknown;
  error?: string;
}

/** `fetch` run inside the page, with the headers `@anyint/client` and the official SDK send. */
function callFromPage(url: string, init: { method: string; body?: string; key?: string }) {
  return browser.page.evaluate(
    async ({ url, init }): Promise<PageAnswer> => {
      try {
        const response = await fetch(url, {
          method: init.method,
          headers: {
            authorization: `Bearer ${init.key ?? 'sk-browser-test'}`,
            accept: 'application/json',
            ...(init.body ? { 'content-type': 'application/json', 'idempotency-key': 'anyint-page-1' } : {}),
            'openai-beta': 'assistants=v2',
            'x-stainless-retry-count': '0',
          },
          body: init.body,
        });
        return {
          ok: true,
          status: response.status,
          requestId: response.headers.get('x-request-id'),
          retryAfter: response.headers.get('retry-after'),
          body: await response.json(),
        };
      } catch (error) {
        return { ok: false, error: String(error) };
      }
    },
    { url, init },
  );
}

describe('the emulator seen from a page on another origin', () => {
  it('serves JSON calls with their request id, after a preflight that needs no key', async () => {
    const server = await emulator();
    const answer = await callFromPage(`${server.url}/embeddings`, {
      method: 'POST',
      body: JSON.stringify({ model: 'text-embedding-3-small', input: 'hello', dimensions: 8 }),
    });
    expect(answer.error).toBeUndefined();
    expect(answer.status).toBe(200);
    expect(answer.requestId).toMatch(/^req_[0-9a-f]{32}$/);
    expect((answer.body as { data: { embedding: number[] }[] }).data[0]!.embedding).toHaveLength(8);
    const logged = server.requests.filter((request) => request.path.endsWith('/embeddings'));
    expect(logged.map((request) => [request.method, request.headers.origin])).toEqual([['POST', pageOrigin]]);
    expect(logged[0]!.requestId).toBe(answer.requestId);
  });

  it('lets the page read errors, their request id and Retry-After', async () => {
    const server = await emulator({
      faults: [{ route: 'moderations', kind: 'status', status: 429, retryAfter: 2, count: 1 }],
    });
    const body = JSON.stringify({ model: 'omni-moderation-latest', input: 'hi' });
    const limited = await callFromPage(`${server.url}/moderations`, { method: 'POST', body });
    expect(limited).toMatchObject({ ok: true, status: 429, retryAfter: '2' });
    expect(limited.requestId).toMatch(/^req_/);
    const denied = await callFromPage(`${server.url}/moderations`, { method: 'POST', body, key: 'sk-wrong' });
    expect(denied).toMatchObject({ ok: true, status: 401, body: { error: { code: 'invalid_api_key' } } });
    const missing = await callFromPage(`${server.url}/files/file-nope`, { method: 'DELETE' });
    expect(missing.status).toBe(404);
  });

  it('takes a multipart upload from the page and gives the same bytes back', async () => {
    const server = await emulator();
    const result = await browser.page.evaluate(async (base) => {
      const headers = { authorization: 'Bearer sk-browser-test' };
      const form = new FormData();
      form.append('purpose', 'batch');
      form.append('file', new Blob(['{"n":1}\n{"n":2}\n']), 'lines.jsonl');
      const created = await fetch(`${base}/files`, { method: 'POST', headers, body: form });
      const file = (await created.json()) as { id: string; bytes: number };
      const content = await fetch(`${base}/files/${file.id}/content`, { headers });
      return {
        bytes: file.bytes,
        text: await content.text(),
        requestId: content.headers.get('x-request-id'),
      };
    }, server.url);
    expect(result).toMatchObject({ bytes: 16, text: '{"n":1}\n{"n":2}\n' });
    expect(result.requestId).toMatch(/^req_/);
  });

  it('is refused by the browser when the page origin is not allowed', async () => {
    const server = await emulator({ corsOrigin: 'http://localhost:1' });
    const answer = await callFromPage(`${server.url}/embeddings`, {
      method: 'POST',
      body: JSON.stringify({ model: 'text-embedding-3-small', input: 'hello' }),
    });
    expect(answer.ok).toBe(false);
    expect(answer.error).toMatch(/Failed to fetch/);
    const allowed = await emulator({ corsOrigin: pageOrigin });
    const again = await callFromPage(`${allowed.url}/embeddings`, {
      method: 'POST',
      body: JSON.stringify({ model: 'text-embedding-3-small', input: 'hello' }),
    });
    expect(again.status).toBe(200);
  });
});
