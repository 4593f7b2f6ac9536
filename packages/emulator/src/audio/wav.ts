import { AudioDecodeError } from './errors.js';

export interface DecodedAudio {
  /** Mono, in [-1, 1]. */
  samples: Float32Array;
  sampleRate: number;
  durationSeconds: number;
}

/** A 44-byte canonical RIFF header followed by the samples: what every player and `sox` accepts. */
export function encodeWav(samples: Int16Array, sampleRate: number): Uint8Array {
  const dataBytes = samples.length * 2;
  const out = new Uint8Array(44 + dataBytes);
  const view = new DataView(out.buffer);
  const ascii = (offset: number, s: string): void => {
    for (let i = 0; i < s.length; i++) out[offset + i] = s.charCodeAt(i);
  };
  ascii(0, 'RIFF');
  view.setUint32(4, 36 + dataBytes, true);
  ascii(8, 'WAVE');
  ascii(12, 'fmt ');
  view.setUint32(16, 16, true);
  view.setUint16(20, 1, true); // PCM
  view.setUint16(22, 1, true); // mono
  view.setUint32(24, sampleRate, true);
  view.setUint32(28, sampleRate * 2, true); // byte rate
  view.setUint16(32, 2, true); // block align
  view.setUint16(34, 16, true);
  ascii(36, 'data');
  view.setUint32(40, dataBytes, true);
  writeInt16LE(out, 44, samples);
  return out;
}

export function isWav(bytes: Uint8Array): boolean {
  return bytes.length >= 12 && tag(bytes, 0) === 'RIFF' && tag(bytes, 8) === 'WAVE';
}

const FORMAT_PCM = 1;
const FORMAT_FLOAT = 3;
const FORMAT_EXTENSIBLE = 0xfffe;

/**
 * Any RIFF/WAVE with integer PCM (8-32 bit) or float (32/64 bit), any channel count and rate, mixed
 * down to mono. Other encodings give no samples and their duration only.
 */
export function decodeWav(bytes: Uint8Array): DecodedAudio {
  if (!isWav(bytes))
    throw new AudioDecodeError('The file is not a valid WAV file (missing RIFF/WAVE header).');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let fmt:
    | {
        format: number;
        channels: number;
        sampleRate: number;
        byteRate: number;
        bits: number;
        blockAlign: number;
      }
    | undefined;
  let factFrames: number | undefined;
  let data: { offset: number; length: number } | undefined;
  let offset = 12;
  while (offset + 8 <= bytes.length) {
    const id = tag(bytes, offset);
    const size = view.getUint32(offset + 4, true);
    const body = offset + 8;
    if (id === 'fmt ' && body + 16 <= bytes.length) {
      let format = view.getUint16(body, true);
      // WAVE_FORMAT_EXTENSIBLE keeps the real format in the first two bytes of its sub-format GUID.
      if (format === FORMAT_EXTENSIBLE && size >= 40 && body + 26 <= bytes.length) {
        format = view.getUint16(body + 24, true);
      }
      fmt = {
        format,
        channels: view.getUint16(body + 2, true),
        sampleRate: view.getUint32(body + 4, true),
        byteRate: view.getUint32(body + 8, true),
        blockAlign: view.getUint16(body + 12, true),
        bits: view.getUint16(body + 14, true),
      };
    } else if (id === 'fact' && body + 4 <= bytes.length) {
      factFrames = view.getUint32(body, true);
    } else if (id === 'data') {
      // Streaming writers leave the size at 0 or 0xFFFFFFFF; the rest of the file is then the data.
      const length = size === 0 || body + size > bytes.length ? bytes.length - body : size;
      data = { offset: body, length };
      if (length !== size) break; // nothing after a data chunk that runs to the end
    }
    offset = body + size + (size & 1);
  }
  if (!fmt) throw new AudioDecodeError('The WAV file has no "fmt " chunk.');
  if (!data) throw new AudioDecodeError('The WAV file has no "data" chunk.');
  const { format, channels, sampleRate, bits } = fmt;
  const bytesPerSample = bits / 8;
  const supported =
    (format === FORMAT_PCM && [8, 16, 24, 32].includes(bits)) ||
    (format === FORMAT_FLOAT && [32, 64].includes(bits));
  if (channels < 1 || sampleRate < 1) {
    throw new AudioDecodeError(`Invalid WAV header (${channels} channel(s), ${sampleRate} Hz).`);
  }
  if (!supported) {
    // Compressed WAV (ADPCM, mu-law, ...) is real audio this module cannot read: no samples, but its
    // real duration, from the "fact" chunk that such files carry, or from the byte rate.
    const seconds =
      factFrames !== undefined ? factFrames / sampleRate : fmt.byteRate > 0 ? data.length / fmt.byteRate : 0;
    return { samples: new Float32Array(0), sampleRate, durationSeconds: seconds };
  }
  const blockAlign = Math.max(fmt.blockAlign, channels * bytesPerSample);
  const frames = Math.floor(data.length / blockAlign);
  const samples = new Float32Array(frames);
  const read = sampleReader(view, format, bits);
  for (let i = 0; i < frames; i++) {
    const at = data.offset + i * blockAlign;
    let sum = 0;
    for (let c = 0; c < channels; c++) sum += read(at + c * bytesPerSample);
    samples[i] = sum / channels;
  }
  return { samples, sampleRate, durationSeconds: frames / sampleRate };
}

function sampleReader(view: DataView, format: number, bits: number): (at: number) => number {
  if (format === FORMAT_FLOAT)
    return bits === 32 ? (at) => view.getFloat32(at, true) : (at) => view.getFloat64(at, true);
  switch (bits) {
    case 8:
      return (at) => (view.getUint8(at) - 128) / 128; // 8-bit WAV is unsigned
    case 16:
      return (at) => view.getInt16(at, true) / 32768;
    case 24:
      return (at) =>
        (view.getUint8(at) | (view.getUint8(at + 1) << 8) | (view.getInt8(at + 2) << 16)) / 8388608;
    default:
      return (at) => view.getInt32(at, true) / 2147483648;
  }
}

/** OpenAI's `pcm`: raw 16-bit signed little-endian mono, no header. */
export function encodePcm(samples: Int16Array): Uint8Array {
  const out = new Uint8Array(samples.length * 2);
  writeInt16LE(out, 0, samples);
  return out;
}

export function decodePcm(bytes: Uint8Array, sampleRate: number): DecodedAudio {
  const count = bytes.length >> 1;
  const view = new DataView(bytes.buffer, bytes.byteOffset, count * 2);
  const samples = new Float32Array(count);
  for (let i = 0; i < count; i++) samples[i] = view.getInt16(i * 2, true) / 32768;
  return { samples, sampleRate, durationSeconds: count / sampleRate };
}

function writeInt16LE(out: Uint8Array, offset: number, samples: Int16Array): void {
  const view = new DataView(out.buffer, out.byteOffset + offset, samples.length * 2);
  for (let i = 0; i < samples.length; i++) view.setInt16(i * 2, samples[i]!, true);
}

function tag(bytes: Uint8Array, offset: number): string {
  return String.fromCharCode(bytes[offset]!, bytes[offset + 1]!, bytes[offset + 2]!, bytes[offset + 3]!);
}
