import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Emulator } from './index.js';
import { startEmulator } from './index.js';
import { call } from './routes/assistants-test-helpers.js';
import { PRESIGNED_EXPIRES_SECONDS } from './storage-host.js';
import { parsePng, postJson } from './test-support.js';

let emulator: Emulator;
beforeAll(async () => {
  emulator = await startEmulator({ presignedDownloads: true, personality: 'kling', timeScale: 1000 });
});
afterAll(() => emulator.close());

describe('presignedDownloads', () => {
  it('serves URL images from another origin through S3-style presigned URLs', async () => {
    const answer = await postJson(emulator, '/images/generations', {
      model: 'kling-v3-omni',
      prompt: 'a lighthouse',
      size: '256x256',
    });
    const url = new URL(answer.json.data[0].url);
    expect(url.origin).not.toBe(emulator.origin);
    expect(url.searchParams.get('X-Amz-Expires')).toBe(String(PRESIGNED_EXPIRES_SECONDS));
    expect(url.searchParams.get('X-Amz-Date')).toMatch(/^\d{8}T\d{6}Z$/);
    const image = await fetch(url);
    expect(image.headers.get('content-type')).toBe('image/png');
    expect(parsePng(Buffer.from(await image.arrayBuffer())).width).toBe(256);
  });

  it('refuses a request that also sends Authorization, and a tampered signature, as S3 does', async () => {
    const answer = await postJson(emulator, '/images/generations', {
      model: 'kling-v3-omni',
      prompt: 'a harbour',
      size: '256x256',
    });
    const url = answer.json.data[0].url as string;
    const withKey = await fetch(url, { headers: { authorization: 'Bearer sk-leaked' } });
    expect(withKey.status).toBe(400);
    expect(await withKey.text()).toContain('<Code>InvalidArgument</Code>');
    const tampered = await fetch(url.replace(/X-Amz-Expires=\d+/, 'X-Amz-Expires=999999'));
    expect(tampered.status).toBe(403);
    expect(await tampered.text()).toContain('SignatureDoesNotMatch');
  });

  it('answers video content with a 302 to the storage origin', async () => {
    const video = (await call(emulator, 'POST', '/videos', { model: 'kling-v3', prompt: 'waves' })).json;
    let status = video.status;
    for (let i = 0; i < 200 && status !== 'completed'; i++) {
      status = (await call(emulator, 'GET', `/videos/${video.id}`)).json.status;
    }
    const redirect = await fetch(`${emulator.url}/videos/${video.id}/content`, { redirect: 'manual' });
    expect(redirect.status).toBe(302);
    const location = new URL(redirect.headers.get('location') ?? '');
    expect(location.origin).not.toBe(emulator.origin);
    const mp4 = await fetch(location);
    expect(mp4.headers.get('content-type')).toBe('video/mp4');
    expect(Buffer.from(await mp4.arrayBuffer()).toString('latin1', 4, 8)).toBe('ftyp');
  });
});
