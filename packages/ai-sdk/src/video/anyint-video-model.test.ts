import { deflateSync } from 'node:zlib';
import { APICallError, InvalidArgumentError } from '@ai-sdk/provider';
import { JobFailedError } from '@anyint/client';
import { type EmulatorOptions, startEmulator } from '@anyint/emulator';
import { experimental_generateVideo as generateVideo } from 'ai';
import { describe, expect, it } from 'vitest';
import { createAnyInt } from '../anyint-provider.js';
import { useEmulator } from '../test-support.js';

// timeScale 20: a 5 s video is queued for 10 ms and renders in about 60 ms.
const ctx = useEmulator({
  timeScale: 20,
  faults: [{ model: 'flaky-video', kind: 'status', status: 503, count: 1, retryAfter: 0 }],
});
const fast = { anyint: { pollIntervalMs: 10 } };

const isMp4 = (bytes: Uint8Array) => String.fromCharCode(...bytes.subarray(4, 8)) === 'ftyp';

function crc32(bytes: Uint8Array): number {
  let crc = ~0;
  for (const byte of bytes) {
    crc ^= byte;
    for (let k = 0; k < 8; k++) crc = (crc >>> 1) ^ (0xedb88320 & -(crc & 1));
  }
  return ~crc >>> 0;
}

/** A plain grey PNG of the given size. */
function png(width: number, height: number): Uint8Array {
  const chunk = (type: string, data: Buffer) => {
    const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
    const out = Buffer.alloc(body.length + 8);
    out.writeUInt32BE(data.length, 0);
    body.copy(out, 4);
    out.writeUInt32BE(crc32(body), body.length + 4);
    return out;
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 0, 0, 0, 0], 8); // 8-bit greyscale
  const rows = Buffer.alloc((width + 1) * height, 0x80);
  for (let y = 0; y < height; y++) rows[y * (width + 1)] = 0;
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(rows)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

async function failure(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => expect.fail('the call succeeded'),
    (error: unknown) => error,
  );
}

