import { afterEach, describe, expect, it } from 'vitest';
import type { Emulator, EmulatorOptions } from './index.js';
import { startEmulator } from './index.js';

const running: Emulator[] = [];
async function start(options?: EmulatorOptions): Promise<Emulator> {
  const emulator = await startEmulator(options);
  running.push(emulator);
  return emulator;
}
afterEach(async () => {
  await Promise.all(running.splice(0).map((emulator) => emulator.close()));
});

const PAGE = 'http://localhost:5173';
const CLIENT_HEADERS = 'authorization, content-type, idempotency-key, openai-beta, x-stainless-retry-count';

function preflight(url: string, origin = PAGE, method = 'POST') {
  return fetch(url, {
    method: 'OPTIONS',
    headers: {
      origin,
      'access-control-request-method': method,
      'access-control-request-headers': CLIENT_HEADERS,
    },
  });
}

describe('CORS', () => {
  it('answers a preflight on every route without the API key, and logs no request', async () => {
    const emulator = await start({ apiKey: 'sk-cors' });
    for (const path of ['/embeddings', '/files/file-abc/content', '/threads/t/runs', '/no-such-route']) {
      const response = await preflight(`${emulator.url}${path}`);
      expect(response.status, path).toBe(204);
      expect(response.headers.get('access-control-allow-origin')).toBe('*');
      expect(response.headers.get('access-control-allow-headers')).toBe(CLIENT_HEADERS);
      expect(response.headers.get('access-control-allow-methods')?.split(', ')).toEqual(
        expect.arrayContaining(['GET', 'POST', 'DELETE']),
      );
      expect(response.headers.get('x-request-id')).toMatch(/^req_[0-9a-f]{32}$/);
    }
    const image = await preflight(`${emulator.origin}/_emulator/images/x.png`, PAGE, 'GET');
    expect(image.status).toBe(204);
    expect(emulator.requests).toEqual([]);
  });

  it('lets a page read the answer, its request id and its retry headers, errors included', async () => {
    const emulator = await start({
      apiKey: 'sk-cors',
      faults: [{ route: 'moderations', kind: 'status', status: 429, retryAfter: 3, count: 1 }],
    });
    const call = (path: string, key: string) =>
      fetch(`${emulator.url}${path}`, {
        method: 'POST',
        headers: { origin: PAGE, authorization: `Bearer ${key}`, 'content-type': 'application/json' },
        body: JSON.stringify({ model: 'omni-moderation-latest', input: 'hello' }),
      });
    const denied = await call('/moderations', 'sk-wrong');
    const limited = await call('/moderations', 'sk-cors');
    const ok = await call('/moderations', 'sk-cors');
    const missing = await call('/no-such-route', 'sk-cors');
    expect([denied.status, limited.status, ok.status, missing.status]).toEqual([401, 429, 200, 404]);
    for (const response of [denied, limited, ok, missing]) {
      expect(response.headers.get('access-control-allow-origin')).toBe('*');
      const exposed = response.headers.get('access-control-expose-headers')?.split(', ');
      expect(exposed).toEqual(
        expect.arrayContaining([
          'x-request-id',
          'retry-after',
          'retry-after-ms',
          'x-ratelimit-reset-requests',
        ]),
      );
    }
    expect(limited.headers.get('retry-after')).toBe('3');
    const ids = [denied, limited, ok, missing].map((response) => response.headers.get('x-request-id'));
    expect(new Set(ids).size).toBe(4);
    expect(emulator.requests.map((request) => request.requestId)).toEqual(ids);
  });

  it('sends the request id and CORS headers on streamed answers and downloads', async () => {
    const emulator = await start();
    const speech = await fetch(`${emulator.url}/audio/speech`, {
      method: 'POST',
      headers: { origin: PAGE, 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'tts-1', input: 'hi', voice: 'alloy', response_format: 'wav' }),
    });
    expect(speech.status).toBe(200);
    expect(speech.headers.get('access-control-allow-origin')).toBe('*');
    expect(speech.headers.get('x-request-id')).toMatch(/^req_/);
    const form = new FormData();
    form.append('purpose', 'batch');
    form.append('file', new Blob(['{"a":1}\n']), 'lines.jsonl');
    const upload = await fetch(`${emulator.url}/files`, { method: 'POST', body: form });
    const { id } = (await upload.json()) as { id: string };
    const content = await fetch(`${emulator.url}/files/${id}/content`, { headers: { origin: PAGE } });
    expect(await content.text()).toBe('{"a":1}\n');
    expect(content.headers.get('access-control-allow-origin')).toBe('*');
    expect(content.headers.get('x-request-id')).toMatch(/^req_/);
  });

  it('lets a page fetch presigned media from the storage origin', async () => {
    const emulator = await start({ presignedDownloads: true, corsOrigin: PAGE });
    const created = await fetch(`${emulator.url}/images/generations`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'dall-e-2', prompt: 'a kite', size: '256x256', response_format: 'url' }),
    });
    const { data } = (await created.json()) as { data: { url: string }[] };
    const url = data[0]!.url;
    expect(new URL(url).origin).not.toBe(emulator.origin);
    const image = await fetch(url, { headers: { origin: PAGE } });
    expect(image.status).toBe(200);
    expect(image.headers.get('access-control-allow-origin')).toBe(PAGE);
    const other = await fetch(url, { headers: { origin: 'https://elsewhere.example' } });
    expect(other.headers.get('access-control-allow-origin')).toBeNull();
    const check = await fetch(url, {
      method: 'OPTIONS',
      headers: { origin: PAGE, 'access-control-request-method': 'GET' },
    });
    expect(check.status).toBe(204);
  });

  it('allows only the configured origins when told', async () => {
    const emulator = await start({ corsOrigin: [PAGE, 'https://app.example'] });
    const allowed = await preflight(`${emulator.url}/embeddings`, 'https://app.example');
    expect(allowed.headers.get('access-control-allow-origin')).toBe('https://app.example');
    expect(allowed.headers.get('vary')).toContain('Origin');
    const other = await preflight(`${emulator.url}/embeddings`, 'https://evil.example');
    expect(other.status).toBe(204);
    expect(other.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('refuses an origin that is not one', async () => {
    await expect(start({ corsOrigin: 'http://localhost:5173/' })).rejects.toThrow(
      /corsOrigin must be '\*' or an origin .* got 'http:\/\/localhost:5173\/'/,
    );
    await expect(start({ corsOrigin: [] })).rejects.toThrow(/corsOrigin must name at least one origin/);
  });
});
