import type { Readable } from 'node:stream';
import { basename, extname, fileBlob, fileSize } from '../platform/node.js';
import { AnyIntError, AnyIntValidationError } from './errors.js';
import { invalid } from './validate.js';

/** The stream of a `StreamUpload`, once: kept out of the class's public surface. */
let takeStream: (upload: StreamUpload) => AsyncIterable<Uint8Array>;

/** A body that can be read once only: a Node stream, a web stream or an async iterable of bytes. */
export class StreamUpload {
  readonly name: string;
  readonly type: string;
  readonly #source: AsyncIterable<Uint8Array>;
  #used = false;

  constructor(source: AsyncIterable<Uint8Array> | ReadableStream<Uint8Array>, name: string, type?: string) {
    this.#source = source as AsyncIterable<Uint8Array>;
    this.name = name;
    this.type = type || mimeTypeOf(name);
  }

  static {
    takeStream = (upload) => upload.#take();
  }

  #take(): AsyncIterable<Uint8Array> {
    if (this.#used)
      throw new AnyIntValidationError('file', `The stream of "${this.name}" was already sent once.`);
    this.#used = true;
    return this.#source;
  }
}

/**
 * What upload fields accept: a `File`/`Blob`, a `Response` (e.g. of `fetch`, streamed on), a Node
 * `ReadStream`, or the result of `toFile`/`fileFromPath`.
 */
export type Uploadable = Blob | Response | StreamUpload | NodeReadableLike;

/**
 * A Node `Readable` (an `fs.ReadStream`, a `Readable.from(...)`), described by shape so that these
 * types need no `@types/node`: a browser or edge project type-checks without it.
 */
export interface NodeReadableLike extends AsyncIterable<unknown> {
  pipe(destination: never, options?: never): unknown;
  readonly readable: boolean;
}

export type ToFileInput =
  | Uint8Array
  | ArrayBuffer
  | ArrayBufferView
  | Blob
  | string
  | AsyncIterable<Uint8Array>
  | ReadableStream<Uint8Array>
  | Response;

type Bytes = Uint8Array | ArrayBuffer | ArrayBufferView | Blob | string;
type Streamed = AsyncIterable<Uint8Array> | ReadableStream<Uint8Array> | Response;

/** An upload resolved for the multipart encoder. */
export interface UploadSource {
  name: string;
  type: string;
  size: number | undefined;
  /** Paths, Blobs and bytes can be sent again on a retry; streams cannot. */
  replayable: boolean;
  open(): AsyncIterable<Uint8Array>;
  /** The upload itself when it is a Blob (a File, bytes, `fileFromPath`): `fetch` sends it as is. */
  blob?: Blob | undefined;
}

const MIME_TYPES: Record<string, string> = {
  '.wav': 'audio/wav',
  '.mp3': 'audio/mpeg',
  '.mpga': 'audio/mpeg',
  '.mpeg': 'audio/mpeg',
  '.m4a': 'audio/mp4',
  '.mp4': 'video/mp4',
  '.ogg': 'audio/ogg',
  '.oga': 'audio/ogg',
  '.webm': 'audio/webm',
  '.flac': 'audio/flac',
  '.pcm': 'audio/pcm',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.webp': 'image/webp',
  '.json': 'application/json',
  '.jsonl': 'application/jsonl',
  '.txt': 'text/plain',
  '.pdf': 'application/pdf',
};

export function mimeTypeOf(name: string): string {
  return MIME_TYPES[extname(name).toLowerCase()] ?? 'application/octet-stream';
}

function extensionOfType(type: string): string | undefined {
  const base = type.split(';')[0]?.trim().toLowerCase();
  return Object.entries(MIME_TYPES).find(([, mime]) => mime === base)?.[0];
}

/** The extension the first bytes of a file reveal, for formats upstreams accept. */
export function sniffExtension(head: Uint8Array): string | undefined {
  const text = (from: number, to: number) => String.fromCharCode(...head.subarray(from, to));
  if (text(0, 4) === 'RIFF' && text(8, 12) === 'WAVE') return '.wav';
  if (text(0, 3) === 'ID3' || (head[0] === 0xff && ((head[1] ?? 0) & 0xe0) === 0xe0)) return '.mp3';
  if (text(4, 8) === 'ftyp') return text(8, 11) === 'M4A' ? '.m4a' : '.mp4';
  if (text(0, 4) === 'OggS') return '.ogg';
  if (text(0, 4) === 'fLaC') return '.flac';
  if (head[0] === 0x1a && head[1] === 0x45 && head[2] === 0xdf && head[3] === 0xa3) return '.webm';
  if (text(1, 4) === 'PNG') return '.png';
  if (head[0] === 0xff && head[1] === 0xd8) return '.jpg';
  if (text(0, 4) === '%PDF') return '.pdf';
  return undefined;
}

/**
 * Upstreams reject a file part without a filename extension, so a name without one gets the
 * extension of its MIME type, or of its first bytes.
 */
async function withExtension(name: string, type: string, blob: Blob | undefined): Promise<string> {
  if (extname(name)) return name;
  const fromType = type ? extensionOfType(type) : undefined;
  const fromBytes =
    fromType ?? (blob ? sniffExtension(new Uint8Array(await blob.slice(0, 16).arrayBuffer())) : undefined);
  return fromBytes ? `${name}${fromBytes}` : name;
}

function isAsyncIterable(value: unknown): value is AsyncIterable<Uint8Array> {
  return typeof value === 'object' && value !== null && Symbol.asyncIterator in value;
}