describe('AnyIntVideoModel', () => {
  it('turns the numeric duration into the seconds string and returns the MP4 bytes', async () => {
    const { video, videos, warnings, responses, providerMetadata } = await generateVideo({
      model: ctx.provider().video('kling-v3'),
      prompt: 'a red fox running through snow',
      duration: 5,
      resolution: '1280x720',
      providerOptions: fast,
    });
    expect(videos).toHaveLength(1);
    expect(video.mediaType).toBe('video/mp4');
    expect(isMp4(video.uint8Array)).toBe(true);
    expect(warnings).toEqual([]);
    expect(responses[0]).toMatchObject({ modelId: 'kling-v3' });
    expect(responses[0]?.headers?.['content-type']).toBe('video/mp4');
    const [create] = ctx.requestsTo('/videos');
    expect(create?.body).toEqual({
      model: 'kling-v3',
      prompt: 'a red fox running through snow',
      seconds: '5',
      size: '1280x720',
    });
    const [meta] = (providerMetadata.anyint?.videos ?? []) as Record<string, unknown>[];
    expect(meta).toMatchObject({ status: 'completed', seconds: '5', size: '1280x720' });
    expect(ctx.requestsTo(`/videos/${meta?.id}/content`)).toHaveLength(1);
  });

  it('lets providerOptions.anyint seconds and size win, with warnings', async () => {
    const { warnings } = await generateVideo({
      model: ctx.provider().video('sora-2'),
      prompt: 'waves at dusk',
      duration: 5,
      resolution: '1280x720',
      providerOptions: { anyint: { seconds: '8', size: '720x1280', pollIntervalMs: 10 } },
    });
    expect(ctx.requestsTo('/videos')[0]?.body).toMatchObject({ seconds: '8', size: '720x1280' });
    expect(warnings.map((w) => (w as { feature?: string }).feature)).toEqual(['duration', 'resolution']);
  });

  it("sends an aspect ratio as the family's size for it (Kling takes the ratio) and warns about settings the route does not take", async () => {
    const { warnings } = await generateVideo({
      model: ctx.provider().video('kling-v3'),
      prompt: 'a lighthouse',
      aspectRatio: '1:1',
      duration: 4.6,
      fps: 24,
      seed: 7,
      providerOptions: fast,
    });
    expect(ctx.requestsTo('/videos')[0]?.body).toMatchObject({ seconds: '5', size: '1:1' });
    expect(warnings).toEqual([
      { type: 'compatibility', feature: 'duration', details: expect.stringContaining("'5'") },
      { type: 'compatibility', feature: 'aspectRatio', details: 'Sent as size 1:1.' },
      { type: 'unsupported', feature: 'fps', details: expect.any(String) },
      { type: 'unsupported', feature: 'seed', details: expect.any(String) },
    ]);
  });

  it('leaves an aspect ratio it has no size for to the upstream, with a warning', async () => {
    const { warnings } = await generateVideo({
      model: ctx.provider().video('sora-2'),
      prompt: 'a lighthouse',
      aspectRatio: '21:9',
      providerOptions: fast,
    });
    expect(ctx.requestsTo('/videos')[0]?.body).toEqual({ model: 'sora-2', prompt: 'a lighthouse' });
    expect(warnings).toEqual([{ type: 'unsupported', feature: 'aspectRatio', details: expect.any(String) }]);
  });

  it('sends a start image as input_reference (multipart)', async () => {
    const { video } = await generateVideo({
      model: ctx.provider().video('kling-v3'),
      prompt: { image: png(1280, 720), text: 'the scene comes alive' },
      duration: 5,
      providerOptions: fast,
    });
    expect(isMp4(video.uint8Array)).toBe(true);
    const parts = ctx.requestsTo('/videos')[0]?.parts ?? [];
    expect(parts.find((p) => p.name === 'input_reference')).toMatchObject({
      filename: 'input_reference.png',
      contentType: 'image/png',
    });
    expect(parts.find((p) => p.name === 'seconds')?.value).toBe('5');
  });

  it('reports progress through the model settings', async () => {
    const updates: { videoId: string; status: string; progress: number | undefined }[] = [];
    const { providerMetadata } = await generateVideo({
      model: ctx.provider().video('kling-v3', { pollIntervalMs: 10, onProgress: (u) => updates.push(u) }),
      prompt: 'a paper boat',
    });
    const [meta] = (providerMetadata.anyint?.videos ?? []) as { id: string }[];
    expect(updates.length).toBeGreaterThan(0);
    expect(updates.every((u) => u.videoId === meta?.id)).toBe(true);
    expect(updates.at(-1)).toEqual({ videoId: meta?.id, status: 'completed', progress: 100 });
  });

  it('rejects invalid provider options before sending anything', async () => {
    const error = await failure(
      generateVideo({
        model: ctx.provider().video('kling-v3'),
        prompt: 'a fox',
        providerOptions: { anyint: { seconds: 5 } },
      }),
    );
    expect(InvalidArgumentError.isInstance(error)).toBe(true);
    expect(ctx.emulator.requests).toHaveLength(0);
  });

  it('stops polling when the abort signal fires', async () => {
    const controller = new AbortController();
    const error = await failure(
      generateVideo({
        model: ctx.provider().video('kling-v3', {
          pollIntervalMs: 2000,
          onProgress: () => controller.abort(),
        }),
        prompt: 'a slow fox',
        duration: 10,
        abortSignal: controller.signal,
      }),
    );
    expect(error).toMatchObject({ name: 'AbortError' });
    expect(ctx.requestsTo('/videos')).toHaveLength(1);
    expect(ctx.requestsTo('/content')).toHaveLength(0);
  });

  it('maps a failed job to a non-retryable APICallError: a retry would create a second video', async () => {
    const error = await failure(
      generateVideo({
        model: ctx.provider().video('kling-v3'),
        prompt: 'a fox [fail]',
        providerOptions: fast,
      }),
    );
    expect(APICallError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ isRetryable: false });
    expect(JobFailedError.isInstance((error as APICallError).cause)).toBe(true);
    expect((error as Error).message).toMatch(/failed/);
    expect(ctx.requestsTo('/videos')).toHaveLength(1);
  });

  it('leaves a failed create to the AI SDK retries (nothing was created)', async () => {
    const { video } = await generateVideo({
      model: ctx.provider().video('flaky-video'),
      prompt: 'a fox',
      duration: 4,
      providerOptions: fast,
    });
    expect(isMp4(video.uint8Array)).toBe(true);
    expect(ctx.requestsTo('/videos').map((r) => r.status)).toEqual([503, 200]);
  });

  it('retries a failed status check in the client, never the create', async () => {
    const options: EmulatorOptions = {
      apiKey: 'sk-test-video-faults',
      timeScale: 20,
      faults: [
        // Creates name a model: this no-op catches them, so the 503 below hits the first status check.
        { route: 'videos', model: 'sora-2', kind: 'delay', delayMs: 0 },
        { route: 'videos', kind: 'status', status: 503, count: 1, retryAfter: 0 },
      ],
    };
    const emulator = await startEmulator(options);
    try {
      const provider = createAnyInt({ apiKey: options.apiKey, baseURL: emulator.url });
      const { video } = await generateVideo({
        model: provider.video('sora-2'),
        prompt: 'a fox',
        providerOptions: fast,
      });
      expect(isMp4(video.uint8Array)).toBe(true);
      const videoRequests = emulator.requests.filter((r) => r.path.includes('/videos'));
      expect(videoRequests.filter((r) => r.method === 'POST')).toHaveLength(1);
      expect(videoRequests.slice(0, 3).map((r) => `${r.method} ${r.status}`)).toEqual([
        'POST 200',
        'GET 503',
        'GET 200',
      ]);
    } finally {
      await emulator.close();
    }
  });

  it('is reachable as videoModel and video, one video per call', () => {
    const provider = createAnyInt({ apiKey: 'unused' });
    const model = provider.videoModel('kling-v3');
    expect(model).toMatchObject({ specificationVersion: 'v3', modelId: 'kling-v3', maxVideosPerCall: 1 });
    expect(model.provider).toBe('anyint.video');
    expect(provider.video('sora-2').modelId).toBe('sora-2');
  });
});
