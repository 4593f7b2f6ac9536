import type { FastifyRequest } from 'fastify';
import { readMultipartForm } from './multipart-form.js';
import type { RecordedPart } from './request-log.js';
import type { UploadedFile } from './route-context.js';

/** OpenAI's cap on audio uploads. */
export const MAX_UPLOAD_BYTES = 25 * 1024 * 1024;

export interface MultipartBody {
  /** Form fields; `name[]` fields (and repeated names) become arrays. */
  body: Record<string, unknown>;
  upload: UploadedFile | undefined;
  parts: RecordedPart[];
}

/** Reads a multipart form into memory, the `fileField` part as bytes (25 MiB cap, as for audio). */
export async function readMultipartBody(
  request: FastifyRequest,
  parts: RecordedPart[] = [],
  fileField = 'file',
): Promise<MultipartBody> {
  const { body, file } = await readMultipartForm<UploadedFile>(request, {
    fileField,
    maxFileBytes: MAX_UPLOAD_BYTES,
    tooLargeMessage: `Maximum content size limit (${MAX_UPLOAD_BYTES}) exceeded.`,
    parts,
    sink: {
      async take(part) {
        const chunks: Buffer[] = [];
        for await (const chunk of part.file) chunks.push(chunk as Buffer);
        const bytes = Buffer.concat(chunks);
        return {
          file: { filename: part.filename || undefined, contentType: part.mimetype, bytes },
          size: bytes.length,
        };
      },
      discard() {},
    },
  });
  return { body, upload: file, parts };
}