/**
 * Builds an upload from bytes, a Blob or a stream. Bytes and Blobs become a `File` (sent again on a
 * retry); a stream becomes a `StreamUpload`, sent once without being buffered.
 *
 * @example
 * await anyint.audio.transcriptions.create({ file: await toFile(bytes, 'call.wav'), model: 'whisper-1' });
 */
export async function toFile(
  data: Bytes | PromiseLike<Bytes>,
  name?: string,
  options?: { type?: string; lastModified?: number },
): Promise<File>;
export async function toFile(
  data: Streamed | PromiseLike<Streamed>,
  name?: string,
  options?: { type?: string; lastModified?: number },
): Promise<StreamUpload>;
export async function toFile(
  input: ToFileInput | PromiseLike<ToFileInput>,
  name?: string,
  options?: { type?: string; lastModified?: number },
): Promise<File | StreamUpload> {
  // As `openai@6`'s toFile: a promise of the data is awaited (`toFile(fetch(url))`).
  const data = await input;
  if (data instanceof Response) {
    // Streamed on as it arrives, named after the last segment of its URL.
    const fileName = name ?? (basename(new URL(data.url || 'file:upload').pathname) || 'upload');
    const type =
      options?.type ?? data.headers.get('content-type')?.split(';')[0]?.trim() ?? mimeTypeOf(fileName);
    if (!data.body) return new File([], fileName, { type });
    return new StreamUpload(data.body, fileName, type);
  }
  const fileName = name ?? (data instanceof File ? data.name : (pathName(data) ?? 'upload'));
  const type = options?.type ?? (data instanceof Blob && data.type ? data.type : mimeTypeOf(fileName));
  if (
    data instanceof Blob ||
    typeof data === 'string' ||
    data instanceof ArrayBuffer ||
    ArrayBuffer.isView(data)
  ) {
    return new File([data as BlobPart], fileName, { type, lastModified: options?.lastModified });
  }
  if (isAsyncIterable(data) || data instanceof ReadableStream) return new StreamUpload(data, fileName, type);
  throw invalid('file', 'bytes, a Blob or a stream', data);
}

/**
 * A file on disk, checked now and streamed from disk when sent (never read whole into memory).
 *
 * @example
 * await anyint.audio.transcriptions.create({ file: await fileFromPath('call.wav'), model: 'whisper-1' });
 */
export async function fileFromPath(path: string, name?: string, options?: { type?: string }): Promise<File> {
  let size: number | undefined;
  try {
    size = await fileSize(path);
  } catch (error) {
    if (AnyIntError.isInstance(error)) throw error;
    throw new AnyIntValidationError('file', `"${path}" does not exist or cannot be read.`);
  }
  if (size === undefined) throw new AnyIntValidationError('file', `"${path}" is not a file.`);
  if (size === 0) throw new AnyIntValidationError('file', `"${path}" is empty (0 bytes).`);
  const fileName = name ?? basename(path);
  const type = options?.type ?? mimeTypeOf(fileName);
  // A Blob backed by the file: File keeps a reference to it, so bytes are read from disk only when sent.
  return new File([await fileBlob(path)], fileName, { type });
}

function isNodeReadable(value: unknown): value is NodeReadableLike & { path?: unknown } {
  return (
    typeof value === 'object' && value !== null && typeof (value as { pipe?: unknown }).pipe === 'function'
  );
}

/** The file name of a Node `ReadStream` (its `path`), as `openai@6` names uploads. */
function pathName(data: unknown): string | undefined {
  const path = (data as { path?: unknown }).path;
  return typeof path === 'string' && path ? basename(path) : undefined;
}

/** Resolves what a user passed as `field` into something the multipart encoder can send. */
export async function resolveUpload(field: string, value: unknown): Promise<UploadSource> {
  if (value === undefined || value === null)
    throw invalid(field, 'a file (File, Blob, ReadStream or fileFromPath(...))', value);
  if (value instanceof Blob) {
    if (value.size === 0) throw new AnyIntValidationError(field, `"${field}" is empty (0 bytes).`);
    const name = await withExtension(
      value instanceof File && value.name ? value.name : 'upload',
      value.type,
      value,
    );
    return {
      name,
      type: value.type && value.type !== 'application/octet-stream' ? value.type : mimeTypeOf(name),
      size: value.size,
      replayable: true,
      open: () => value.stream() as unknown as AsyncIterable<Uint8Array>,
      blob: value,
    };
  }
  if (value instanceof Response) return resolveUpload(field, await toFile(value));
  if (value instanceof StreamUpload) {
    return {
      name: await withExtension(value.name, value.type, undefined),
      type: value.type,
      size: undefined,
      replayable: false,
      open: () => takeStream(value),
    };
  }
  if (isNodeReadable(value)) {
    const { path } = value as { path?: unknown; start?: unknown; end?: unknown };
    const ranged =
      (value as { start?: unknown }).start !== undefined || (value as { end?: unknown }).end !== undefined;
    if (typeof path === 'string' && !ranged) {
      // A ReadStream of a whole file is reopened from its path: replayable, and its size is known.
      (value as Readable).destroy?.();
      return resolveUpload(field, await fileFromPath(path));
    }
    const name = typeof path === 'string' ? basename(path) : 'upload';
    const stream = value as unknown as Readable;
    return resolveUpload(field, new StreamUpload(stream, name));
  }
  if (isAsyncIterable(value) || value instanceof ReadableStream) {
    return resolveUpload(field, new StreamUpload(value, 'upload'));
  }
  throw invalid(field, 'a file (File, Blob, ReadStream or fileFromPath(...))', value);
}
