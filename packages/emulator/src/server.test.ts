import { request as httpRequest } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import type { Emulator, EmulatorOptions } from './index.js';
import { startEmulator } from './index.js';
import { emulatorWaitMs, postJson, postStatus } from './test-support.js';

const running: Emulator[] = [];
async function start(options?: EmulatorOptions): Promise<Emulator> {
  const emulator = await startEmulator(options);
  running.push(emulator);
  return emulator;
}
afterEach(async () => {
  await Promise.all(running.splice(0).map((emulator) => emulator.close()));
});

const EMBED = { model: 'text-embedding-3-small', input: 'hello', dimensions: 4 };

function postRaw(emulator: Emulator, path: string, body: string, headers: Record<string, string> = {}) {
  return fetch(`${emulator.url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body,
  });
}

describe('startEmulator', () => {
  it('listens on loopback with a /openai/v1 base URL', async () => {
    const emulator = await start();
    expect(emulator.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/openai\/v1$/);
    expect(emulator.url.startsWith(emulator.origin)).toBe(true);
  });

  it('checks the bearer key without echoing it', async () => {
    const emulator = await start({ apiKey: 'sk-right' });
    const wrong = await postJson(emulator, '/embeddings', EMBED, 'sk-wrong-key');
    expect(wrong.status).toBe(401);
    expect(wrong.json).toEqual({
      error: {
        type: 'invalid_request_error',
        code: 'invalid_api_key',
        message: 'Incorrect API key provided.',
        param: null,
      },
    });
    const missing = await postJson(emulator, '/embeddings', EMBED);
    expect(missing.status).toBe(401);
    expect(missing.json.error.code).toBe('invalid_api_key');
    expect((await postJson(emulator, '/embeddings', EMBED, 'sk-right')).status).toBe(200);
  });

  it('records every request in order with the key redacted', async () => {
    const emulator = await start({ apiKey: 'sk-secret-value' });
    await postJson(emulator, '/embeddings', EMBED, 'sk-secret-value');
    await fetch(`${emulator.url}/moderations?trace=1`, {
      method: 'POST',
      headers: { authorization: 'Bearer nope', 'content-type': 'application/json' },
      body: '{"input":"x"}',
    });
    expect(emulator.requests).toHaveLength(2);
    const [first, second] = emulator.requests;
    expect(first).toMatchObject({ method: 'POST', path: '/openai/v1/embeddings', status: 200, body: EMBED });
    expect(first!.headers.authorization).toBe('Bearer [redacted]');
    expect(second).toMatchObject({ path: '/openai/v1/moderations', query: { trace: '1' }, status: 401 });
    expect(JSON.stringify(emulator.requests)).not.toContain('sk-secret-value');
    expect(first!.startedAt).toBeGreaterThan(0);
    expect(first!.durationMs).toBeGreaterThanOrEqual(0);
  });

  it('answers unknown paths and bad JSON in OpenAI’s error shape', async () => {
    const emulator = await start();
    const missing = await postJson(emulator, '/nothing-here', {});
    expect(missing.status).toBe(404);
    expect(missing.json.error.message).toBe('Invalid URL (POST /v1/nothing-here)');
    const broken = await postRaw(emulator, '/embeddings', '{"model":');
    expect(broken.status).toBe(400);
    expect((await broken.json()).error.type).toBe('invalid_request_error');
  });

  it('adds latencyMs before each answer', async () => {
    const emulator = await start({ latencyMs: 60 });
    const waited = await emulatorWaitMs(() => postStatus(emulator, '/embeddings', EMBED));
    expect(waited).toBeGreaterThanOrEqual(60);
    expect(waited).toBeLessThan(65);
    expect(emulator.requests[0]!.status).toBe(200);
  });

  it('reset() clears the log and fault counters', async () => {
    const emulator = await start({ faults: [{ kind: 'status', status: 503, count: 1 }] });
    expect((await postJson(emulator, '/embeddings', EMBED)).status).toBe(503);
    expect((await postJson(emulator, '/embeddings', EMBED)).status).toBe(200);
    emulator.reset();
    expect(emulator.requests).toHaveLength(0);
    expect((await postJson(emulator, '/embeddings', EMBED)).status).toBe(503);
  });
});

describe('knownModels', () => {
  it('answers a model outside the list as OpenAI does: 404 model_not_found, on every route', async () => {
    const emulator = await start({ knownModels: ['text-embedding-3-small'], models: { 'tts-1': {} } });
    expect((await postJson(emulator, '/embeddings', EMBED)).status).toBe(200);
    for (const [path, body] of [
      ['/embeddings', { ...EMBED, model: 'text-embedding-9' }],
      ['/moderations', { model: 'omni-nope', input: 'hi' }],
    ] as const) {
      const answer = await postJson(emulator, path, body);
      expect(answer.status, path).toBe(404);
      expect(answer.json, path).toEqual({
        error: {
          type: 'invalid_request_error',
          param: null,
          code: 'model_not_found',
          message: `The model \`${body.model}\` does not exist or you do not have access to it.`,
        },
      });
    }
    // Ids configured in `models` are known too.
    const speech = await postRaw(
      emulator,
      '/audio/speech',
      JSON.stringify({ model: 'tts-1', input: 'hi', voice: 'alloy' }),
    );
    expect(speech.status).toBe(200);
    await speech.arrayBuffer();
  });
});

