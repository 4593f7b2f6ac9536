import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { preflightHeaders, setCorsHeaders } from './cors.js';
import type { RouteResult } from './route-context.js';

/** How long a presigned URL stays valid, as `X-Amz-Expires` says. */
export const PRESIGNED_EXPIRES_SECONDS = 3600;
const BUCKET = '/anyint-media/';

interface StoredObject {
  contentType: string;
  body: Buffer;
}

/** `20250102T030405Z`, the form of `X-Amz-Date`. */
function amzDate(ms: number): string {
  return new Date(ms)
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}/, '');
}

function parseAmzDate(value: string): number {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(value);
  return m ? Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!, +m[4]!, +m[5]!, +m[6]!) : Number.NaN;
}

function s3Error(status: number, code: string, message: string): { status: number; body: string } {
  return {
    status,
    body: `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${code}</Code><Message>${message}</Message></Error>`,
  };
}

/**
 * An object-storage bucket on a second loopback port, so its origin differs from the API's. Media is
 * served through S3-style presigned URLs; as S3 does, a request that also sends an `Authorization`
 * header is refused (400), as are an expired URL and a bad signature (403). A client that forwards
 * the API key on a cross-origin redirect therefore fails here, as it would against a real bucket.
 */
export class StorageHost {
  readonly #objects = new Map<string, StoredObject>();
  readonly #secret = randomBytes(16);
  readonly #server: Server;
  origin = '';

  private constructor(corsOrigins: readonly string[]) {
    this.#server = createServer((request, response) => {
      // A bucket that serves web pages has a CORS rule; this one follows the emulator's origins.
      setCorsHeaders(response, request.headers, corsOrigins);
      if (request.method === 'OPTIONS') {
        response.writeHead(204, preflightHeaders(request.headers));
        response.end();
        return;
      }
      const answer = this.#answer(request.url ?? '/', request.headers.authorization);
      response.writeHead(answer.status, {
        'content-type': answer.contentType,
        'content-length': String(answer.body.length),
      });
      response.end(request.method === 'HEAD' ? undefined : answer.body);
    });
  }

  static async start(host: string, corsOrigins: readonly string[] = ['*']): Promise<StorageHost> {
    const storage = new StorageHost(corsOrigins);
    await new Promise<void>((resolve, reject) => {
      storage.#server.once('error', reject);
      storage.#server.listen(0, host, () => resolve());
    });
    const { address, port } = storage.#server.address() as AddressInfo;
    const dialable = address === '0.0.0.0' ? '127.0.0.1' : address === '::' ? '::1' : address;
    storage.origin = `http://${dialable.includes(':') ? `[${dialable}]` : dialable}:${port}`;
    return storage;
  }

  /** Stores the bytes and returns a presigned URL valid for `PRESIGNED_EXPIRES_SECONDS`. */
  put(key: string, body: Uint8Array | string, contentType: string): string {
    this.#objects.set(key, { contentType, body: Buffer.from(body) });
    const date = amzDate(Date.now());
    const expires = String(PRESIGNED_EXPIRES_SECONDS);
    const query = new URLSearchParams({
      'X-Amz-Algorithm': 'AWS4-HMAC-SHA256',
      'X-Amz-Credential': `EMULATOR/${date.slice(0, 8)}/us-east-1/s3/aws4_request`,
      'X-Amz-Date': date,
      'X-Amz-Expires': expires,
      'X-Amz-SignedHeaders': 'host',
      'X-Amz-Signature': this.#sign(key, date, expires),
    });
    return `${this.origin}${BUCKET}${key}?${query}`;
  }

  /** A 302 to a presigned URL holding the answer's body. */
  redirect(result: RouteResult): RouteResult {
    const key = `${randomBytes(8).toString('hex')}/${result.contentType === 'video/mp4' ? 'video.mp4' : 'content'}`;
    const location = this.put(key, result.body, result.contentType ?? 'application/octet-stream');
    return { status: 302, contentType: undefined, body: '', headers: { location } };
  }

  clear(): void {
    this.#objects.clear();
  }

  close(): Promise<void> {
    this.#server.closeAllConnections();
    return new Promise((resolve) => this.#server.close(() => resolve()));
  }

  #sign(key: string, date: string, expires: string): string {
    return createHmac('sha256', this.#secret).update(`${key}\n${date}\n${expires}`).digest('hex');
  }

  #answer(
    url: string,
    authorization: string | undefined,
  ): { status: number; contentType: string; body: Buffer } {
    const xml = (error: { status: number; body: string }) => ({
      status: error.status,
      contentType: 'application/xml',
      body: Buffer.from(error.body),
    });
    const parsed = new URL(url, 'http://storage.invalid');
    const key = decodeURIComponent(parsed.pathname.slice(BUCKET.length));
    const object = parsed.pathname.startsWith(BUCKET) ? this.#objects.get(key) : undefined;
    const date = parsed.searchParams.get('X-Amz-Date') ?? '';
    const expires = parsed.searchParams.get('X-Amz-Expires') ?? '';
    const signature = Buffer.from(parsed.searchParams.get('X-Amz-Signature') ?? '');
    if (authorization !== undefined) {
      return xml(
        s3Error(
          400,
          'InvalidArgument',
          'Only one auth mechanism allowed; only the X-Amz-Algorithm query parameter, Signature query string parameter or the Authorization header should be specified',
        ),
      );
    }
    const expected = Buffer.from(this.#sign(key, date, expires));
    if (signature.length !== expected.length || !timingSafeEqual(signature, expected)) {
      return xml(
        s3Error(
          403,
          'SignatureDoesNotMatch',
          'The request signature we calculated does not match the signature you provided.',
        ),
      );
    }
    if (parseAmzDate(date) + Number(expires) * 1000 < Date.now()) {
      return xml(s3Error(403, 'AccessDenied', 'Request has expired'));
    }
    if (!object) return xml(s3Error(404, 'NoSuchKey', 'The specified key does not exist.'));
    return { status: 200, contentType: object.contentType, body: object.body };
  }
}
