import { readFile } from 'node:fs/promises';
import { describe, expect, it, vi } from 'vitest';
import type * as Client from './index.js';
import { useEmulator } from './test-support.js';

// The web build as published (run `tsdown` first), imported in Node: it must work on global `fetch`.
const dist = new URL('../dist/', import.meta.url);
const webBuild = (): Promise<typeof Client> => import(new URL('web.mjs', dist).href);
const ctx = useEmulator();

/** Every module specifier a built file imports or requires. */
function importedSpecifiers(code: string): string[] {
  const pattern = /(?:\bfrom\s*|\bimport\s*\(\s*|\bimport\s*|\brequire\s*\(\s*)["']([^"']+)["']/g;
  return [...code.matchAll(pattern)].map((match) => match[1] as string);
}

/** The file and every chunk of the build it reaches through relative imports. */
async function reachableCode(file: string, seen = new Map<string, string>()): Promise<Map<string, string>> {
  if (seen.has(file)) return seen;
  const code = await readFile(new URL(file, dist), 'utf8');
  seen.set(file, code);
  for (const specifier of importedSpecifiers(code)) {
    if (specifier.startsWith('./')) await reachableCode(specifier.slice(2), seen);
  }
  return seen;
}

describe('web build (dist/web.mjs, dist/web.cjs)', () => {
  it.each([
    'web.mjs',
    'web.cjs',
    'adapter-kit-web.mjs',
    'adapter-kit-web.cjs',
    'errors-web.mjs',
    'errors-web.cjs',
  ])('%s imports no node: module and no undici', async (file) => {
    for (const [name, code] of await reachableCode(file)) {
      // Only the build's own chunks, shared with the adapter kit so both see the same error classes.
      expect(
        importedSpecifiers(code).filter((s) => !s.startsWith('./')),
        name,
      ).toEqual([]);
      expect(code, name).not.toMatch(/\bBuffer\b/);
    }
  });

  it('embeds, moderates and reads speech bytes over global fetch', async () => {
    const { AnyInt } = await webBuild();
    const fetchSpy = vi.spyOn(globalThis, 'fetch');
    try {
      const client = new AnyInt({ apiKey: ctx.apiKey, baseURL: ctx.emulator.url });

      const embedded = await client.embeddings.create({ model: 'text-embedding-3-small', input: ['a', 'b'] });
      expect(embedded.data).toHaveLength(2);
      expect(embedded.data[0]?.embedding.length).toBe(1536);
      const expected = await ctx
        .client()
        .embeddings.create({ model: 'text-embedding-3-small', input: ['a', 'b'] });
      expect(embedded.data[1]?.embedding).toEqual(expected.data[1]?.embedding);

      const many = await client.embeddings.embedMany(
        { model: 'text-embedding-3-small', input: ['x', 'y', 'z'] },
        { batchSize: 2, output: 'float32' },
      );
      expect(many.embeddings.map((v) => v.length)).toEqual([1536, 1536, 1536]);

      const { results } = await client.moderations.create({ input: ['I will kill you', 'a lovely day'] });
      expect(results.map((r) => r.flagged)).toEqual([true, false]);

      const speech = await client.audio.speech.create({
        model: 'tts-1',
        input: 'hello there',
        voice: 'alloy',
        response_format: 'wav',
      });
      await expect(speech.writeToFile('never-written.wav')).rejects.toThrow('needs Node.js');
      const bytes = await speech.bytes();
      expect(new TextDecoder().decode(bytes.subarray(0, 4))).toBe('RIFF');

      const text = await client.audio.transcriptions.create({
        file: new File([bytes as Uint8Array<ArrayBuffer>], 'hello.wav', { type: 'audio/wav' }),
        model: 'whisper-1',
        response_format: 'text',
      });
      expect(typeof text).toBe('string');

      // A runtime without ReadableStream.from still streams the multipart body.
      const from = Object.getOwnPropertyDescriptor(ReadableStream, 'from');
      Reflect.deleteProperty(ReadableStream, 'from');
      try {
        const again = await client.audio.transcriptions.create({
          file: new File([bytes as Uint8Array<ArrayBuffer>], 'hello.wav', { type: 'audio/wav' }),
          model: 'whisper-1',
          response_format: 'text',
        });
        expect(again).toBe(text);
      } finally {
        if (from) Object.defineProperty(ReadableStream, 'from', from);
      }

      expect(fetchSpy.mock.calls.length).toBeGreaterThanOrEqual(7);
      expect(ctx.requestsTo('/embeddings')[0]?.headers['user-agent']).toMatch(/^anyint-client\/\S+ web$/);
    } finally {
      fetchSpy.mockRestore();
    }
  });

  it('refuses Node-only features with a clear error', async () => {
    const { AnyInt, AnyIntError, fileFromPath } = await webBuild();
    await expect(fileFromPath('package.json')).rejects.toThrow('fileFromPath needs Node.js');
    const client = new AnyInt({ apiKey: ctx.apiKey, baseURL: ctx.emulator.url });
    const bulk = client.embeddings.embedBulk({ model: 'text-embedding-3-small', input: ['a'] });
    const error = await bulk.next().catch((e: unknown) => e);
    expect(AnyIntError.isInstance(error)).toBe(true);
    expect(String(error)).toContain('embeddings.embedBulk needs Node.js');
    expect(() => new AnyInt({ apiKey: ctx.apiKey, dispatcher: {} as never })).toThrow('dispatcher');
  });
});