describe('faults', () => {
  it('status: 429 with Retry-After and OpenAI’s rate limit error', async () => {
    const emulator = await start({ faults: [{ kind: 'status', status: 429, retryAfter: 2, count: 1 }] });
    const answer = await postJson(emulator, '/embeddings', EMBED);
    expect(answer.status).toBe(429);
    expect(answer.headers.get('retry-after')).toBe('2');
    expect(answer.json.error).toMatchObject({ code: 'rate_limit_exceeded', type: 'requests' });
    expect(emulator.requests[0]).toMatchObject({ status: 429, fault: 'status' });
  });

  it('status: a quota 429 carries its own code', async () => {
    const emulator = await start({ faults: [{ kind: 'status', status: 429, code: 'insufficient_quota' }] });
    const answer = await postJson(emulator, '/embeddings', EMBED);
    expect(answer.json.error).toMatchObject({ code: 'insufficient_quota', type: 'insufficient_quota' });
  });

  it('status: HTML and empty bodies', async () => {
    const emulator = await start({
      faults: [
        { kind: 'status', status: 502, body: 'html', count: 1 },
        { kind: 'status', status: 503, body: 'empty', count: 1 },
      ],
    });
    const html = await postRaw(emulator, '/embeddings', JSON.stringify(EMBED));
    expect(html.status).toBe(502);
    expect(html.headers.get('content-type')).toContain('text/html');
    expect(await html.text()).toContain('<title>502 Bad Gateway</title>');
    const empty = await postRaw(emulator, '/embeddings', JSON.stringify(EMBED));
    expect(empty.status).toBe(503);
    expect(await empty.text()).toBe('');
  });

  it('matches faults by route and model', async () => {
    const emulator = await start({
      faults: [
        { kind: 'status', status: 500, route: 'moderations' },
        { kind: 'status', status: 502, model: 'flaky-model' },
      ],
    });
    expect((await postJson(emulator, '/embeddings', EMBED)).status).toBe(200);
    expect((await postJson(emulator, '/embeddings', { ...EMBED, model: 'flaky-model' })).status).toBe(502);
    expect((await postJson(emulator, '/moderations', { input: 'x' })).status).toBe(500);
  });

  it('reset: the connection is dropped without an answer', async () => {
    const emulator = await start({ faults: [{ kind: 'reset', count: 1 }] });
    await expect(postJson(emulator, '/embeddings', EMBED)).rejects.toThrow();
    expect(emulator.requests[0]).toMatchObject({ status: 0, fault: 'reset' });
    expect((await postJson(emulator, '/embeddings', EMBED)).status).toBe(200);
  });

  it('delay: waits, then answers normally', async () => {
    const emulator = await start({ faults: [{ kind: 'delay', delayMs: 80 }] });
    const waited = await emulatorWaitMs(() => postStatus(emulator, '/embeddings', EMBED));
    expect(waited).toBeGreaterThanOrEqual(80);
    expect(waited).toBeLessThan(85);
    expect(emulator.requests[0]).toMatchObject({ fault: 'delay', status: 200 });
  });

  it('truncate: full Content-Length, half the body, then the socket closes', async () => {
    const emulator = await start({ faults: [{ kind: 'truncate' }] });
    const received = await new Promise<{ length: number; declared: number; error: boolean }>((resolve) => {
      const request = httpRequest(`${emulator.url}/embeddings`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
      });
      request.on('response', (response) => {
        let length = 0;
        const declared = Number(response.headers['content-length']);
        response.on('data', (chunk: Buffer) => {
          length += chunk.length;
        });
        response.on('error', () => resolve({ length, declared, error: true }));
        response.on('end', () => resolve({ length, declared, error: false }));
      });
      request.end(JSON.stringify(EMBED));
    });
    expect(received.error).toBe(true);
    expect(received.length).toBe(Math.floor(received.declared / 2));
  });

  it('malformed: 200 with a JSON body cut in the middle', async () => {
    const emulator = await start({ faults: [{ kind: 'malformed' }] });
    const response = await postRaw(emulator, '/embeddings', JSON.stringify(EMBED));
    expect(response.status).toBe(200);
    const text = await response.text();
    expect(Number(response.headers.get('content-length'))).toBe(Buffer.byteLength(text));
    expect(() => JSON.parse(text)).toThrow();
  });

  it('stall: headers, then nothing; close() still returns promptly', async () => {
    const emulator = await startEmulator({ faults: [{ kind: 'stall' }] });
    const response = await postRaw(emulator, '/embeddings', JSON.stringify(EMBED));
    expect(response.status).toBe(200);
    const body = response.text();
    // A close() that waited for the stalled socket would time the test out.
    await emulator.close();
    await expect(body).rejects.toThrow();
    expect(emulator.requests[0]!.fault).toBe('stall');
  });

  it('close() does not wait for a pending delay', async () => {
    const emulator = await startEmulator({ faults: [{ kind: 'delay', delayMs: 60_000 }] });
    const pending = postJson(emulator, '/embeddings', EMBED).catch((error: unknown) => error);
    await new Promise((resolve) => setTimeout(resolve, 50));
    // A close() that waited for the 60 s delay would time the test out.
    await emulator.close();
    expect(await pending).toBeInstanceOf(Error);
  });

  it('rates are seeded: same seed, same pattern', async () => {
    const pattern = async (seed: number) => {
      const emulator = await start({ seed, faults: [{ kind: 'status', status: 500, rate: 0.5 }] });
      const statuses: number[] = [];
      for (let i = 0; i < 24; i++) statuses.push((await postJson(emulator, '/embeddings', EMBED)).status);
      return statuses;
    };
    const first = await pattern(7);
    expect(await pattern(7)).toEqual(first);
    expect(first).toContain(500);
    expect(first).toContain(200);
    expect(await pattern(8)).not.toEqual(first);
  });

  it('other randomness is seeded too: the litellm shuffle repeats for a seed', async () => {
    const order = async (seed: number) => {
      const emulator = await start({ seed, personality: 'litellm' });
      const input = Array.from({ length: 16 }, (_, i) => `text ${i}`);
      const { json } = await postJson(emulator, '/embeddings', { model: 'm', input, dimensions: 2 });
      return json.data.map((item: { index: number }) => item.index);
    };
    expect(await order(3)).toEqual(await order(3));
    expect(await order(3)).not.toEqual(await order(4));
  });

  it('count faults the first N matching requests, in list order', async () => {
    const emulator = await start({
      faults: [
        { kind: 'status', status: 429, count: 1 },
        { kind: 'status', status: 503, count: 1 },
      ],
    });
    const statuses: number[] = [];
    for (let i = 0; i < 3; i++) statuses.push((await postJson(emulator, '/embeddings', EMBED)).status);
    expect(statuses).toEqual([429, 503, 200]);
  });

  it('path: a fault only for requests whose path ends with it', async () => {
    const emulator = await start({ faults: [{ kind: 'status', status: 413, path: '/moderations' }] });
    expect((await postJson(emulator, '/embeddings', EMBED)).status).toBe(200);
    const tooLarge = await postJson(emulator, '/moderations', { input: 'x' });
    expect(tooLarge.status).toBe(413);
    expect(tooLarge.json.error.code).toBe('request_too_large');
  });

  it('method: a fault only for requests with that method', async () => {
    const emulator = await start({
      faults: [{ kind: 'status', status: 500, route: 'files', method: 'DELETE' }],
    });
    const headers = { authorization: 'Bearer x' };
    const listed = await fetch(`${emulator.url}/files`, { headers });
    expect(listed.status).toBe(200);
    const deleted = await fetch(`${emulator.url}/files/file-abc`, { method: 'DELETE', headers });
    expect(deleted.status).toBe(500);
  });

  it('status with delayMs: the error comes after the wait, like a gateway timeout', async () => {
    const emulator = await start({ faults: [{ kind: 'status', status: 504, delayMs: 30 }] });
    const waited = await emulatorWaitMs(() => postStatus(emulator, '/embeddings', EMBED));
    expect(waited).toBeGreaterThanOrEqual(30);
    expect(waited).toBeLessThan(35);
    expect(emulator.requests[0]).toMatchObject({ fault: 'status', status: 504 });
    emulator.reset();
    const answer = await postJson(emulator, '/embeddings', EMBED);
    expect(answer.json.error.code).toBe('gateway_timeout');
  });
});
