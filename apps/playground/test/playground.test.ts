import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Playground, startPlayground } from '../scripts/start.js';
import { type Chromium, launchChromium } from './chromium.js';

// The page `pnpm playground` serves, driven in a real Chromium against the emulator it starts: every
// panel is used as a person would (buttons, inputs, a file, the microphone) and what it renders is
// checked as the browser sees it (decoded image sizes, media durations, the order of results).
let playground: Playground;
let browser: Chromium;
let page: Page;

beforeAll(async () => {
  playground = await startPlayground({ port: 0, logLevel: 'silent' });
  browser = await launchChromium();
  page = browser.page;
  await page.goto(playground.url);
  await page.waitForSelector('body[data-ready]');
});

afterAll(async () => {
  await browser?.close();
  await playground?.close();
});

/** Clicks a panel's button and waits until the panel is done; a panel that shows an error fails the test. */
async function run(panel: string, button = 'run'): Promise<void> {
  await page.click(`#${panel} [data-testid="${button}"]`);
  await waitUntilSettled(panel);
}

async function waitUntilSettled(panel: string): Promise<void> {
  await page.waitForFunction(
    (id) => ['done', 'error'].includes(document.getElementById(id)?.dataset.state ?? ''),
    panel,
  );
  const state = await page.$eval(`#${panel}`, (element) => (element as HTMLElement).dataset.state);
  if (state === 'error') {
    const shown = await page.$eval(`#${panel} [data-testid="error"]`, (element) => element.textContent);
    throw new Error(`The ${panel} panel shows an error: ${shown}\n${browser.problems.join('\n')}`);
  }
}

/** Requests the emulator saw on a path (after /openai/v1), preflights excluded (they are not logged). */
function calls(path: string) {
  return playground.emulator.requests.filter((request) => request.path.endsWith(path));
}

describe('connection', () => {
  it('points at the emulator it started, on another origin, with its key in a password field', async () => {
    const baseURL = await page.inputValue('[data-testid="base-url"]');
    expect(baseURL).toBe(playground.emulator.url);
    expect(new URL(baseURL).origin).not.toBe(new URL(playground.url).origin);
    expect(await page.getAttribute('[data-testid="api-key"]', 'type')).toBe('password');
    expect(await page.inputValue('[data-testid="api-key"]')).toMatch(/^sk-emulator-/);
  });

  it('keeps a typed key out of storage unless asked, and forgets it when unticked', async () => {
    const storage = () => page.evaluate(() => ({ ...localStorage }));
    await page.selectOption('[data-testid="target"]', 'gateway');
    expect(await page.inputValue('[data-testid="base-url"]')).toBe('https://gateway.api.anyint.ai/openai/v1');
    await page.fill('[data-testid="api-key"]', 'sk-typed-by-a-person');
    await page.dispatchEvent('[data-testid="api-key"]', 'change');
    expect(Object.values(await storage())).not.toContain('sk-typed-by-a-person');
    await page.check('[data-testid="remember"]');
    expect(Object.values(await storage())).toContain('sk-typed-by-a-person');
    await page.uncheck('[data-testid="remember"]');
    expect(await storage()).toEqual({});
    await page.selectOption('[data-testid="target"]', 'emulator');
    expect(await page.inputValue('[data-testid="base-url"]')).toBe(playground.emulator.url);
  });
});

