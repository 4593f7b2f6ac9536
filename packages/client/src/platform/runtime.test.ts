import { afterEach, describe, expect, it, vi } from 'vitest';
import { AnyIntValidationError, APITimeoutError, toFile } from '../index.js';
import { useEmulator } from '../test-support.js';
import { runningInBrowser, streamsRequestBodies } from './runtime.js';

const ctx = useEmulator({ faults: [{ route: 'embeddings', model: 'slow', kind: 'delay', delayMs: 2000 }] });
const wav = async () =>
  (await ctx.client().audio.speech.create({ model: 'tts-1', input: 'hello there', voice: 'alloy' })).bytes();

/** Makes this process look like a web page, as the official SDK tells one. */
function pretendBrowser(): void {
  vi.stubGlobal('window', { document: {} });
  vi.stubGlobal('navigator', { userAgent: 'Mozilla/5.0' });
}

afterEach(() => {
  vi.unstubAllGlobals();
  vi.restoreAllMocks();
});

describe('runtime detection', () => {
  it('tells a page from Node', () => {
    expect(runningInBrowser()).toBe(false);
    expect(streamsRequestBodies()).toBe(true);
    pretendBrowser();
    expect(runningInBrowser()).toBe(true);
    expect(streamsRequestBodies()).toBe(false);
  });
});

describe('in a browser', () => {
  it('refuses to start without dangerouslyAllowBrowser, saying the key is exposed', () => {
    pretendBrowser();
    const error = (() => {
      try {
        ctx.client();
      } catch (e) {
        return e;
      }
    })();
    expect(AnyIntValidationError.isInstance(error)).toBe(true);
    expect((error as AnyIntValidationError).field).toBe('dangerouslyAllowBrowser');
    expect(String(error)).toContain('exposed to the page');
    expect(String(error)).not.toContain(ctx.apiKey);
    expect(() => ctx.client({ dangerouslyAllowBrowser: true })).not.toThrow();
  });

  it('sends a multipart form as one Blob, and buffers a stream part', async () => {
    const bytes = await wav();
    pretendBrowser();
    const bodies: unknown[] = [];
    const client = ctx.client({
      dangerouslyAllowBrowser: true,
      fetch: (input, init) => {
        bodies.push(init?.body);
        expect((init as { duplex?: string }).duplex).toBeUndefined();
        return fetch(input, init);
      },
    });
    const fromFile = await client.audio.transcriptions.create({
      file: new File([bytes as Uint8Array<ArrayBuffer>], 'a.wav'),
      model: 'whisper-1',
    });
    const fromStream = await client.audio.transcriptions.create({
      file: await toFile(new Blob([bytes as Uint8Array<ArrayBuffer>]).stream(), 'b.wav'),
      model: 'whisper-1',
    });
    expect(fromStream.text).toBe(fromFile.text);
    expect(fromFile.text.toLowerCase()).toContain('hello there');
    expect(bodies.map((body) => body instanceof Blob)).toEqual([true, true]);
    const [request] = ctx.requestsTo('/audio/transcriptions');
    expect(request?.parts?.find((part) => part.name === 'file')).toMatchObject({ filename: 'a.wav' });
  });

  it('refuses a stream past the route limit before sending anything', async () => {
    const bytes = await wav();
    pretendBrowser();
    const client = ctx.client({
      dangerouslyAllowBrowser: true,
      maxAudioUploadBytes: 1000,
      fetch: (input, init) => fetch(input, init),
    });
    const stream = new Blob([bytes as Uint8Array<ArrayBuffer>]).stream();
    const error = await client.audio.transcriptions
      .create({ file: await toFile(stream, 'c.wav'), model: 'whisper-1' })
      .catch((e: unknown) => e);
    expect(String(error)).toContain('cannot stream a request body');
    expect(AnyIntValidationError.isInstance(error)).toBe(true);
    expect(ctx.requestsTo('/audio/transcriptions')).toHaveLength(0);
  });
});

describe('timers', () => {
  it('needs no Timeout.refresh(): requests and their timeout work with timers that lack it', async () => {
    const realSetTimeout = globalThis.setTimeout;
    // Browsers and workerd have no Timeout.refresh(): every timer here loses it.
    vi.spyOn(globalThis, 'setTimeout').mockImplementation(((fn: () => void, ms?: number) =>
      Object.assign(realSetTimeout(fn, ms), { refresh: undefined })) as unknown as typeof setTimeout);
    const client = ctx.client({ fetch: (input, init) => fetch(input, init), maxRetries: 0 });
    const { data } = await client.embeddings.create({ model: 'text-embedding-3-small', input: 'a' });
    expect(data[0]?.embedding).toHaveLength(1536);
    const error = await client.embeddings
      .create({ model: 'slow', input: 'a' }, { timeout: 200 })
      .catch((e: unknown) => e);
    expect(APITimeoutError.isInstance(error)).toBe(true);
  });
});
