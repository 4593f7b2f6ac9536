import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Emulator } from '../index.js';
import { startEmulator } from '../index.js';
import { renderPng } from '../png.js';
import { parsePng } from '../test-support.js';
import { findBox, readBoxes } from '../video/mp4.js';
import { call, expectSchema, sleep } from './assistants-test-helpers.js';

// 200 ms queued and 250 ms of rendering per video second, divided by 10: a 4 s video takes 120 ms.
const TIME_SCALE = 10;
let emulator: Emulator;
beforeAll(async () => {
  emulator = await startEmulator({
    timeScale: TIME_SCALE,
    models: { 'any-kling': { personality: 'kling' }, 'kling-task': { jobFields: 'kling' } },
  });
});
afterAll(() => emulator.close());

const create = (body: unknown) => call(emulator, 'POST', '/videos', body, {});

async function waitFor(id: string, until: string[], target = emulator) {
  const seen: { status: string; progress: number }[] = [];
  for (let attempt = 0; attempt < 400; attempt++) {
    const video = (await call(target, 'GET', `/videos/${id}`, undefined, {})).json;
    const last = seen[seen.length - 1];
    if (!last || last.status !== video.status || last.progress !== video.progress) {
      seen.push({ status: video.status, progress: video.progress });
    }
    if (until.includes(video.status)) return { video, seen };
    await sleep(5);
  }
  throw new Error(`video stayed ${JSON.stringify(seen.at(-1))}`);
}

async function content(id: string, variant?: string, target = emulator) {
  const query = variant ? `?variant=${variant}` : '';
  const response = await fetch(`${target.url}/videos/${id}/content${query}`);
  return { response, bytes: Buffer.from(await response.arrayBuffer()) };
}

/** Reads what a player needs to know from the MP4's boxes. */
function mp4Facts(file: Buffer) {
  const top = readBoxes(file).map((box) => box.type);
  const ftyp = findBox(file, ['ftyp'])!;
  const mvhd = findBox(file, ['moov', 'mvhd'])!;
  const tkhd = findBox(file, ['moov', 'trak', 'tkhd'])!;
  const mdhd = findBox(file, ['moov', 'trak', 'mdia', 'mdhd'])!;
  const stsz = findBox(file, ['moov', 'trak', 'mdia', 'minf', 'stbl', 'stsz'])!;
  const stsd = findBox(file, ['moov', 'trak', 'mdia', 'minf', 'stbl', 'stsd'])!;
  expect(file[mvhd.body]).toBe(0); // version 0 boxes
  return {
    top,
    brand: file.toString('latin1', ftyp.body, ftyp.body + 4),
    timescale: file.readUInt32BE(mvhd.body + 12),
    duration: file.readUInt32BE(mvhd.body + 16),
    trackDuration: file.readUInt32BE(tkhd.body + 20),
    width: file.readUInt32BE(tkhd.body + 76) / 65536,
    height: file.readUInt32BE(tkhd.body + 80) / 65536,
    mediaSeconds: file.readUInt32BE(mdhd.body + 16) / file.readUInt32BE(mdhd.body + 12),
    samples: file.readUInt32BE(stsz.body + 8),
    codec: file.toString('latin1', stsd.body + 12, stsd.body + 16),
  };
}

