import { readFile, rm } from 'node:fs/promises';
import { afterAll, describe, expect, it } from 'vitest';
import { useEmulator } from '../test-support.js';
import { outputFolder } from './output-files.js';
import { generateVideo } from './video.js';

const ctx = useEmulator({ timeScale: 1000, personality: 'kling' });
const made: string[] = [];
afterAll(async () => {
  for (const path of made) await rm(path, { force: true });
});

describe('generateVideo', () => {
  it('creates, waits for and saves the MP4 and thumbnail, reading every response it opens', async () => {
    const updates: string[] = [];
    const saved = await generateVideo(
      ctx.client(),
      { model: 'kling-v3', prompt: 'a red fox running through snow', seconds: '5' },
      {
        output: outputFolder({}),
        requestOptions: {},
        pollIntervalMs: 10,
        onProgress: ({ status }) => updates.push(status),
      },
    );
    made.push(saved.path, saved.thumbnail?.path ?? '');
    expect(saved.job.status).toBe('completed');
    expect(saved.path.endsWith(`${saved.job.id}.mp4`)).toBe(true);
    const mp4 = await readFile(saved.path);
    expect(mp4.length).toBe(saved.sizeBytes);
    expect(mp4.toString('latin1', 4, 8)).toBe('ftyp');
    expect(saved.thumbnail?.mediaType).toMatch(/^image\//);
    expect(saved.requestId).toMatch(/.+/);
    expect(updates.at(-1)).toBe('completed');
    const downloads = ctx.requestsTo('/content');
    expect(downloads.map((request) => request.query.variant)).toEqual(['video', 'thumbnail']);
  });
});
