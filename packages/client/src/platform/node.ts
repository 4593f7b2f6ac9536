/**
 * Node's side of the platform seam. `web.ts` exports the same names for edge and browser runtimes;
 * the web build (tsdown.config.ts) swaps this module for that one, so nothing Node-only reaches it.
 */
import { randomUUID as nodeRandomUUID } from 'node:crypto';
import { createWriteStream, openAsBlob } from 'node:fs';
import { rename, stat, unlink } from 'node:fs/promises';
import { basename as nodeBasename, extname as nodeExtname } from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { DispatcherLike } from '../core/dispatcher.js';
import { AnyIntValidationError } from '../core/errors.js';
import { fetchTransport, type Transport } from '../core/http.js';

export { embedBulk } from '../resources/embed-bulk.js';

const bunVersion = (process.versions as { bun?: string }).bun;

/** Sent in the `user-agent` header after `anyint-client/<version>`. */
export const runtimeName: string = bunVersion ? `bun/${bunVersion}` : `node/${process.versions.node}`;

export const randomUUID: () => string = nodeRandomUUID;

/** Base64 (standard or URL-safe) to bytes. */
export function base64Bytes(value: string): Uint8Array {
  return Buffer.from(value, 'base64');
}

export const basename: (path: string) => string = nodeBasename;
export const extname: (path: string) => string = nodeExtname;

/** Size of a file on disk, or `undefined` when `path` is not a regular file. */
export async function fileSize(path: string): Promise<number | undefined> {
  const stats = await stat(path);
  return stats.isFile() ? stats.size : undefined;
}

/** A Blob backed by the file on disk: its bytes are read only when it is sent. */
export async function fileBlob(path: string): Promise<Blob> {
  return openAsBlob(path);
}

/**
 * Streams `open()`'s bytes to `path` through a temporary file in the same folder, renamed into place
 * once complete, so a failed write never leaves a partial file at `path`.
 */
export async function writeStreamToFile(open: () => AsyncIterable<Uint8Array>, path: string): Promise<void> {
  const body = open();
  const temporary = `${path}.${nodeRandomUUID().slice(0, 8)}.part`;
  try {
    await pipeline(body, createWriteStream(temporary));
    await rename(temporary, path);
  } catch (error) {
    await unlink(temporary).catch(() => undefined);
    throw error;
  }
}

/**
 * undici on one keep-alive pool per client, loaded at the first request so importing stays cheap.
 * Bun runs this build (it has the Node APIs the file helpers use) on its own `fetch`: its built-in
 * `undici` is a partial copy (no `body.dump()`, timeouts ignored) over that same fetch.
 */
export function defaultTransport(dispatcher: DispatcherLike | undefined): Transport {
  if (bunVersion) {
    if (dispatcher) {
      throw new AnyIntValidationError(
        'dispatcher',
        "An undici `dispatcher` needs Node.js: Bun's built-in undici is incomplete, so on Bun the client sends with Bun's fetch; pass `fetch` to use your own.",
      );
    }
    return fetchTransport((input, init) => globalThis.fetch(input, init));
  }
  let transport: Promise<Transport> | undefined;
  return async (request) => {
    transport ??= import('../core/undici-transport.js').then((m) => m.undiciTransport(dispatcher));
    return (await transport)(request);
  };
}
