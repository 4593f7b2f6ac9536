import { writeStreamToFile } from '../platform/node.js';
import { AnyIntError, InvalidResponseError } from './errors.js';
import { connectionError, type HttpResponse } from './http.js';

/**
 * A binary body (speech audio, file or video content) that is still streaming from the server. It is
 * a `Response`, as `openai@6` returns for these routes (`status`, `headers.get()`, `body`,
 * `arrayBuffer()`, `blob()`, `text()`), with helpers of its own: `bytes()`, `stream()`,
 * `writeToFile(path)`, `discard()` and `contentType`. Read it once.
 *
 * Declared as an interface over the global `Response` rather than as the class below: `@types/node`
 * declares `Response`'s methods as properties and `body` as a field, the DOM lib as methods and a
 * getter, and a class overriding them type-checks against one of the two only.
 */
export interface BinaryResponse extends Response {
  /** The `Content-Type` the server sent, e.g. `'audio/wav'`. */
  readonly contentType: string;
  /** The body as a web `ReadableStream`, the same one each time, read as it arrives. */
  readonly body: ReadableStream<Uint8Array<ArrayBuffer>> | null;
  /** The body as bytes (`Response#bytes()` is newer than Node 20: this one works everywhere). */
  bytes(): Promise<Uint8Array<ArrayBuffer>>;
  json(): Promise<unknown>;
  /** The body as a web `ReadableStream` (the same as `body`). */
  stream(): ReadableStream<Uint8Array>;
  /**
   * Streams the body to `path` through a temporary file in the same folder, renamed into place once
   * complete, so a failed download never leaves a partial file at `path`. Node only: the web build
   * throws an `AnyIntError` without reading the body.
   */
  writeToFile(path: string): Promise<void>;
  /** Releases the connection without reading the body. */
  discard(): Promise<void>;
}

export interface BinaryResponseConstructor {
  /** The client builds these from a transport response. */
  new (response: HttpResponse, route: string): BinaryResponse;
  readonly prototype: BinaryResponse;
}

