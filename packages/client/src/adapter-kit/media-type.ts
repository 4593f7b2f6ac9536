// What a file is, from its name or its first bytes: one table for uploads, tools and readers.

/** Media types by file extension, for the formats upstreams take and give. */
const TYPES_BY_EXTENSION: Readonly<Record<string, string>> = {
  '.wav': 'audio/wav',
  '.mp3': 'audio/mpeg',
  '.mpga': 'audio/mpeg',
  '.mpeg': 'audio/mpeg',
  '.m4a': 'audio/mp4',
  '.mp4': 'video/mp4',
  '.ogg': 'audio/ogg',
  '.oga': 'audio/ogg',
  '.opus': 'audio/ogg',
  '.webm': 'audio/webm',
  '.flac': 'audio/flac',
  '.aac': 'audio/aac',
  '.pcm': 'audio/pcm',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.webp': 'image/webp',
  '.gif': 'image/gif',
  '.json': 'application/json',
  '.jsonl': 'application/jsonl',
  '.txt': 'text/plain',
  '.pdf': 'application/pdf',
};

/** Other names of the same types, as servers send them. */
const TYPE_ALIASES: Readonly<Record<string, string>> = {
  'audio/x-wav': 'audio/wav',
  'audio/wave': 'audio/wav',
  'audio/vnd.wave': 'audio/wav',
  'audio/mp3': 'audio/mpeg',
  'audio/x-m4a': 'audio/mp4',
  'audio/x-flac': 'audio/flac',
  'audio/opus': 'audio/ogg',
  'image/jpg': 'image/jpeg',
};

/** File extensions the speech-to-text routes take, with dot (OpenAI's list, plus the raw formats speech returns). */
export const AUDIO_INPUT_EXTENSIONS: readonly string[] = [
  '.wav',
  '.mp3',
  '.mpga',
  '.mpeg',
  '.m4a',
  '.mp4',
  '.ogg',
  '.oga',
  '.opus',
  '.webm',
  '.flac',
  '.aac',
  '.pcm',
];

/** A media type and the file extension (with dot) that goes with it. */
export interface MediaType {
  type: string;
  extension: string;
}

function extensionOfName(name: string): string {
  const base = name.replace(/^.*[/\\]/, '');
  const dot = base.lastIndexOf('.');
  return dot > 0 ? base.slice(dot).toLowerCase() : '';
}

/** The media type of a file name's extension, e.g. `'audio/mpeg'` for `'call.MP3'`; `'application/octet-stream'` when unknown. */
export function mediaTypeOfName(name: string): string {
  return TYPES_BY_EXTENSION[extensionOfName(name)] ?? 'application/octet-stream';
}

/** The bare media type (no parameters, lower case, common aliases resolved), e.g. `'audio/wav'` for `'audio/x-wav; codecs=1'`. */
export function baseMediaType(type: string): string {
  const base = type.split(';')[0]?.trim().toLowerCase() ?? '';
  return TYPE_ALIASES[base] ?? base;
}

/** The extension (with dot) for a media type, e.g. `'.mp3'` for `'audio/mpeg'`; `undefined` when unknown. */
export function extensionOfMediaType(type: string): string | undefined {
  const base = baseMediaType(type);
  if (base === 'audio/mp4') return '.m4a';
  return Object.entries(TYPES_BY_EXTENSION).find(([, known]) => known === base)?.[0];
}

function ascii(bytes: Uint8Array, from: number, to: number): string {
  return String.fromCharCode(...bytes.subarray(from, to));
}

/**
 * What a file is from its first bytes (16 are enough): WAV, MP3, FLAC, Ogg, WebM, MP4/M4A, PNG,
 * JPEG, WebP, GIF or PDF. `undefined` for anything else.
 */
export function sniffMediaType(head: Uint8Array): MediaType | undefined {
  if (ascii(head, 0, 4) === 'RIFF') {
    if (ascii(head, 8, 12) === 'WAVE') return { type: 'audio/wav', extension: '.wav' };
    if (ascii(head, 8, 12) === 'WEBP') return { type: 'image/webp', extension: '.webp' };
    return undefined;
  }
  if (head[0] === 0xff && head[1] === 0xd8) return { type: 'image/jpeg', extension: '.jpg' };
  if (ascii(head, 0, 3) === 'ID3' || (head[0] === 0xff && ((head[1] ?? 0) & 0xe0) === 0xe0)) {
    return { type: 'audio/mpeg', extension: '.mp3' };
  }
  if (ascii(head, 0, 4) === 'fLaC') return { type: 'audio/flac', extension: '.flac' };
  if (ascii(head, 0, 4) === 'OggS') return { type: 'audio/ogg', extension: '.ogg' };
  if (head[0] === 0x1a && head[1] === 0x45 && head[2] === 0xdf && head[3] === 0xa3) {
    return { type: 'audio/webm', extension: '.webm' };
  }
  if (ascii(head, 4, 8) === 'ftyp') {
    return ascii(head, 8, 11) === 'M4A'
      ? { type: 'audio/mp4', extension: '.m4a' }
      : { type: 'video/mp4', extension: '.mp4' };
  }
  if (head[0] === 0x89 && ascii(head, 1, 4) === 'PNG') return { type: 'image/png', extension: '.png' };
  if (ascii(head, 0, 4) === 'GIF8') return { type: 'image/gif', extension: '.gif' };
  if (ascii(head, 0, 4) === '%PDF') return { type: 'application/pdf', extension: '.pdf' };
  return undefined;
}
