// Small facts about media bytes, so content text can say what was made. What a file is (its type
// from its bytes) is the client's one rule, in @anyint/client/adapter-kit.
import { sniffMediaType } from '@anyint/client/adapter-kit';

function startsWith(bytes: Uint8Array, text: string, offset = 0): boolean {
  for (let i = 0; i < text.length; i++) if (bytes[offset + i] !== text.charCodeAt(i)) return false;
  return true;
}

/** Width and height of a PNG, from its IHDR chunk. */
export function pngSize(bytes: Uint8Array): { width: number; height: number } | undefined {
  if (sniffMediaType(bytes)?.type !== 'image/png' || bytes.length < 24) return undefined;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return { width: view.getUint32(16), height: view.getUint32(20) };
}

/** Seconds of audio in a PCM WAV file, read from its `fmt ` and `data` chunks. */
export function wavDurationSeconds(bytes: Uint8Array): number | undefined {
  if (sniffMediaType(bytes)?.type !== 'audio/wav') return undefined;
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