export const BinaryResponse: BinaryResponseConstructor = class BinaryResponse extends Response {
  /** The `Content-Type` the server sent, e.g. `'audio/wav'`. */
  readonly contentType: string;
  readonly #response: HttpResponse;
  readonly #route: string;
  /** The body still waits in the transport (`'unread'`), was handed out as `body` (`'stream'`), or is gone. */
  #state: 'unread' | 'stream' | 'read' = 'unread';
  #stream: ReadableStream<Uint8Array> | undefined;

  constructor(response: HttpResponse, route: string) {
    // The body stays in the transport until it is read, so reading it whole or to a file takes the
    // transport's fast path instead of a web stream.
    super(null, { status: response.status, headers: response.headers });
    this.#response = response;
    // The caller reads the body when and how it likes: from here only idle time counts.
    response.handOver();
    this.#route = route;
    this.contentType = response.headers['content-type'] ?? 'application/octet-stream';
  }

  /** The body as a web `ReadableStream`, the same one each time, read as it arrives. */
  override get body(): ReadableStream<Uint8Array<ArrayBuffer>> | null {
    if (this.#state === 'unread') {
      this.#stream = this.#response.stream();
      this.#state = 'stream';
    }
    return (this.#stream as ReadableStream<Uint8Array<ArrayBuffer>> | undefined) ?? null;
  }

  override get bodyUsed(): boolean {
    return this.#state === 'read' || (this.#state === 'stream' && Boolean(this.#stream?.locked));
  }

  override async arrayBuffer(): Promise<ArrayBuffer> {
    return this.#read(
      () => this.#response.arrayBuffer(),
      (stream) => new Response(stream).arrayBuffer(),
    );
  }

  // `Response#bytes()` is newer than Node 20: this one works everywhere.
  override async bytes(): Promise<Uint8Array<ArrayBuffer>> {
    return new Uint8Array(await this.arrayBuffer());
  }

  override async text(): Promise<string> {
    return this.#read(
      () => this.#response.text(),
      (stream) => new Response(stream).text(),
    );
  }

  override async blob(): Promise<Blob> {
    const type = this.contentType;
    return new Blob([await this.arrayBuffer()], { type });
  }

  override async json(): Promise<unknown> {
    return JSON.parse(await this.text());
  }

  override async formData(): Promise<FormData> {
    const headers = { 'content-type': this.contentType };
    return new Response(await this.arrayBuffer(), { headers }).formData();
  }

  override clone(): Response {
    const body = this.body;
    if (!body || this.bodyUsed) throw new AnyIntError('The body of this BinaryResponse was already read.');
    const [mine, theirs] = body.tee();
    this.#stream = mine;
    return new Response(theirs, { status: this.status, headers: this.headers });
  }

  /** The body as a web `ReadableStream` (the same as `body`). */
  stream(): ReadableStream<Uint8Array> {
    const body = this.body;
    if (!body || this.bodyUsed) throw new AnyIntError('The body of this BinaryResponse was already read.');
    return body;
  }

  /**
   * Streams the body to `path` through a temporary file in the same folder, renamed into place once
   * complete, so a failed download never leaves a partial file at `path`. Node only: the web build
   * throws an `AnyIntError` without reading the body.
   */
  async writeToFile(path: string): Promise<void> {
    try {
      await writeStreamToFile(() => this.#take(), path);
    } catch (error) {
      // A file-system error (it names a path) is the caller's to see as is.
      if (typeof error === 'object' && error !== null && 'path' in error) throw error;
      throw AnyIntError.isInstance(error) ? error : connectionError(error, this.#route);
    }
  }

  /** Releases the connection without reading the body. */
  async discard(): Promise<void> {
    if (this.#state === 'unread') {
      this.#state = 'read';
      await this.#response.discard();
    } else if (this.#state === 'stream' && this.#stream && !this.#stream.locked) {
      this.#state = 'read';
      await this.#stream.cancel().catch(() => undefined);
    }
  }

  /** The body's chunks, from the transport or from a `body` handed out but not read yet. */
  #take(): AsyncIterable<Uint8Array> {
    if (this.#state === 'unread') {
      this.#state = 'read';
      return this.#response.body();
    }
    const stream = this.#stream;
    if (this.#state === 'read' || !stream || stream.locked) {
      throw new AnyIntError('The body of this BinaryResponse was already read.');
    }
    this.#state = 'read';
    return stream as unknown as AsyncIterable<Uint8Array>;
  }

  async #read<T>(
    fromTransport: () => Promise<T>,
    fromStream: (stream: ReadableStream<Uint8Array>) => Promise<T>,
  ): Promise<T> {
    let read: () => Promise<T>;
    if (this.#state === 'unread') {
      this.#state = 'read';
      read = fromTransport;
    } else {
      const stream = this.#stream;
      if (this.#state === 'read' || !stream || stream.locked) {
        throw new AnyIntError('The body of this BinaryResponse was already read.');
      }
      this.#state = 'read';
      read = () => fromStream(stream);
    }
    try {
      return await read();
    } catch (error) {
      throw connectionError(error, this.#route);
    }
  }
};

/**
 * The body of a 200 that must be media (`what`, e.g. 'audio'): JSON or an empty body there is an
 * upstream that answered without it, an `InvalidResponseError` rather than a file of nothing.
 */
export async function mediaResponse(
  response: HttpResponse,
  route: string,
  what: string,
): Promise<BinaryResponse> {
  const type = response.headers['content-type'] ?? '';
  if (type.includes('json') || response.headers['content-length'] === '0') {
    const text = (await response.text()).slice(0, 200);
    const found = text ? `JSON, not ${what}: ${text}` : `empty, not ${what}`;
    throw new InvalidResponseError(`The response to ${route} is ${found}`, route);
  }
  return new BinaryResponse(response, route);
}
