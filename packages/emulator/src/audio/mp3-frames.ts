/** MPEG audio frame headers: enough to recognise MP3 by its bytes and compute its real duration. */

export interface Mp3Info {
  sampleRate: number;
  channels: number;
  /** Audio frames, the Xing/Info/VBRI tag frame not counted (players do not play it). */
  frames: number;
  samples: number;
  durationSeconds: number;
  /** Bitrate of the first audio frame, in kbit/s. */
  bitrateKbps: number;
}

interface FrameHeader {
  length: number;
  samples: number;
  sampleRate: number;
  channels: number;
  bitrateKbps: number;
  mpeg1: boolean;
  protectedByCrc: boolean;
}

const BITRATES = {
  v1l1: [0, 32, 64, 96, 128, 160, 192, 224, 256, 288, 320, 352, 384, 416, 448],
  v1l2: [0, 32, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320, 384],
  v1l3: [0, 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320],
  v2l1: [0, 32, 48, 56, 64, 80, 96, 112, 128, 144, 160, 176, 192, 224, 256],
  v2l23: [0, 8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160],
} as const;
const SAMPLE_RATES = {
  v1: [44100, 48000, 32000],
  v2: [22050, 24000, 16000],
  v25: [11025, 12000, 8000],
} as const;

export function readFrameHeader(bytes: Uint8Array, at: number): FrameHeader | null {
  if (at + 4 > bytes.length) return null;
  const b1 = bytes[at + 1]!;
  const b2 = bytes[at + 2]!;
  if (bytes[at] !== 0xff || (b1 & 0xe0) !== 0xe0) return null;
  const version = (b1 >> 3) & 3; // 0: 2.5, 1: reserved, 2: MPEG-2, 3: MPEG-1
  const layer = (b1 >> 1) & 3; // 1: III, 2: II, 3: I
  const bitrateIndex = b2 >> 4;
  const rateIndex = (b2 >> 2) & 3;
  // Free-format frames have no computable length; index 15 and the reserved values are invalid.
  if (version === 1 || layer === 0 || bitrateIndex === 0 || bitrateIndex === 15 || rateIndex === 3)
    return null;
  const mpeg1 = version === 3;
  const table = mpeg1
    ? layer === 3
      ? BITRATES.v1l1
      : layer === 2
        ? BITRATES.v1l2
        : BITRATES.v1l3
    : layer === 3
      ? BITRATES.v2l1
      : BITRATES.v2l23;
  const bitrateKbps = table[bitrateIndex]!;
  const sampleRate = (mpeg1 ? SAMPLE_RATES.v1 : version === 2 ? SAMPLE_RATES.v2 : SAMPLE_RATES.v25)[
    rateIndex
  ]!;
  const padding = (b2 >> 1) & 1;
  const samples = layer === 3 ? 384 : layer === 2 || mpeg1 ? 1152 : 576;
  const length =
    layer === 3
      ? (Math.floor((12 * bitrateKbps * 1000) / sampleRate) + padding) * 4
      : Math.floor(((samples / 8) * bitrateKbps * 1000) / sampleRate) + padding;
  const channels = bytes[at + 3]! >> 6 === 3 ? 1 : 2;
  return { length, samples, sampleRate, channels, bitrateKbps, mpeg1, protectedByCrc: (b1 & 1) === 0 };
}

/** Where the audio starts: after an ID3v2 tag, at a frame followed by two more frames. */
export function findFirstFrame(bytes: Uint8Array, maxScan: number): number {
  let start = 0;
  if (bytes.length >= 10 && bytes[0] === 0x49 && bytes[1] === 0x44 && bytes[2] === 0x33) {
    const size =
      ((bytes[6]! & 0x7f) << 21) |
      ((bytes[7]! & 0x7f) << 14) |
      ((bytes[8]! & 0x7f) << 7) |
      (bytes[9]! & 0x7f);
    start = 10 + size + (bytes[5]! & 0x10 ? 10 : 0);
  }
  const limit = Math.min(bytes.length, start + maxScan);
  for (let at = start; at < limit; at++) {
    if (bytes[at] === 0xff && isFrameChain(bytes, at)) return at;
  }
  return -1;
}

/** Three headers in a row that agree, or frames that run exactly to the end of a short file. */
function isFrameChain(bytes: Uint8Array, at: number): boolean {
  const first = readFrameHeader(bytes, at);
  if (!first) return false;
  let next = at;
  let header: FrameHeader | null = first;
  for (let i = 0; i < 3; i++) {
    if (!header || header.sampleRate !== first.sampleRate || header.length < 4) return false;
    next += header.length;
    if (next === bytes.length) return true;
    header = readFrameHeader(bytes, next);
  }
  return header !== null;
}

export function parseMp3(bytes: Uint8Array, maxScan = 64 * 1024): Mp3Info | null {
  const first = findFirstFrame(bytes, maxScan);
  if (first < 0) return null;
  let at = first;
  let frames = 0;
  let samples = 0;
  let head: FrameHeader | null = null;
  while (at < bytes.length) {
    const header = readFrameHeader(bytes, at);
    if (!header || (head && header.sampleRate !== head.sampleRate)) {
      // Junk or a trailing tag (ID3v1, APE): resynchronise on the next real frame chain.
      const resume = findFirstFrame(bytes.subarray(at + 1), bytes.length);
      if (resume < 0) break;
      at += 1 + resume;
      continue;
    }
    if (!head) {
      head = header;
      if (isTagFrame(bytes, at, header)) {
        at += header.length;
        continue;
      }
    }
    if (at + header.length > bytes.length + header.length / 2) break; // a frame cut short by more than half
    frames++;
    samples += header.samples;
    at += header.length;
  }
  if (!head) return null;
  return {
    sampleRate: head.sampleRate,
    channels: head.channels,
    frames,
    samples,
    durationSeconds: samples / head.sampleRate,
    bitrateKbps: head.bitrateKbps,
  };
}

function isTagFrame(bytes: Uint8Array, at: number, header: FrameHeader): boolean {
  const sideInfo = header.mpeg1 ? (header.channels === 1 ? 17 : 32) : header.channels === 1 ? 9 : 17;
  const xing = at + 4 + (header.protectedByCrc ? 2 : 0) + sideInfo;
  const id = (o: number): string => String.fromCharCode(...bytes.subarray(o, o + 4));
  return id(xing) === 'Xing' || id(xing) === 'Info' || id(at + 36) === 'VBRI';
}
