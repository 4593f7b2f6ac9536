import { describe, expect, it } from 'vitest';
import * as node from './node.js';
import * as web from './web.js';

// The web build swaps node.ts for web.ts: both must export the same names with the same types.
const sameShape: typeof node = web;
const sameShapeBack: typeof web = node;

describe('platform seam', () => {
  it('exports the same names from node.ts and web.ts', () => {
    expect(Object.keys(sameShape).sort()).toEqual(Object.keys(sameShapeBack).sort());
  });

  it('decodes base64 on the web exactly as Buffer does', () => {
    const bytes = new Uint8Array(4099).map((_, i) => (i * 7919) % 256);
    const standard = Buffer.from(bytes).toString('base64');
    const urlSafe = Buffer.from(bytes).toString('base64url');
    expect(web.base64Bytes(standard)).toEqual(new Uint8Array(node.base64Bytes(standard)));
    expect(web.base64Bytes(urlSafe)).toEqual(new Uint8Array(node.base64Bytes(urlSafe)));
    expect(web.base64Bytes('')).toEqual(new Uint8Array());
  });

  it.each([
    'call.wav',
    'dir/call.WAV',
    'a/b.c/file',
    '.bashrc',
    'archive.tar.gz',
    'noext',
    'dir/',
    'trailing.',
    '/abs/path/x.mp3',
  ])('names files on the web as node:path does: %s', (path) => {
    expect(web.extname(path)).toBe(node.extname(path));
    expect(web.basename(path)).toBe(node.basename(path));
  });

  it('makes v4 UUIDs without crypto.randomUUID (insecure browser contexts)', () => {
    const original = globalThis.crypto.randomUUID;
    Object.defineProperty(globalThis.crypto, 'randomUUID', { value: undefined, configurable: true });
    try {
      const id = web.randomUUID();
      expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
      expect(web.randomUUID()).not.toBe(id);
    } finally {
      Object.defineProperty(globalThis.crypto, 'randomUUID', { value: original, configurable: true });
    }
  });

  it('refuses Node-only features on the web with an error that says so', async () => {
    await expect(web.fileSize('x.wav')).rejects.toThrow('fileFromPath needs Node.js');
    await expect(web.writeStreamToFile(async function* () {}, 'x.wav')).rejects.toThrow(
      'BinaryResponse.writeToFile needs Node.js',
    );
    expect(() => web.defaultTransport({} as never)).toThrow('dispatcher');
  });
});
