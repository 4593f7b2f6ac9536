import { AudioDecodeError } from './errors.js';
import { findFirstFrame } from './mp3-frames.js';
import { isWav } from './wav.js';

export type DetectedFormat = 'wav' | 'mp3' | 'pcm' | 'flac' | 'ogg' | 'mp4' | 'webm';

const MP3_EXTENSIONS = new Set(['mp3', 'mpga', 'mpeg']);
const PCM_EXTENSIONS = new Set(['pcm', 'raw', 's16le', 'l16']);

/** Magic numbers of common uploads that are certainly not audio. */
const NOT_AUDIO: [string, number[]][] = [
  ['a PNG image', [0x89, 0x50, 0x4e, 0x47]],
  ['a JPEG image', [0xff, 0xd8, 0xff]],
  ['a GIF image', [0x47, 0x49, 0x46, 0x38]],
  ['a PDF document', [0x25, 0x50, 0x44, 0x46]],
  ['a ZIP archive', [0x50, 0x4b, 0x03, 0x04]],
  ['a gzip archive', [0x1f, 0x8b]],
];

/**
 * Magic bytes first (a file named .mp3 that is really WAV is read as WAV), then the extension, since
 * raw PCM has no header. Throws AudioDecodeError for bytes that are not audio at all.
 */
export function detectFormat(bytes: Uint8Array, filename?: string): DetectedFormat {
  if (bytes.length === 0) throw new AudioDecodeError('The audio file is empty.');
  const ext = extensionOf(filename);
  if (isWav(bytes)) return 'wav';
  if (findFirstFrame(bytes, MP3_EXTENSIONS.has(ext) ? 64 * 1024 : 4) >= 0) return 'mp3';
  if (startsWith(bytes, [0x66, 0x4c, 0x61, 0x43])) return 'flac';
  if (startsWith(bytes, [0x4f, 0x67, 0x67, 0x53])) return 'ogg';
  if (bytes.length >= 12 && ascii(bytes, 4, 8) === 'ftyp') return 'mp4';
  if (startsWith(bytes, [0x1a, 0x45, 0xdf, 0xa3])) return 'webm';
  for (const [what, magic] of NOT_AUDIO) {
    if (startsWith(bytes, magic)) throw new AudioDecodeError(`The file is ${what}, not audio.`);
  }
  if (looksLikeText(bytes)) throw new AudioDecodeError('The file is text, not audio.');
  if (ext === 'wav' || ext === 'wave')
    throw new AudioDecodeError('The file is not a valid WAV file (missing RIFF/WAVE header).');
  if (MP3_EXTENSIONS.has(ext))
    throw new AudioDecodeError('The file is not a valid MP3 file (no MPEG audio frames found).');
  if (PCM_EXTENSIONS.has(ext) || ext === '') return 'pcm';
  throw new AudioDecodeError(
    `Unrecognised audio format${ext ? ` ".${ext}"` : ''}. Supported: wav, mp3, pcm, flac, ogg, m4a, webm.`,
  );
}

function extensionOf(filename: string | undefined): string {
  const match = filename ? /\.([a-z0-9]+)$/i.exec(filename) : null;
  return match ? match[1]!.toLowerCase() : '';
}

function startsWith(bytes: Uint8Array, magic: number[]): boolean {
  return magic.every((b, i) => bytes[i] === b);
}

function ascii(bytes: Uint8Array, from: number, to: number): string {
  return String.fromCharCode(...bytes.subarray(from, to));
}

/** Valid UTF-8 that is almost all printable: JSON, a form field, a transcript pasted by mistake. */
function looksLikeText(bytes: Uint8Array): boolean {
  const head = bytes.subarray(0, 4096);
  let text: string;
  try {
    // A multi-byte character cut at the 4096th byte is not a reason to call text binary.
    text = new TextDecoder('utf-8', { fatal: true }).decode(
      head.length < bytes.length ? trimPartial(head) : head,
    );
  } catch {
    return false;
  }
  if (text.length === 0) return false;
  let printable = 0;
  for (const ch of text) if (/[\p{L}\p{N}\p{P}\p{S}\p{Zs}\t\n\r]/u.test(ch)) printable++;
  return printable / [...text].length >= 0.95;
}

function trimPartial(head: Uint8Array): Uint8Array {
  const end = head.length;
  for (let back = 1; back <= 3 && end - back >= 0; back++) {
    const b = head[end - back]!;
    if ((b & 0xc0) === 0xc0) return head.subarray(0, end - back); // a lead byte whose tail was cut
    if ((b & 0xc0) !== 0x80) break;
  }
  return head;
}
