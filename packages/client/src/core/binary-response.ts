import { writeStreamToFile } from '../platform/node.js';
import { AnyIntError, InvalidResponseError } from './errors.js';
import { connectionError, type HttpResponse, type ResponseHeaders } from './http.js';

/**
 * A binary body (speech audio, file or video content) that is still streaming from the server.
 * Read it once: `arrayBuffer()`, `bytes()`, `text()`, `stream()` or `writeToFile(path)`.
 */
export class BinaryResponse {
  /** The `Content-Type` the server sent, e.g. `'audio/wav'`. */
  readonly contentType: string;
  readonly headers: ResponseHeaders;
  readonly #response: HttpResponse;
  readonly #route: string;
  #used = false;

  constructor(response: HttpResponse, route: string) {
    this.#response = response;
    this.#route = route;
    this.headers = response.headers;
    this.contentType = response.headers['content-type'] ?? 'application/octet-stream';
  }

  #take(): HttpResponse {
    if (this.#used) throw new AnyIntError('The body of this BinaryResponse was already read.');
    this.#used = true;
    return this.#response;
  }

  async arrayBuffer(): Promise<ArrayBuffer> {
    const response = this.#take();
    try {
      return await response.arrayBuffer();
    } catch (error) {
      throw connectionError(error, this.#route);
    }
  }

  async bytes(): Promise<Uint8Array> {
    return new Uint8Array(await this.arrayBuffer());
  }

  async text(): Promise<string> {
    const response = this.#take();
    try {
      return await response.text();
    } catch (error) {
      throw connectionError(error, this.#route);
    }
  }

  /** The body as a web `ReadableStream`, read as it arrives. */
  stream(): ReadableStream<Uint8Array> {
    return this.#take().stream();
  }

  /**
   * Streams the body to `path` through a temporary file in the same folder, renamed into place once
   * complete, so a failed download never leaves a partial file at `path`. Node only: the web build
   * throws an `AnyIntError` without reading the body.
   */
  async writeToFile(path: string): Promise<void> {
    try {
      await writeStreamToFile(() => this.#take().body(), path);
    } catch (error) {
      // A file-system error (it names a path) is the caller's to see as is.
      if (typeof error === 'object' && error !== null && 'path' in error) throw error;
      throw connectionError(error, this.#route);
    }
  }

  /** Releases the connection without reading the body. */
  async discard(): Promise<void> {
    if (!this.#used) {
      this.#used = true;
      await this.#response.discard();
    }
  }
}

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
