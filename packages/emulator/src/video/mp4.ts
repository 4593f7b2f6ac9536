// Builds playable MP4s of any whole number of seconds from a one-second H.264 base clip: the clip's
// samples are repeated in `mdat` and the header boxes (mvhd, tkhd, mdhd durations and the sample
// tables) are written anew to describe the loop. Every repetition starts with the clip's keyframe,
// so the result decodes from any second.
import { BASE_CLIPS } from './clips.generated.js';

export interface Box {
  type: string;
  /** Offset of the box header. */
  start: number;
  /** Offset of the payload (after size, type and any 64-bit size). */
  body: number;
  end: number;
}

/** The boxes directly inside `buffer[start, end)`. */
export function readBoxes(buffer: Buffer, start = 0, end = buffer.length): Box[] {
  const boxes: Box[] = [];
  let offset = start;
  while (offset + 8 <= end) {
    let size = buffer.readUInt32BE(offset);
    const type = buffer.toString('latin1', offset + 4, offset + 8);
    let body = offset + 8;
    if (size === 1) {
      size = Number(buffer.readBigUInt64BE(offset + 8));
      body += 8;
    } else if (size === 0) {
      size = end - offset;
    }
    if (size < 8 || offset + size > end) throw new Error(`Malformed MP4 box '${type}' at ${offset}`);
    boxes.push({ type, start: offset, body, end: offset + size });
    offset += size;
  }
  return boxes;
}

/** The first box along a path such as ['moov', 'trak', 'tkhd']. */
export function findBox(buffer: Buffer, path: string[], start = 0, end = buffer.length): Box | undefined {
  let range: Box | undefined;
  let from = start;
  let to = end;
  for (const type of path) {
    range = readBoxes(buffer, from, to).find((box) => box.type === type);
    if (!range) return undefined;
    from = range.body;
    to = range.end;
  }
  return range;
}

interface Clip {
  width: number;
  height: number;
  mediaTimescale: number;
  mediaDuration: number;
  stsd: Buffer;
  /** [sample count, sample delta] pairs. */
  timeToSample: [number, number][];
  /** 1-based numbers of keyframes; undefined when every sample is one. */
  syncSamples: number[] | undefined;
  sampleSizes: number[];
  /** The clip's samples, contiguous and in order. */
  data: Buffer;
}

function parseClip(file: Buffer): Clip {
  const need = (path: string[]) => {
    const box = findBox(file, path);
    if (!box) throw new Error(`Base clip lacks ${path.join('/')}`);
    return box;
  };
  const trak = ['moov', 'trak'];
  const stbl = [...trak, 'mdia', 'minf', 'stbl'];
  const tkhd = need([...trak, 'tkhd']);
  const tkhdV1 = file[tkhd.body] === 1;
  const sizeAt = tkhd.body + (tkhdV1 ? 88 : 76);
  const mdhd = need([...trak, 'mdia', 'mdhd']);
  const mdhdV1 = file[mdhd.body] === 1;
  const mediaTimescale = file.readUInt32BE(mdhd.body + (mdhdV1 ? 20 : 12));
  const mediaDuration = mdhdV1
    ? Number(file.readBigUInt64BE(mdhd.body + 24))
    : file.readUInt32BE(mdhd.body + 16);

  const entries = (box: Box, width: number) => {
    const count = file.readUInt32BE(box.body + 4);
    return Array.from({ length: count }, (_, index) =>
      Array.from({ length: width }, (_, field) =>
        file.readUInt32BE(box.body + 8 + (index * width + field) * 4),
      ),
    );
  };
  const stts = entries(need([...stbl, 'stts']), 2) as [number, number][];
  const stssBox = findBox(file, [...stbl, 'stss']);
  const syncSamples = stssBox ? entries(stssBox, 1).map(([number]) => number!) : undefined;
  const stsz = need([...stbl, 'stsz']);
  const fixedSize = file.readUInt32BE(stsz.body + 4);
  const sampleCount = file.readUInt32BE(stsz.body + 8);
  const sampleSizes = Array.from({ length: sampleCount }, (_, index) =>
    fixedSize !== 0 ? fixedSize : file.readUInt32BE(stsz.body + 12 + index * 4),
  );
  const stsc = entries(need([...stbl, 'stsc']), 3);
  const stco = findBox(file, [...stbl, 'stco']);
  const co64 = findBox(file, [...stbl, 'co64']);
  const chunkOffsets = stco
    ? entries(stco, 1).map(([offset]) => offset!)
    : co64
      ? Array.from({ length: file.readUInt32BE(co64.body + 4) }, (_, index) =>
          Number(file.readBigUInt64BE(co64.body + 8 + index * 8)),
        )
      : [];

  // Sample offsets from the chunk table, then a check that they are one contiguous run.
  const offsets: number[] = [];
  for (let chunk = 0; chunk < chunkOffsets.length; chunk++) {
    const entry = [...stsc].reverse().find(([first]) => first! <= chunk + 1);
    let offset = chunkOffsets[chunk]!;
    for (let index = 0; index < (entry?.[1] ?? 0) && offsets.length < sampleCount; index++) {
      offsets.push(offset);
      offset += sampleSizes[offsets.length - 1]!;
    }
  }
  const first = offsets[0] ?? 0;
  let expected = first;
  for (let index = 0; index < sampleCount; index++) {
    if (offsets[index] !== expected) throw new Error('Base clip samples are not contiguous');
    expected += sampleSizes[index]!;
  }
  return {
    width: file.readUInt32BE(sizeAt) >>> 16,
    height: file.readUInt32BE(sizeAt + 4) >>> 16,
    mediaTimescale,
    mediaDuration,
    stsd: file.subarray(need([...stbl, 'stsd']).start, need([...stbl, 'stsd']).end),
    timeToSample: stts,
    syncSamples,
    sampleSizes,
    data: file.subarray(first, expected),
  };
}

