/**
 * The web side of the platform seam, for edge runtimes, workers, Deno and browsers: the same names as
 * `node.ts`, on web APIs only (global `fetch`, `crypto`, `atob`). File-system helpers need Node and
 * throw an `AnyIntError` that says so.
 */
import type { DispatcherLike } from '../core/dispatcher.js';
import { AnyIntError, AnyIntValidationError } from '../core/errors.js';
import { fetchTransport, type Transport } from '../core/http.js';
import type { embedBulk as nodeEmbedBulk } from '../resources/embed-bulk.js';

function nodeOnly(feature: string): AnyIntError {
  return new AnyIntError(
    `${feature} needs Node.js (the file system); this is @anyint/client's web build. Use bytes, a Blob or a stream instead.`,
  );
}

export const runtimeName: string = 'web';

export function randomUUID(): string {
  const webCrypto = globalThis.crypto;
  // randomUUID exists only in secure contexts (https, localhost); getRandomValues everywhere.
  if (typeof webCrypto.randomUUID === 'function') return webCrypto.randomUUID();
  const bytes = webCrypto.getRandomValues(new Uint8Array(16));
  bytes[6] = ((bytes[6] as number) & 0x0f) | 0x40;
  bytes[8] = ((bytes[8] as number) & 0x3f) | 0x80;
  const hex = Array.from(bytes, (byte) => byte.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** Base64 (standard or URL-safe) to bytes. */
export function base64Bytes(value: string): Uint8Array {
  const binary = atob(value.replace(/[-_]/g, (c) => (c === '-' ? '+' : '/')));
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

export function basename(path: string): string {
  return path.replace(/[/\\]+$/, '').replace(/^.*[/\\]/, '');
}

/** As Node's `path.extname`: from the last `.` of the last segment, but not a leading one. */
export function extname(path: string): string {
  const name = basename(path);
  const dot = name.lastIndexOf('.');
  return dot > 0 ? name.slice(dot) : '';
}

export async function fileSize(_path: string): Promise<number | undefined> {
  throw nodeOnly('fileFromPath');
}

export async function fileBlob(_path: string): Promise<Blob> {
  throw nodeOnly('fileFromPath');
}

export async function writeStreamToFile(
  _open: () => AsyncIterable<Uint8Array>,
  _path: string,
): Promise<void> {
  throw nodeOnly('BinaryResponse.writeToFile');
}

/** Bulk embedding keeps JSONL shards and its state in files, so it needs Node. */
export const embedBulk: typeof nodeEmbedBulk = async function* () {
  yield* [];
  throw nodeOnly('embeddings.embedBulk');
};

/** The global `fetch`, looked up at each request so a runtime's or test's replacement is used. */
export function defaultTransport(dispatcher: DispatcherLike | undefined): Transport {
  if (dispatcher) {
    throw new AnyIntValidationError(
      'dispatcher',
      'An undici `dispatcher` needs the Node build of @anyint/client; pass `fetch` to use your own.',
    );
  }
  if (typeof globalThis.fetch !== 'function') {
    throw new AnyIntValidationError(
      'fetch',
      'This runtime has no global `fetch`: pass `fetch` to `new AnyInt()`.',
    );
  }
  return fetchTransport((input, init) => globalThis.fetch(input, init));
}
