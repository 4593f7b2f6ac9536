// Small facts about media bytes, so content text and content blocks can say what was made.

const AUDIO_EXTENSIONS: Record<string, string> = {
  '.wav': 'audio/wav',
  '.mp3': 'audio/mpeg',
  '.mpga': 'audio/mpeg',
  '.mpeg': 'audio/mpeg',
  '.m4a': 'audio/mp4',
  '.mp4': 'audio/mp4',
  '.ogg': 'audio/ogg',
  '.oga': 'audio/ogg',
  '.opus': 'audio/ogg',
  '.webm': 'audio/webm',
  '.flac': 'audio/flac',
  '.aac': 'audio/aac',
  '.pcm': 'audio/pcm',
};

/** File extensions accepted as audio, with their media types. */
export const AUDIO_TYPES: Readonly<Record<string, string>> = AUDIO_EXTENSIONS;

/** The extension (with dot) for an audio media type, e.g. `'.mp3'` for `'audio/mpeg'`. */
export function audioExtensionOf(mimeType: string): string | undefined {
  const type = mimeType.split(';')[0]?.trim().toLowerCase();
  if (type === 'audio/x-wav' || type === 'audio/wave') return '.wav';
  return Object.entries(AUDIO_EXTENSIONS).find(([, known]) => known === type)?.[0];
}

function startsWith(bytes: Uint8Array, text: string, offset = 0): boolean {
  for (let i = 0; i < text.length; i++) if (bytes[offset + i] !== text.charCodeAt(i)) return false;
  return true;
}

/** Recognises common audio containers by their first bytes; gives an extension with dot. */
export function sniffAudioExtension(bytes: Uint8Array): string | undefined {
  if (startsWith(bytes, 'RIFF') && startsWith(bytes, 'WAVE', 8)) return '.wav';
  if (startsWith(bytes, 'ID3') || (bytes[0] === 0xff && ((bytes[1] ?? 0) & 0xe0) === 0xe0)) return '.mp3';
  if (startsWith(bytes, 'fLaC')) return '.flac';
  if (startsWith(bytes, 'OggS')) return '.ogg';
  if (bytes[0] === 0x1a && bytes[1] === 0x45 && bytes[2] === 0xdf && bytes[3] === 0xa3) return '.webm';
  if (startsWith(bytes, 'ftyp', 4)) return '.m4a';
  return undefined;
}

/** Recognises PNG, JPEG, WebP and GIF by their first bytes. */
export function sniffImageType(bytes: Uint8Array): string | undefined {
  if (bytes[0] === 0x89 && startsWith(bytes, 'PNG', 1)) return 'image/png';
  if (bytes[0] === 0xff && bytes[1] === 0xd8) return 'image/jpeg';
  if (startsWith(bytes, 'RIFF') && startsWith(bytes, 'WEBP', 8)) return 'image/webp';
  if (startsWith(bytes, 'GIF8')) return 'image/gif';
  return undefined;
}

/** Width and height of a PNG, from its IHDR chunk. */
export function pngSize(bytes: Uint8Array): { width: number; height: number } | undefined {
  if (sniffImageType(bytes) !== 'image/png' || bytes.length < 24) return undefined;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return { width: view.getUint32(16), height: view.getUint32(20) };
}

/** Seconds of audio in a PCM WAV file, read from its `fmt ` and `data` chunks. */
export function wavDurationSeconds(bytes: Uint8Array): number | undefined {
  if (sniffAudioExtension(bytes) !== '.wav') return undefined;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let byteRate: number | undefined;
  for (let offset = 12; offset + 8 <= bytes.length; ) {
    const size = view.getUint32(offset + 4, true);
    if (startsWith(bytes, 'fmt ', offset) && offset + 16 <= bytes.length)
      byteRate = view.getUint32(offset + 16, true);
    if (startsWith(bytes, 'data', offset)) {
      // Streamed WAVs may carry a placeholder size; the bytes present are the truth then.
      const dataBytes = Math.min(size, bytes.length - offset - 8);
      return byteRate ? dataBytes / byteRate : undefined;
    }
    offset += 8 + size + (size % 2);
  }
  return undefined;
}

/** A byte count for people: `'812 B'`, `'34.1 KB'`, `'2.3 MB'`. */
export function formatBytes(count: number): string {
  if (count < 1024) return `${count} B`;
  if (count < 1024 * 1024) return `${(count / 1024).toFixed(1)} KB`;
  return `${(count / 1024 / 1024).toFixed(1)} MB`;
}
