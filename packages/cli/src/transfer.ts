import { randomUUID } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { rename, unlink } from 'node:fs/promises';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { BinaryResponse } from '@anyint/client';
import { fileFromPath } from '@anyint/client';
import { UsageError } from './errors.js';
import { type Output, type ProgressBar, progressBar } from './output.js';

/** A `File` whose bytes are counted as the client streams them out, for an upload progress bar. */
class CountedFile extends File {
  readonly #onBytes: (sent: number) => void;

  constructor(file: File, onBytes: (sent: number) => void) {
    super([file], file.name, { type: file.type });
    this.#onBytes = onBytes;
  }

  override stream(): ReadableStream<Uint8Array<ArrayBuffer>> {
    let sent = 0;
    const onBytes = this.#onBytes;
    return super.stream().pipeThrough(
      new TransformStream<Uint8Array<ArrayBuffer>, Uint8Array<ArrayBuffer>>({
        transform(chunk, controller) {
          sent += chunk.byteLength;
          onBytes(sent);
          controller.enqueue(chunk);
        },
      }),
    );
  }
}

/**
 * A file on disk for upload: checked now (missing or empty is an error before any request), streamed
 * from disk when sent, with a progress bar on a terminal.
 */
export async function uploadFromPath(path: string, bar: ProgressBar): Promise<File> {
  const file = await fileFromPath(path);
  return new CountedFile(file, (sent) => bar.update(sent, file.size));
}

/** Where downloaded bytes go: a path (through a temporary file), or stdout for `-`. */
export async function saveBinary(
  response: BinaryResponse,
  destination: string,
  output: Output,
  label: string,
): Promise<number> {
  const length = Number(response.headers.get('content-length'));
  const total = Number.isFinite(length) && length > 0 ? length : undefined;
  const bar = progressBar(output, label, { bytes: true });
  let received = 0;
  const counter = new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      received += chunk.byteLength;
      bar.update(received, total);
      callback(null, chunk);
    },
  });
  const source = Readable.fromWeb(response.stream() as unknown as import('node:stream/web').ReadableStream);
  try {
    if (destination === '-') {
      await pipeline(source, counter, async (chunks: AsyncIterable<Buffer>) => {
        for await (const chunk of chunks) await output.data(chunk);
      });
      return received;
    }
    const temporary = `${destination}.${randomUUID().slice(0, 8)}.part`;
    try {
      await pipeline(source, counter, createWriteStream(temporary));
      await rename(temporary, destination);
    } catch (error) {
      await unlink(temporary).catch(() => undefined);
      throw error;
    }
    return received;
  } finally {
    bar.done();
  }
}

/** Binary data is not for a terminal: `-o -` or a pipe for stdout, else a path. */
export function destinationFor(
  output: Output,
  out: string | undefined,
  fallback: string | undefined,
): string {
  if (out !== undefined) return out;
  if (fallback !== undefined) return fallback;
  if (output.stdout.isTTY)
    throw new UsageError(
      'Refusing to write binary data to a terminal.',
      'Pass -o <file>, or -o - to force stdout.',
    );
  return '-';
}
