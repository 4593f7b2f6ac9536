import { randomBytes } from 'node:crypto';
import * as zlib from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { crc32 } from './crc32.js';

describe('crc32', () => {
  it('gives the standard check value', () => {
    expect(crc32(Buffer.from('123456789'))).toBe(0xcbf43926);
    expect(crc32(new Uint8Array(0))).toBe(0);
  });

  const reference = (zlib as { crc32?: (data: Uint8Array) => number }).crc32;
  it.skipIf(!reference)('agrees with zlib on random input (Node versions that have zlib.crc32)', () => {
    for (const size of [1, 3, 255, 4096, 65_537]) {
      const bytes = randomBytes(size);
      expect(crc32(bytes)).toBe(reference!(bytes));
    }
  });
});
