// One test per pass-through behaviour of the robustness issue, each against an emulator switch over
// real HTTP. Behaviours tested elsewhere: input caps and float-only upstreams (resources/embeddings),
// HTML 502 pages, Retry-After and idempotency keys (client), stalled and cut streams with a run id
// (resources/threads), redirects between two plain servers (core/redirects), upload names (core/uploads).
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type FaultSpec, startEmulator } from '@anyint/emulator';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  AnyInt,
  APIConnectionError,
  type APIError,
  GatewayTimeoutError,
  InsufficientQuotaError,
  InvalidResponseError,
  imageBytes,
  NotFoundError,
  RequestTooLargeError,
  type RunStreamEvent,
  type RunStreamPartial,
  StreamTruncatedError,
  toFile,
  UnsupportedRouteError,
} from './index.js';
import { useEmulator } from './test-support.js';

const ctx = useEmulator({
  timeScale: 1000,
  presignedDownloads: true,
  models: {
    'base64-only-embedder': { encodings: ['base64'] },
    'kling-task-video': { jobFields: 'kling' },
  },
});
let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'anyint-pass-through-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

// Faults differ per test, so those tests get their own emulator.
const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  await Promise.all(closers.splice(0).map((close) => close()));
});
async function faulty(faults: FaultSpec[], timeScale = 1000, streamIdleTimeoutMs?: number) {
  const emulator = await startEmulator({ apiKey: 'k', timeScale, faults });
  closers.push(() => emulator.close());
  const client = new AnyInt({ apiKey: 'k', baseURL: emulator.url, maxRetries: 2, streamIdleTimeoutMs });
  return { emulator, client };
}

const errorOf = (promise: Promise<unknown>) =>
  promise.then(
    () => undefined,
    (error: unknown) => error,
  );

describe('embeddings', () => {
  it('asks a base64-only upstream for base64 after it rejects float, once, and remembers it', async () => {
    const client = ctx.client({ maxRetries: 0 });
    const model = 'base64-only-embedder';
    const { data } = await client.embeddings.create({ model, input: 'hello', encoding_format: 'float' });
    expect(data[0]?.embedding).toHaveLength(1536);
    expect(typeof data[0]?.embedding[0]).toBe('number');
    const sent = () =>
      ctx.requestsTo('/embeddings').map((r) => (r.body as { encoding_format: string }).encoding_format);
    expect(sent()).toEqual(['float', 'base64']);
    ctx.emulator.reset();
    await client.embeddings.create({ model, input: 'again', encoding_format: 'float' });
    expect(sent()).toEqual(['base64']);
  });
});

describe('optional fields', () => {
  it('never sends null to an upstream that rejects it (images, speech, moderations)', async () => {
    const client = ctx.client({ maxRetries: 0 });
    await client.images.generate({
      model: 'dall-e-2',
      prompt: 'a fox',
      size: '256x256',
      response_format: 'b64_json',
      user: null as never,
      style: null as never,
    });
    const speech = await client.audio.speech.create({
      model: 'tts-1',
      input: 'hi',
      voice: 'alloy',
      speed: null as never,
      instructions: null as never,
    });
    await speech.discard();
    await client.moderations.create({ input: 'hello', model: null as never });
    expect(ctx.emulator.requests.map((r) => r.status)).toEqual([200, 200, 200]);
    for (const request of ctx.emulator.requests) {
      expect(Object.values(request.body as object)).not.toContain(null);
    }
  });
});

