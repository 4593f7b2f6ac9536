import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import * as lame from '@breezystack/lamejs';

/** 64 kbit/s at 24 kHz mono is MPEG-2 Layer III: small files that keep the whole voice band. */
export const MP3_BITRATE_KBPS = 64;
/** lamejs works in blocks of this many samples. */
const BLOCK = 1152;

type Mp3EncoderClass = typeof lame.Mp3Encoder;

let encoderClass: Mp3EncoderClass | undefined;

/**
 * The package's `require` entry is an IIFE that exports nothing (it sets a global in browsers), so the
 * CommonJS build of this package would get an empty module. Then load its ES module file by path,
 * which Node >= 20.19 can `require`.
 */
function loadEncoder(): Mp3EncoderClass {
  if (encoderClass) return encoderClass;
  if (typeof lame.Mp3Encoder === 'function') {
    encoderClass = lame.Mp3Encoder;
  } else {
    const load = createRequire(import.meta.url);
    const esm = join(dirname(load.resolve('@breezystack/lamejs')), 'lamejs.js');
    encoderClass = (load(esm) as typeof lame).Mp3Encoder;
  }
  return encoderClass;
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
