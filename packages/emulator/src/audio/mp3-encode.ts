import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { compileFunction } from 'node:vm';
import type { Mp3Encoder } from '@breezystack/lamejs';

/** 64 kbit/s at 24 kHz mono is MPEG-2 Layer III: small files that keep the whole voice band. */
export const MP3_BITRATE_KBPS = 64;
/** lamejs works in blocks of this many samples. */
const BLOCK = 1152;

let encoderClass: typeof Mp3Encoder | undefined;

/**
 * lamejs is ESM-only, and neither build may import it the usual way: a CommonJS `require()` of its ES
 * module fails before Node 20.19 and 22.12, and its `require` entry is a browser script (declaring a
 * `lamejs` variable) that Node treats as an ES module exporting nothing. So both builds run that script
 * in a function scope of their own and take the variable: synchronous, on every Node our `engines`
 * accepts, and lamejs (LGPL) stays a dependency instead of being bundled into our MIT files.
 */
function loadEncoder(): typeof Mp3Encoder {
  if (encoderClass) return encoderClass;
  const filename = createRequire(import.meta.url).resolve('@breezystack/lamejs');
  const script = compileFunction(`${readFileSync(filename, 'utf8')}\nreturn lamejs;`, [], { filename });
  const found = (script() as { Mp3Encoder?: typeof Mp3Encoder } | undefined)?.Mp3Encoder;
  if (typeof found !== 'function') throw new Error(`lamejs at ${filename} defines no Mp3Encoder`);
  encoderClass = found;
  return found;
}

export function encodeMp3(samples: Int16Array, sampleRate: number): Uint8Array {
  const Encoder = loadEncoder();
  const encoder = new Encoder(1, sampleRate, MP3_BITRATE_KBPS);
  const chunks: Uint8Array[] = [];
  for (let i = 0; i < samples.length; i += BLOCK) {
    const chunk = encoder.encodeBuffer(samples.subarray(i, i + BLOCK));
    if (chunk.length > 0) chunks.push(Uint8Array.from(chunk));
  }
  const tail = encoder.flush();
  if (tail.length > 0) chunks.push(Uint8Array.from(tail));
  const out = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}
