import { pipeline } from 'node:stream/promises';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { FileStore, StagedFile } from './file-store.js';
import { readMultipartForm } from './multipart-form.js';
import type { RecordedPart } from './request-log.js';

/** The `file` part of a multipart form, written to the file store's directory as it arrived. */
export interface StagedUpload {
  file: StagedFile;
  filename: string | undefined;
  contentType: string | undefined;
  bytes: number;
}

export interface UploadBody {
  body: Record<string, unknown>;
  staged: StagedUpload | undefined;
}

/**
 * Reads a multipart form whose `file` part streams to disk, never whole into memory. A staged file
 * the route did not commit (a fault answered, validation failed) is removed once the response is done.
 */
export async function readUploadToDisk(
  request: FastifyRequest,
  reply: FastifyReply,
  store: FileStore,
  maxFileBytes: number,
  parts: RecordedPart[] = [],
): Promise<UploadBody> {
  const { body, file } = await readMultipartForm<StagedUpload>(request, {
    fileField: 'file',
    maxFileBytes,
    tooLargeMessage: `File is too large. The maximum file size is ${maxFileBytes} bytes.`,
    parts,
    sink: {
      async take(part) {
        const file = await store.stage();
        reply.raw.once('close', () => file.discard());
        await pipeline(part.file, file.stream);
        const bytes = file.stream.bytesWritten;
        return {
          file: { file, filename: part.filename || undefined, contentType: part.mimetype, bytes },
          size: bytes,
        };
      },
      discard: (staged) => staged.file.discard(),
    },
  });
  return { body, staged: file };
}