function box(type: string, ...payload: Buffer[]): Buffer {
  const body = Buffer.concat(payload);
  const header = Buffer.alloc(8);
  header.writeUInt32BE(8 + body.length, 0);
  header.write(type, 4, 'latin1');
  return Buffer.concat([header, body]);
}

function fullBox(type: string, version: number, flags: number, ...payload: Buffer[]): Buffer {
  const head = Buffer.alloc(4);
  head.writeUInt32BE(((version & 0xff) << 24) | (flags & 0xffffff), 0);
  return box(type, head, ...payload);
}

function u32(...values: number[]): Buffer {
  const out = Buffer.alloc(values.length * 4);
  values.forEach((value, index) => {
    out.writeUInt32BE(value >>> 0, index * 4);
  });
  return out;
}

const MATRIX = u32(0x00010000, 0, 0, 0, 0x00010000, 0, 0, 0, 0x40000000);
const MOVIE_TIMESCALE = 1000;

function table(type: string, rows: number[][]): Buffer {
  return fullBox(type, 0, 0, u32(rows.length), u32(...rows.flat()));
}

function buildMoov(clip: Clip, loops: number, chunkOffsets: number[]): Buffer {
  const samplesPerLoop = clip.sampleSizes.length;
  const movieDuration = Math.round((clip.mediaDuration * loops * MOVIE_TIMESCALE) / clip.mediaTimescale);
  const mvhd = fullBox(
    'mvhd',
    0,
    0,
    u32(0, 0, MOVIE_TIMESCALE, movieDuration, 0x00010000),
    Buffer.from([0x01, 0x00, 0, 0]), // volume 1.0, reserved
    Buffer.alloc(8),
    MATRIX,
    Buffer.alloc(24),
    u32(2), // next track id
  );
  const tkhd = fullBox(
    'tkhd',
    0,
    3, // enabled, in movie
    u32(0, 0, 1, 0, movieDuration),
    Buffer.alloc(8),
    Buffer.alloc(8), // layer, alternate group, volume 0, reserved
    MATRIX,
    u32(clip.width * 0x10000, clip.height * 0x10000),
  );
  const mdhd = fullBox(
    'mdhd',
    0,
    0,
    u32(0, 0, clip.mediaTimescale, clip.mediaDuration * loops),
    Buffer.from([0x55, 0xc4, 0, 0]), // language 'und'
  );
  const hdlr = fullBox(
    'hdlr',
    0,
    0,
    u32(0),
    Buffer.from('vide', 'latin1'),
    Buffer.alloc(12),
    Buffer.from('VideoHandler\0'),
  );
  const vmhd = fullBox('vmhd', 0, 1, Buffer.alloc(8));
  const dinf = box('dinf', fullBox('dref', 0, 0, u32(1), fullBox('url ', 0, 1)));
  const repeat = <T>(rows: T[], shift: (row: T, loop: number) => T) =>
    Array.from({ length: loops }, (_, loop) => rows.map((row) => shift(row, loop))).flat();
  const stts = table(
    'stts',
    repeat(clip.timeToSample, (row) => row),
  );
  const stss = clip.syncSamples
    ? [
        table(
          'stss',
          repeat(clip.syncSamples, (number, loop) => number + loop * samplesPerLoop).map((n) => [n]),
        ),
      ]
    : [];
  const stsc = table('stsc', [[1, samplesPerLoop, 1]]);
  const sizes = repeat(clip.sampleSizes, (size) => size);
  const stsz = fullBox('stsz', 0, 0, u32(0, sizes.length), u32(...sizes));
  const stco = table(
    'stco',
    chunkOffsets.map((offset) => [offset]),
  );
  const stbl = box('stbl', clip.stsd, stts, ...stss, stsc, stsz, stco);
  return box('moov', mvhd, box('trak', tkhd, box('mdia', mdhd, hdlr, box('minf', vmhd, dinf, stbl))));
}

const clipCache = new Map<string, Clip>();

function clipFor(size: string): Clip {
  let clip = clipCache.get(size);
  if (!clip) {
    const encoded = BASE_CLIPS[size];
    if (!encoded) throw new Error(`No base clip for ${size}`);
    clip = parseClip(Buffer.from(encoded, 'base64'));
    clipCache.set(size, clip);
  }
  return clip;
}

/** Frame sizes a video can be rendered at ('WIDTHxHEIGHT'). */
export const VIDEO_SIZES: readonly string[] = Object.keys(BASE_CLIPS);

/** A playable H.264 MP4 of `seconds` whole seconds at `size`, looping the base clip. */
export function buildMp4(size: string, seconds: number): Buffer {
  const clip = clipFor(size);
  const loops = Math.max(1, Math.round(seconds));
  const ftyp = box(
    'ftyp',
    Buffer.from('isom', 'latin1'),
    u32(0x200),
    Buffer.from('isomiso2avc1mp41', 'latin1'),
  );
  // The moov's size does not depend on the offset values, so measure it once with zeros.
  const moovSize = buildMoov(clip, loops, new Array(loops).fill(0)).length;
  const dataStart = ftyp.length + moovSize + 8;
  const offsets = Array.from({ length: loops }, (_, loop) => dataStart + loop * clip.data.length);
  const moov = buildMoov(clip, loops, offsets);
  const mdatHeader = Buffer.alloc(8);
  mdatHeader.writeUInt32BE(8 + clip.data.length * loops, 0);
  mdatHeader.write('mdat', 4, 'latin1');
  return Buffer.concat([ftyp, moov, mdatHeader, ...new Array<Buffer>(loops).fill(clip.data)]);
}
