/**
 * Durations of audio containers this emulator cannot decode (FLAC, Ogg, MP4/M4A, WebM): their
 * transcript is a placeholder, but its timings must still match the real length. Each reads only the
 * header field a player uses; 0 when the file does not say.
 */

export function flacDuration(bytes: Uint8Array): number {
  // STREAMINFO is always the first metadata block: 4 bytes magic, 4 bytes block header, then its body.
  const d = 8;
  if (bytes.length < d + 18) return 0;
  const rate = (bytes[d + 10]! << 12) | (bytes[d + 11]! << 4) | (bytes[d + 12]! >> 4);
  const total = (bytes[d + 13]! & 0x0f) * 2 ** 32 + readUint32BE(bytes, d + 14);
  return rate > 0 ? total / rate : 0;
}

export function oggDuration(bytes: Uint8Array): number {
  if (bytes.length < 28) return 0;
  const packet = 27 + bytes[26]!;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let rate = 0;
  let preSkip = 0;
  if (ascii(bytes, packet, packet + 8) === 'OpusHead' && packet + 12 <= bytes.length) {
    rate = 48000; // Opus granule positions always count 48 kHz samples
    preSkip = view.getUint16(packet + 10, true);
  } else if (ascii(bytes, packet + 1, packet + 7) === 'vorbis' && packet + 16 <= bytes.length) {
    rate = view.getUint32(packet + 12, true);
  }
  if (rate === 0) return 0;
  // The last page's granule position is the stream's length in samples.
  for (let at = bytes.length - 27; at >= 0; at--) {
    if (bytes[at] === 0x4f && ascii(bytes, at, at + 4) === 'OggS') {
      const granule = Number(view.getBigUint64(at + 6, true));
      return Math.max(0, granule - preSkip) / rate;
    }
  }
  return 0;
}

export function mp4Duration(bytes: Uint8Array): number {
  const at = indexOfAscii(bytes, 'mvhd');
  if (at < 0 || at + 36 > bytes.length) return 0;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const body = at + 4;
  if (bytes[body] === 1) {
    const timescale = view.getUint32(body + 20);
    return timescale > 0 ? Number(view.getBigUint64(body + 24)) / timescale : 0;
  }
  const timescale = view.getUint32(body + 12);
  return timescale > 0 ? view.getUint32(body + 16) / timescale : 0;
}

export function webmDuration(bytes: Uint8Array): number {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let scale = 1_000_000; // TimecodeScale default: milliseconds, in nanoseconds
  const scaleAt = indexOfBytes(bytes, [0x2a, 0xd7, 0xb1]);
  if (scaleAt >= 0 && scaleAt + 4 < bytes.length) {
    const size = bytes[scaleAt + 3]! & 0x0f;
    let value = 0;
    for (let i = 0; i < size && scaleAt + 4 + i < bytes.length; i++)
      value = value * 256 + bytes[scaleAt + 4 + i]!;
    if (value > 0) scale = value;
  }
  const durationAt = indexOfBytes(bytes, [0x44, 0x89]);
  if (durationAt < 0 || durationAt + 3 > bytes.length) return 0;
  const size = bytes[durationAt + 2]!;
  const body = durationAt + 3;
  if (size === 0x88 && body + 8 <= bytes.length) return (view.getFloat64(body) * scale) / 1e9;
  if (size === 0x84 && body + 4 <= bytes.length) return (view.getFloat32(body) * scale) / 1e9;
  return 0;
}

function readUint32BE(bytes: Uint8Array, at: number): number {
  return ((bytes[at]! << 24) | (bytes[at + 1]! << 16) | (bytes[at + 2]! << 8) | bytes[at + 3]!) >>> 0;
}

function ascii(bytes: Uint8Array, from: number, to: number): string {
  return String.fromCharCode(...bytes.subarray(from, Math.min(to, bytes.length)));
}

function indexOfAscii(bytes: Uint8Array, text: string): number {
  return indexOfBytes(
    bytes,
    [...text].map((c) => c.charCodeAt(0)),
  );
}

function indexOfBytes(bytes: Uint8Array, needle: number[]): number {
  outer: for (let i = 0; i + needle.length <= bytes.length; i++) {
    for (let j = 0; j < needle.length; j++) if (bytes[i + j] !== needle[j]) continue outer;
    return i;
  }
  return -1;
}
