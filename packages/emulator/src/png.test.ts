import { describe, expect, it } from 'vitest';
import { renderPng } from './png.js';
import { parsePng } from './test-support.js';

describe('renderPng', () => {
  it('writes a valid PNG of the requested size', () => {
    const parsed = parsePng(renderPng('a red fox', 320, 200));
    expect(parsed).toMatchObject({ width: 320, height: 200, chunks: ['IHDR', 'IDAT', 'IEND'] });
  });

  it('is deterministic per prompt and differs between prompts', () => {
    expect(renderPng('a', 64, 64).equals(renderPng('a', 64, 64))).toBe(true);
    expect(renderPng('a', 64, 64).equals(renderPng('b', 64, 64))).toBe(false);
  });

  it('encodes a 1024x1024 image', () => {
    const png = renderPng('speed', 1024, 1024);
    expect(png.readUInt32BE(16)).toBe(1024);
    expect(png.readUInt32BE(20)).toBe(1024);
  });
});