describe('videos', () => {
  it('moves queued -> in_progress (progress rising) -> completed, shaped like OpenAI’s', async () => {
    // At timeScale 1 the job is queued for 200 ms and renders for a second: room for a busy machine.
    const paced = await startEmulator();
    const created = await call(
      paced,
      'POST',
      '/videos',
      { model: 'sora-2', prompt: 'a red fox in snow', seconds: '4', size: '1280x720' },
      {},
    );
    const early = await content(created.json.id, undefined, paced);
    expect(created.status).toBe(200);
    expect(created.json).toMatchObject({
      object: 'video',
      model: 'sora-2',
      status: 'queued',
      progress: 0,
      seconds: '4',
      size: '1280x720',
      prompt: 'a red fox in snow',
      error: null,
    });
    expect(created.json.id).toMatch(/^video_/);
    expect(early.response.status).toBe(404);
    expect(JSON.parse(early.bytes.toString()).error.code).toBe('video_not_ready');

    const { video, seen } = await waitFor(created.json.id, ['completed', 'failed'], paced);
    await paced.close();
    expect(video.status).toBe('completed');
    expect(video.progress).toBe(100);
    expect(video.completed_at).toBeGreaterThan(0);
    expectSchema('VideoResource', created.json);
    expectSchema('VideoResource', video);
    const statuses = [...new Set([created.json, ...seen].map((step) => step.status))];
    expect(statuses).toEqual(['queued', 'in_progress', 'completed']);
    const progress = seen.filter((step) => step.status === 'in_progress').map((step) => step.progress);
    expect(progress.length).toBeGreaterThan(1);
    expect(progress).toEqual([...progress].sort((a, b) => a - b));
    expect(Math.max(...progress)).toBeLessThan(100);
  });

  it('serves an MP4 whose boxes state the requested duration and frame size', async () => {
    for (const [model, seconds, size, width, height] of [
      ['sora-2', '4', '720x1280', 720, 1280],
      ['sora-2-pro', '12', '1792x1024', 1792, 1024],
      ['kling-v3', '10', '1920x1080', 1920, 1080],
      ['kling-v3-pro', '5', '16:9', 1280, 720],
    ] as const) {
      const created = await create({ model, prompt: 'waves', seconds, size });
      expect(created.status).toBe(200);
      await waitFor(created.json.id, ['completed']);
      const { response, bytes } = await content(created.json.id, 'video');
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toBe('video/mp4');
      const facts = mp4Facts(bytes);
      expect(facts.top).toEqual(['ftyp', 'moov', 'mdat']);
      expect(facts.brand).toBe('isom');
      expect(facts.duration / facts.timescale).toBe(Number(seconds));
      expect(facts.trackDuration / facts.timescale).toBe(Number(seconds));
      expect(facts.mediaSeconds).toBe(Number(seconds));
      expect({ width: facts.width, height: facts.height }).toEqual({ width, height });
      expect(facts.samples).toBe(24 * Number(seconds));
      expect(facts.codec).toBe('avc1');
      expect(bytes.length).toBeLessThan(100_000);
    }
  });

  it('serves a thumbnail derived from the prompt and a spritesheet grid', async () => {
    const a = await create({ prompt: 'a lighthouse', seconds: '4', size: '1280x720' });
    const b = await create({ prompt: 'a forest', seconds: '4', size: '1280x720' });
    await waitFor(a.json.id, ['completed']);
    await waitFor(b.json.id, ['completed']);
    const thumbA = await content(a.json.id, 'thumbnail');
    expect(thumbA.response.headers.get('content-type')).toBe('image/png');
    const pngA = parsePng(thumbA.bytes);
    expect(pngA).toMatchObject({ width: 1280, height: 720 });
    const pngB = parsePng((await content(b.json.id, 'thumbnail')).bytes);
    expect(pngA.pixels.equals(pngB.pixels)).toBe(false);
    const sheet = parsePng((await content(a.json.id, 'spritesheet')).bytes);
    expect(sheet).toMatchObject({ width: 4 * 320, height: 2 * 180 });
    const bad = await content(a.json.id, 'poster');
    expect(bad.response.status).toBe(400);
    expect(JSON.parse(bad.bytes.toString()).error.param).toBe('variant');
  });

  it('fails a video whose prompt holds the [fail] trigger', async () => {
    const created = await create({ prompt: 'a cat [FAIL] on purpose', seconds: '4' });
    const { video } = await waitFor(created.json.id, ['completed', 'failed']);
    expect(video.status).toBe('failed');
    expect(video.error).toEqual({
      code: 'video_generation_failed',
      message: expect.stringContaining('[fail]'),
    });
    expectSchema('VideoResource', video);
    const none = await content(created.json.id);
    expect(none.response.status).toBe(404);
    expect(JSON.parse(none.bytes.toString()).error.code).toBe('video_failed');
  });

  it('takes multipart with an input_reference image of the right size', async () => {
    const form = new FormData();
    form.append('model', 'sora-2');
    form.append('prompt', 'animate this');
    form.append('seconds', '4');
    form.append('size', '720x1280');
    form.append(
      'input_reference',
      new Blob([new Uint8Array(renderPng('ref', 720, 1280))], { type: 'image/png' }),
      'ref.png',
    );
    const ok = await fetch(`${emulator.url}/videos`, { method: 'POST', body: form });
    expect(ok.status).toBe(200);
    expect((await ok.json()).size).toBe('720x1280');
    const wrong = new FormData();
    wrong.append('prompt', 'animate this');
    wrong.append(
      'input_reference',
      new Blob([new Uint8Array(renderPng('ref', 64, 64))], { type: 'image/png' }),
      'ref.png',
    );
    const rejected = await fetch(`${emulator.url}/videos`, { method: 'POST', body: wrong });
    expect(rejected.status).toBe(400);
    expect((await rejected.json()).error.param).toBe('input_reference');
    const entry = emulator.requests.find((request) =>
      request.parts?.some((part) => part.name === 'input_reference'),
    );
    expect(entry?.parts?.find((part) => part.name === 'input_reference')).toMatchObject({
      filename: 'ref.png',
    });
  });

  it('validates seconds and size per model family, in OpenAI’s error shape', async () => {
    const kling = await create({ model: 'kling-v3', prompt: 'p', seconds: '4' });
    expect(kling.status).toBe(400);
    expect(kling.json.error).toEqual({
      message: "Invalid value: '4'. Supported values are: '5', '10'.",
      type: 'invalid_request_error',
      param: 'seconds',
      code: 'invalid_value',
    });
    expect((await create({ model: 'sora-2', prompt: 'p', seconds: '5' })).json.error.param).toBe('seconds');
    const number = await create({ model: 'sora-2', prompt: 'p', seconds: 8 });
    expect(number.json.error).toMatchObject({ param: 'seconds', code: 'invalid_type' });
    expect((await create({ model: 'sora-2', prompt: 'p', size: '1920x1080' })).json.error.param).toBe('size');
    const missing = await create({ model: 'sora-2' });
    expect(missing.json.error).toMatchObject({ param: 'prompt', code: 'missing_required_parameter' });
    // The kling personality gives any model Kling's durations.
    const personality = await create({ model: 'any-kling', prompt: 'p', seconds: '10', size: '1:1' });
    expect(personality.json).toMatchObject({ seconds: '10', size: '1:1' });
    const defaults = await create({ model: 'kling-v3-omni', prompt: 'p' });
    expect(defaults.json).toMatchObject({ seconds: '5', size: '1280x720' });
  });

  it('lists with pagination, deletes, and 404s unknown ids', async () => {
    emulator.reset();
    const ids: string[] = [];
    for (let index = 0; index < 3; index++) ids.push((await create({ prompt: `p${index}` })).json.id);
    const page = await call(emulator, 'GET', '/videos?limit=2', undefined, {});
    expect(page.json.data.map((v: { id: string }) => v.id)).toEqual([ids[2], ids[1]]);
    expect(page.json.has_more).toBe(true);
    expectSchema('VideoListResource', page.json);
    const next = await call(emulator, 'GET', `/videos?limit=2&after=${ids[1]}`, undefined, {});
    expect(next.json.data.map((v: { id: string }) => v.id)).toEqual([ids[0]]);
    const deleted = await call(emulator, 'DELETE', `/videos/${ids[0]}`, undefined, {});
    expect(deleted.json).toEqual({ id: ids[0], object: 'video.deleted', deleted: true });
    expectSchema('DeletedVideoResource', deleted.json);
    const gone = await call(emulator, 'GET', `/videos/${ids[0]}`, undefined, {});
    expect(gone.status).toBe(404);
    expect(gone.json.error.message).toBe(`No video found with id '${ids[0]}'.`);
    expect((await content('video_nope')).response.status).toBe(404);
  });

  it('applies faults to video routes', async () => {
    const faulty = await startEmulator({
      timeScale: 1000,
      faults: [{ route: 'videos', kind: 'status', status: 429, retryAfter: 1, count: 1 }],
    });
    try {
      const limited = await call(faulty, 'POST', '/videos', { prompt: 'p' }, {});
      expect(limited.status).toBe(429);
      expect(limited.headers.get('retry-after')).toBe('1');
      expect((await call(faulty, 'POST', '/videos', { prompt: 'p' }, {})).status).toBe(200);
    } finally {
      await faulty.close();
    }
  });

  it("jobFields 'kling': task_id and task_status with Kling's words, content by the same id", async () => {
    const created = (await create({ model: 'kling-task', prompt: 'a kite' })).json;
    expect(created).not.toHaveProperty('id');
    expect(created.task_id).toMatch(/^video_/);
    expect(created.task_status).toBe('submitted');
    const words = new Set<string>();
    for (let attempt = 0; attempt < 400 && !words.has('succeed'); attempt++) {
      words.add((await call(emulator, 'GET', `/videos/${created.task_id}`, undefined, {})).json.task_status);
      await sleep(5);
    }
    expect(words).toContain('succeed');
    expect([...words].every((word) => ['submitted', 'processing', 'succeed'].includes(word))).toBe(true);
    expect((await content(created.task_id)).response.status).toBe(200);
  });
});
