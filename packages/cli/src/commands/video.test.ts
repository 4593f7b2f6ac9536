import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { run, STACK_LINE, useEmulator } from '../test-support.js';

const t = useEmulator({ models: { 'text-only': { disabledRoutes: ['videos'] } } });

const PNG = [0x89, 0x50, 0x4e, 0x47];

describe('anyint video', () => {
  it('creates a video, waits with progress and streams the MP4 and its thumbnail to disk', async () => {
    const out = join(t.dir, 'fox.mp4');
    const thumbnail = join(t.dir, 'fox.png');
    const { code, stdout, stderr } = await run(
      [
        'video',
        'a red fox in snow',
        '--model',
        'kling-v3',
        '--seconds',
        '5',
        '-o',
        out,
        '--thumbnail',
        thumbnail,
        '--poll-interval',
        '10',
      ],
      { env: t.env, tty: true },
    );
    expect(code).toBe(0);
    expect(stdout).toBe(`${out}\n`);
    expect(stderr).toMatch(/video video_\w+ \[[#-]+\] \d+%/);
    expect(stderr).toContain(`Saved`);
    const mp4 = await readFile(out);
    expect(mp4.subarray(4, 8).toString('latin1')).toBe('ftyp');
    expect([...(await readFile(thumbnail)).subarray(0, 4)]).toEqual(PNG);
    const create = t.emulator.requests.find((r) => r.method === 'POST' && r.path.endsWith('/videos'));
    expect(create?.body).toMatchObject({ model: 'kling-v3', prompt: 'a red fox in snow', seconds: '5' });
  });

  it('prints the finished job with --json and downloads an existing video with --id', async () => {
    const out = join(t.dir, 'waves.mp4');
    const created = await run(
      ['video', 'waves', 'at', 'dusk', '-m', 'sora-2', '-o', out, '--json', '--poll-interval', '10'],
      {
        env: t.env,
      },
    );
    expect(created.code).toBe(0);
    const video = JSON.parse(created.stdout) as { id: string; status: string; file: string; prompt: string };
    expect(video).toMatchObject({ status: 'completed', file: out, prompt: 'waves at dusk' });
    const again = join(t.dir, 'again.mp4');
    const fetched = await run(['video', '--id', video.id, '-o', again, '--poll-interval', '10'], {
      env: t.env,
    });
    expect(fetched.code).toBe(0);
    expect(await readFile(again)).toEqual(await readFile(out));
  });

  it('explains a route the model lacks and a missing model in one line', async () => {
    const unsupported = await run(['video', 'a fox', '-m', 'text-only', '-o', join(t.dir, 'x.mp4')], {
      env: t.env,
    });
    expect(unsupported.code).toBe(1);
    expect(unsupported.stderr.split('\n')).toHaveLength(2);
    expect(unsupported.stderr).toMatch(/^error: 404 .*not supported.*anyint check --model text-only/);
    expect(unsupported.stderr).not.toMatch(STACK_LINE);
    const noModel = await run(['video', 'a fox'], { env: t.env });
    expect(noModel.code).toBe(2);
    expect(noModel.stderr.split('\n')[0]).toBe('error: Missing --model <id> (e.g. kling-v3, sora-2).');
  });
});
