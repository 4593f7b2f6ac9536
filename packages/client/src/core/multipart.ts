import { randomUUID } from '../platform/node.js';
import { AnyIntValidationError } from './errors.js';
import type { UploadSource } from './uploads.js';

export type MultipartValue = string | number | boolean | UploadSource;

/** OpenAI's largest upload (a file for `/files`), in bytes. */
const MAX_UPLOAD_BYTES = 512 * 1024 * 1024;

export interface MultipartLimits {
  /** The route's largest body, in bytes: how much of a stream part may be read into memory where the runtime cannot stream (see `forFetch`). Default 512 MiB. */
  maxBytes?: number | undefined;
}

/**
 * A multipart/form-data body. Sent as chunks (undici) or as one Blob (fetch): file parts are never
 * read whole into memory, except a stream part where the runtime cannot stream a request body.
 */
export class MultipartBody {
  readonly boundary = `----anyint-${randomUUID()}`;
  readonly #fields: [string, MultipartValue][];
  readonly #maxBytes: number;

  constructor(
    fields: Record<string, MultipartValue | MultipartValue[] | object | undefined>,
    limits: MultipartLimits = {},
  ) {
    this.#maxBytes = limits.maxBytes ?? MAX_UPLOAD_BYTES;
    this.#fields = [];
    for (const [name, value] of Object.entries(fields)) {
      // An optional field left null is not sent, as in JSON bodies.
      if (value == null) continue;
      // OpenAI's array fields travel as repeated `name[]` parts, its object fields as `name[key]`
      // parts (`chunking_strategy[type]=server_vad`), as the official SDKs send them.
      if (Array.isArray(value))
        for (const item of value) this.#fields.push([`${name}[]`, scalar(`${name}[]`, item)]);
      else if (isPlainObject(value)) {
        for (const [key, item] of Object.entries(value))
          if (item != null) this.#fields.push([`${name}[${key}]`, scalar(`${name}.${key}`, item)]);
      } else this.#fields.push([name, scalar(name, value)]);
    }
  }

  get contentType(): string {
    return `multipart/form-data; boundary=${this.boundary}`;
  }

  get replayable(): boolean {
    return this.#fields.every(([, value]) => typeof value !== 'object' || value.replayable);
  }

  /** Known when every file part has a known size, so the request needs no chunked encoding. */
  get contentLength(): number | undefined {
    let length = this.#closing().length;
    for (const [name, value] of this.#fields) {
      length += this.#header(name, value).length + 2;
      if (typeof value !== 'object') length += utf8(String(value)).byteLength;
      else if (value.size === undefined) return undefined;
      else length += value.size;
    }
    return length;
  }

  async *chunks(): AsyncGenerator<Uint8Array> {
    for (const [name, value] of this.#fields) {
      yield this.#header(name, value);
      if (typeof value !== 'object') yield utf8(String(value));
      else yield* value.open();
      yield CRLF;
    }
    yield this.#closing();
  }

  /**
   * The body for `fetch`: the chunks where the runtime can send a stream body (`streams`), as undici
   * gets them. Where it cannot (browsers), one Blob: composed of the file parts without copying them
   * when every one is a Blob (File, Blob, bytes), else with a stream part read into memory up to the
   * route's limit; past it the upload is refused before anything is sent. (Bun could take a Blob too,
   * but it drops the bytes of a file-backed Blob composed into another one.)
   */
  async forFetch(streams: boolean): Promise<Blob | AsyncIterable<Uint8Array>> {
    if (streams) return this.chunks();
    if (this.#fields.every(([, value]) => typeof value !== 'object' || value.blob)) {
      const parts: BlobPart[] = [];
      for (const [name, value] of this.#fields) {
        parts.push(this.#header(name, value) as BlobPart);
        parts.push(typeof value === 'object' ? (value.blob as Blob) : String(value));
        parts.push(CRLF as BlobPart);
      }
      parts.push(this.#closing() as BlobPart);
      return new Blob(parts);
    }
    const parts: BlobPart[] = [];
    let size = 0;
    for await (const chunk of this.chunks()) {
      size += chunk.byteLength;
      if (size > this.#maxBytes) {
        const streamPart = this.#fields.find(([, value]) => typeof value === 'object' && !value.blob);
        const field = streamPart?.[0] ?? 'file';
        throw new AnyIntValidationError(
          field,
          `"${field}" is a stream, and this runtime cannot stream a request body (browsers send an upload over HTTP/1.1 only whole), so it is read into memory first; it passed this route's limit of ${this.#maxBytes} bytes. Pass a File or Blob instead.`,
        );
      }
      // A copy: a stream may reuse its buffer for the next chunk.
      parts.push(chunk.slice() as BlobPart);
    }
    return new Blob(parts);
  }

  #header(name: string, value: MultipartValue): Uint8Array {
    const disposition = `--${this.boundary}\r\nContent-Disposition: form-data; name="${escapeQuoted(name)}"`;
    if (typeof value !== 'object') return utf8(`${disposition}\r\n\r\n`);
    return utf8(
      `${disposition}; filename="${escapeQuoted(value.name)}"\r\nContent-Type: ${value.type}\r\n\r\n`,
    );
  }

  #closing(): Uint8Array {
    return utf8(`--${this.boundary}--\r\n`);
  }
}

function isUpload(value: object): value is UploadSource {
  return typeof (value as { open?: unknown }).open === 'function';
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !isUpload(value);
}

/** A part's value: text, a number, a boolean or a file; anything deeper has no form encoding. */
function scalar(field: string, value: unknown): MultipartValue {
  const type = typeof value;
  if (type === 'string' || type === 'number' || type === 'boolean') return value as MultipartValue;
  if (type === 'object' && value !== null && isUpload(value as object)) return value as UploadSource;
  throw new AnyIntValidationError(
    field,
    `"${field}" must be a string, number, boolean or file in a multipart form, got ${Array.isArray(value) ? 'an array' : value === null ? 'null' : type === 'object' ? 'a nested object' : type}.`,
  );
}

const encoder = new TextEncoder();
const utf8 = (text: string): Uint8Array => encoder.encode(text);
const CRLF = utf8('\r\n');

function escapeQuoted(value: string): string {
  return value.replace(/"/g, '%22').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}