describe('panels', () => {
  it('semantic search ranks the matching document first, scores falling', async () => {
    const ranking = () =>
      page.$$eval('#search [data-testid="results"] li', (items) =>
        items.map((item) => ({
          title: (item as HTMLElement).dataset.title,
          score: Number((item as HTMLElement).dataset.score),
        })),
      );
    await run('search');
    const first = await ranking();
    expect(first).toHaveLength(6);
    expect(first[0]!.title).toBe('Cats');
    expect(first.map((result) => result.score)).toEqual(
      [...first.map((result) => result.score)].sort((a, b) => b - a),
    );
    expect(first[0]!.score).toBeGreaterThan(first[1]!.score + 0.05);

    await page.click('#search .chip:has-text("launching a satellite into orbit")');
    await waitUntilSettled('search');
    await page.waitForFunction(
      () =>
        document.querySelector<HTMLElement>('#search [data-testid="results"] li')?.dataset.title ===
        'Rockets',
    );
    await page.fill('#search [data-testid="query"]', 'flour and eggs for fresh pasta');
    await run('search');
    expect((await ranking())[0]!.title).toBe('Pasta');
    // The six documents were embedded once, in one request; each query took one more.
    const embeddings = calls('/embeddings');
    expect(embeddings.map((request) => (request.body as { input: unknown }).input)).toEqual([
      expect.arrayContaining([expect.stringContaining('A cat spends')]),
      ['a cat sleeping in the sun'],
      ['launching a satellite into orbit'],
      ['flour and eggs for fresh pasta'],
    ]);
    expect(embeddings.every((request) => request.status === 200)).toBe(true);
  });

  it('image generation shows the pictures, decoded at the size asked for', async () => {
    await run('image');
    const decoded = () =>
      page.$$eval('#image img', (images) =>
        (images as HTMLImageElement[]).map((image) => [
          image.complete,
          image.naturalWidth,
          image.naturalHeight,
        ]),
      );
    expect(await decoded()).toEqual([
      [true, 256, 256],
      [true, 256, 256],
    ]);
    await page.selectOption('#image [data-testid="size"]', '512x512');
    await page.selectOption('#image [data-testid="count"]', '1');
    await run('image');
    expect(await decoded()).toEqual([[true, 512, 512]]);
    expect(await page.textContent('#image figcaption')).toContain('512 × 512');
  });

  it('speech plays in an audio element that knows its duration', async () => {
    const duration = () =>
      page.$eval('#speech [data-testid="audio"]', (audio) => (audio as HTMLAudioElement).duration);
    await run('speech');
    const mp3 = await duration();
    expect(Number.isFinite(mp3)).toBe(true);
    expect(mp3).toBeGreaterThan(0.5);
    await page.selectOption('#speech [data-testid="format"]', 'wav');
    await page.fill(
      '#speech [data-testid="text"]',
      'A much longer sentence takes a good deal longer to say out loud',
    );
    await run('speech');
    expect(await duration()).toBeGreaterThan(mp3);
    expect(await page.textContent('#speech .meta')).toContain('audio/wav');
    // The element can really play it: time moves forward.
    const played = await page.$eval('#speech [data-testid="audio"]', async (element) => {
      const audio = element as HTMLAudioElement;
      audio.muted = true;
      await audio.play();
      await new Promise((resolve) => setTimeout(resolve, 400));
      audio.pause();
      return audio.currentTime;
    });
    expect(played).toBeGreaterThan(0);
  });

  it('transcription reads back the speech clip, an uploaded file and a recording', async () => {
    await page.fill('#speech [data-testid="text"]', 'the quick brown fox jumps over the lazy dog');
    await page.selectOption('#speech [data-testid="format"]', 'mp3');
    await run('speech');
    await run('transcription', 'use-clip');
    const transcript = () => page.textContent('#transcription [data-testid="transcript"]');
    expect((await transcript())?.toLowerCase()).toContain('the quick brown fox jumps over the lazy dog');

    // A WAV made outside the page, picked through the file input as a person would.
    const speech = await fetch(`${playground.emulator.url}/audio/speech`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${await page.inputValue('[data-testid="api-key"]')}`,
        'content-type': 'application/json',
      },
      body: JSON.stringify({
        model: 'tts-1',
        voice: 'nova',
        input: 'uploaded files work too',
        response_format: 'wav',
      }),
    });
    expect(speech.status).toBe(200);
    const wav = Buffer.from(await speech.arrayBuffer());
    const chooser = page.waitForEvent('filechooser');
    await page.click('#transcription [data-testid="pick"]');
    await (await chooser).setFiles({
      name: 'upload.wav',
      mimeType: 'audio/wav',
      buffer: wav,
    });
    await waitUntilSettled('transcription');
    await page.waitForFunction(() =>
      document.querySelector('#transcription .meta')?.textContent?.includes('upload.wav'),
    );
    expect((await transcript())?.toLowerCase()).toContain('uploaded files work too');
    const upload = calls('/audio/transcriptions').at(-1)!;
    expect(upload.parts?.find((part) => part.name === 'file')?.size).toBe(wav.length);

    // Chromium's fake microphone: a recording made in the page goes up as WebM.
    await page.click('#transcription [data-testid="record"]');
    await page.waitForSelector('#transcription [data-testid="record"].recording');
    await page.waitForTimeout(1200);
    await page.click('#transcription [data-testid="record"]');
    await page.waitForFunction(() =>
      document.querySelector('#transcription .meta')?.textContent?.includes('microphone'),
    );
    await waitUntilSettled('transcription');
    expect((await transcript())?.trim().length).toBeGreaterThan(0);
    const recording = calls('/audio/transcriptions').at(-1)!;
    expect(recording.status).toBe(200);
    expect(recording.parts?.find((part) => part.name === 'file')?.contentType).toMatch(/^audio\/webm/);
  });

  it('moderation shows a verdict per line', async () => {
    await run('moderation');
    const verdicts = await page.$$eval('#moderation [data-testid="verdicts"] li', (items) =>
      items.map((item) => [(item as HTMLElement).dataset.flagged, item.querySelector('.badge')?.textContent]),
    );
    expect(verdicts).toEqual([
      ['false', 'not flagged'],
      ['true', expect.stringContaining('harassment')],
      ['true', expect.stringContaining('harassment/threatening')],
      ['true', expect.stringContaining('illicit')],
    ]);
  });

  it('a video job shows live progress, then plays at the length and size asked for', async () => {
    await run('video');
    const seen = (await page.getAttribute('#video [data-testid="progress"]', 'data-seen'))
      ?.split(',')
      .map(Number);
    expect(seen?.some((progress) => progress > 0 && progress < 100)).toBe(true);
    const video = await page.$eval('#video [data-testid="video"]', (element) => {
      const media = element as HTMLVideoElement;
      return { duration: media.duration, width: media.videoWidth, height: media.videoHeight };
    });
    expect(video.width).toBe(1280);
    expect(video.height).toBe(720);
    expect(video.duration).toBeCloseTo(4, 0);
    // It plays: frames advance.
    const played = await page.$eval('#video [data-testid="video"]', async (element) => {
      const media = element as HTMLVideoElement;
      await media.play();
      await new Promise((resolve) => setTimeout(resolve, 500));
      return media.currentTime;
    });
    expect(played).toBeGreaterThan(0);
    expect(calls('/videos').map((request) => (request.body as { seconds?: string }).seconds)).toEqual(['4']);
  });

  it('left nothing in storage and no errors in the console', async () => {
    expect(await page.evaluate(() => localStorage.length)).toBe(0);
    expect(browser.problems).toEqual([]);
  });
});