describe('errors', () => {
  it.each([
    ['a 429 with insufficient_quota', { status: 429, code: 'insufficient_quota', retryAfter: 0 }],
    [
      'a 403 in quota wording',
      {
        status: 403,
        code: 'access_denied',
        message: 'You exceeded your current quota, please check your plan.',
      },
    ],
  ])('reports %s as InsufficientQuotaError without retrying', async (_, fault) => {
    const { emulator, client } = await faulty([{ kind: 'status', ...fault }]);
    const error = await errorOf(client.embeddings.create({ model: 'm', input: 'x' }));
    expect(InsufficientQuotaError.isInstance(error)).toBe(true);
    expect(emulator.requests).toHaveLength(1);
  });

  it('maps an HTML 404 page on a create path to UnsupportedRouteError with its title, not retried', async () => {
    const { emulator, client } = await faulty([{ kind: 'status', status: 404, body: 'html' }]);
    const error = await errorOf(client.moderations.create({ input: 'x', model: 'omni-moderation-latest' }));
    expect(UnsupportedRouteError.isInstance(error)).toBe(true);
    expect((error as APIError).message).toContain('404 Not Found (POST /moderations, text/html)');
    expect(error).toMatchObject({ route: 'POST /moderations', model: 'omni-moderation-latest' });
    expect(emulator.requests).toHaveLength(1);
  });

  it('reports a 504 that comes after a delay on a video create as GatewayTimeoutError, sent once', async () => {
    const { emulator, client } = await faulty([
      { kind: 'status', status: 504, delayMs: 50, route: 'videos' },
    ]);
    const error = await errorOf(client.videos.create({ model: 'sora-2', prompt: 'a wave' }));
    expect(GatewayTimeoutError.isInstance(error)).toBe(true);
    expect((error as Error).message).toContain('may still complete');
    expect(emulator.requests).toHaveLength(1);
  });

  it('reports a 413 as RequestTooLargeError without retrying, even where resending creates nothing', async () => {
    const { emulator, client } = await faulty([{ kind: 'status', status: 413, route: 'transcriptions' }]);
    const file = await toFile(new Uint8Array([1, 2, 3, 4]), 'clip.wav', { type: 'audio/wav' });
    const error = await errorOf(client.audio.transcriptions.create({ model: 'whisper-1', file }));
    expect(RequestTooLargeError.isInstance(error)).toBe(true);
    expect(emulator.requests).toHaveLength(1);
  });
});

describe('streamed runs', () => {
  async function startRun(client: AnyInt, model: string) {
    const assistant = await client.assistants.create({ model: 'gpt-4o-mini', instructions: 'Be brief.' });
    const thread = await client.threads.create({ messages: [{ role: 'user', content: 'Hello there' }] });
    return { thread, stream: client.threads.runs.stream(thread.id, { assistant_id: assistant.id, model }) };
  }

  it('gets every event from a buffering proxy that sends them all at the end', async () => {
    const { emulator, client } = await faulty([{ kind: 'buffer', model: 'buffered' }]);
    const { stream } = await startRun(client, 'buffered');
    const events: string[] = [];
    for await (const event of stream) events.push(event.event);
    expect(events[0]).toBe('thread.run.created');
    expect(events.at(-1)).toBe('thread.run.completed');
    expect((await stream.finalRun()).status).toBe('completed');
    expect(await stream.finalMessages()).toHaveLength(1);
    // Everything came through the stream: no polling.
    expect(emulator.requests.filter((r) => r.method === 'GET')).toHaveLength(0);
  });

  it('finds and polls the run when a buffering proxy holds back even its first event past the idle timeout', async () => {
    // Runs take 2 s here; the idle timeout of 100 ms fires within about a second (undici checks its
    // timers twice a second), so the run is still going when it is looked for.
    const { emulator, client } = await faulty([{ kind: 'buffer', model: 'held' }], 0.2, 100);
    const { thread, stream } = await startRun(client, 'held');
    const events: string[] = [];
    for await (const event of stream) events.push(event.event);
    // The polled run's message is told as completed, then the run.
    expect(events).toEqual(['thread.message.completed', 'thread.run.completed']);
    expect((await stream.finalRun()).status).toBe('completed');
    expect(await stream.finalMessages()).toHaveLength(1);
    const gets = emulator.requests.filter((r) => r.method === 'GET').map((r) => r.path);
    expect(gets[0]).toBe(`/openai/v1/threads/${thread.id}/runs`);
    expect(gets.some((path) => /\/runs\/run_/.test(path))).toBe(true);
  });

  it('delivers StreamTruncatedError with the partial result through the iterator when no run id arrived', async () => {
    const { emulator, client } = await faulty([{ kind: 'truncate', afterChunks: 0, model: 'cut-early' }]);
    const { stream } = await startRun(client, 'cut-early');
    const seen: RunStreamEvent[] = [];
    const error = await errorOf(
      (async () => {
        for await (const event of stream) seen.push(event);
      })(),
    );
    expect(StreamTruncatedError.isInstance(error)).toBe(true);
    const partial = (error as StreamTruncatedError<RunStreamPartial>).partial;
    expect(partial).toEqual({ events: seen, run: undefined, messages: [] });
    expect((error as StreamTruncatedError).route).toMatch(/^POST \/threads\/.+\/runs$/);
    await expect(stream.finalRun()).rejects.toBe(error);
    // Nothing to poll without a run id, and the create is not resent.
    expect(emulator.requests.filter((r) => r.path.endsWith('/runs'))).toHaveLength(1);
    expect(emulator.requests.filter((r) => r.method === 'GET')).toHaveLength(0);
  });

  it('passes events it does not know through, and still reads the run', async () => {
    const run = { id: 'run_1', object: 'thread.run', status: 'completed', thread_id: 'thread_1' };
    const body = [
      `event: thread.run.created\ndata: ${JSON.stringify({ ...run, status: 'queued' })}\n\n`,
      'event: ping\ndata: keep-alive\n\n',
      `event: thread.run.vendor_note\ndata: {"note":"x"}\n\n`,
      `event: thread.run.completed\ndata: ${JSON.stringify(run)}\n\n`,
      'event: done\ndata: [DONE]\n\n',
    ].join('');
    const fetch = async () => new Response(body, { headers: { 'content-type': 'text/event-stream' } });
    const client = new AnyInt({ apiKey: 'k', baseURL: 'http://gateway.invalid/v1', fetch });
    const stream = client.threads.runs.stream('thread_1', { assistant_id: 'asst_1' });
    const events: { event: string; data: unknown }[] = [];
    for await (const event of stream) events.push(event);
    expect(events.map((e) => e.event)).toEqual([
      'thread.run.created',
      'ping',
      'thread.run.vendor_note',
      'thread.run.completed',
    ]);
    expect(events[1]?.data).toBe('keep-alive');
    expect(events[2]?.data).toEqual({ note: 'x' });
    expect((await stream.finalRun()).status).toBe('completed');
  });
});

