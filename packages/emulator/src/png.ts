import { deflateSync } from 'node:zlib';
import { crc32 } from './crc32.js';
import { hashString } from './seeded-random.js';

const SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
// Rows repeat within a band, so all but the first row of a band are PNG "Up" filtered zeros:
// the image stays a real gradient while deflate has almost nothing to do.
const BAND_HEIGHT = 16;

function chunk(type: string, data: Buffer): Buffer {
  const out = Buffer.alloc(12 + data.length);
  out.writeUInt32BE(data.length, 0);
  out.write(type, 4, 'latin1');
  data.copy(out, 8);
  out.writeUInt32BE(crc32(out.subarray(4, 8 + data.length)), 8 + data.length);
  return out;
}

function colour(hash: number): [number, number, number] {
  return [hash & 0xff, (hash >>> 8) & 0xff, (hash >>> 16) & 0xff];
}

/** A valid RGB PNG of the given size whose colours and stripes derive from the seed text. */
export function renderPng(seedText: string, width: number, height: number): Buffer {
  const from = colour(hashString(seedText, 1));
  const to = colour(hashString(seedText, 2));
  const stripe = 8 + (hashString(seedText, 3) % 56);
  const stride = 1 + width * 3;
  const raw = Buffer.alloc(stride * height);
  for (let y = 0; y < height; y++) {
    const offset = y * stride;
    if (y % BAND_HEIGHT !== 0) {
      raw[offset] = 2;
      continue;
    }
    const t = height > 1 ? y / (height - 1) : 0;
    for (let x = 0; x < width; x++) {
      const shade = 0.55 + 0.45 * (x / Math.max(1, width - 1));
      const lift = Math.floor(x / stripe) % 2 === 0 ? 0 : 24;
      const pixel = offset + 1 + x * 3;
      for (let channel = 0; channel < 3; channel++) {
        const base = from[channel]! + (to[channel]! - from[channel]!) * t;
        raw[pixel + channel] = Math.min(255, Math.round(base * shade) + lift);
      }
    }
  }
  return encodePng(width, height, raw);
}

/**
 * A PNG of 8-bit RGB `raw` scanlines, each already led by its filter byte (`1 + width * 3` bytes a row).
 */
export function encodePng(width: number, height: number, raw: Buffer): Buffer {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header[8] = 8; // bit depth
  header[9] = 2; // colour type: truecolour RGB
  return Buffer.concat([
    SIGNATURE,
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(raw, { level: 1 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}