describe('images', () => {
  it('exposes the expiry of a presigned URL and fetches the image from the storage host', async () => {
    const response = await ctx
      .client()
      .images.generate({ model: 'kling-v3-omni', prompt: 'a lighthouse', size: '256x256' });
    const [item] = response.data;
    expect(new URL(item?.url ?? '').origin).not.toBe(ctx.emulator.origin);
    // The emulator signs for an hour from the moment it answers; seconds may tick in between.
    expect(Math.abs((item?.expires_at ?? 0) - (response.created + 3600))).toBeLessThanOrEqual(2);
    const png = await imageBytes(item ?? {});
    expect(Buffer.from(png.subarray(1, 4)).toString('latin1')).toBe('PNG');
  });
});

describe('videos', () => {
  it('polls a Kling-style job (task_id, task_status: succeed) and downloads it through a presigned redirect', async () => {
    const client = ctx.client();
    const video = await client.videos.create({ model: 'kling-task-video', prompt: 'a kite' });
    expect(video).toMatchObject({ id: expect.stringMatching(/^video_/), status: 'queued' });
    const done = await client.videos.poll(video.id, { intervalMs: 5 });
    expect(done.status).toBe('completed');
    const path = join(dir, 'kite.mp4');
    // The storage host refuses a request carrying the API key, as S3 does: this passes only without it.
    await (await client.videos.content(video.id)).writeToFile(path);
    expect((await readFile(path)).toString('latin1', 4, 8)).toBe('ftyp');
    const content = ctx.requestsTo('/content');
    expect(content).toHaveLength(1);
    expect(content[0]?.status).toBe(302);
  });

  it.each([
    ['an empty 200', { status: 200, body: 'empty' } as const, InvalidResponseError],
    ['a 404', { status: 404 } as const, NotFoundError],
  ])(
    'fails once, clearly, when a completed video has no content (%s), writing nothing',
    async (_, fault, type) => {
      const { emulator, client } = await faulty([
        { kind: 'status', route: 'videos', path: '/content', ...fault },
      ]);
      const video = await client.videos.create({ model: 'sora-2', prompt: 'a wave' });
      await client.videos.poll(video.id, { intervalMs: 5 });
      const path = join(dir, `missing-${fault.status}.mp4`);
      const error = await errorOf(
        client.videos.content(video.id).then((content) => content.writeToFile(path)),
      );
      expect((type as unknown as { isInstance(e: unknown): boolean }).isInstance(error)).toBe(true);
      expect(existsSync(path)).toBe(false);
      expect(emulator.requests.filter((r) => r.path.endsWith('/content'))).toHaveLength(1);
    },
  );

  it('leaves no file behind when the download is cut', async () => {
    const { client } = await faulty([{ kind: 'truncate', route: 'videos', path: '/content' }]);
    const video = await client.videos.create({ model: 'sora-2', prompt: 'a wave' });
    await client.videos.poll(video.id, { intervalMs: 5 });
    const path = join(dir, 'cut.mp4');
    const error = await errorOf(client.videos.content(video.id).then((content) => content.writeToFile(path)));
    expect(APIConnectionError.isInstance(error)).toBe(true);
    expect(existsSync(path)).toBe(false);
  });
});
