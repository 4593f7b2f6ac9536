import { pipeline } from 'node:stream/promises';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ApiError, invalidRequest } from './errors.js';
import type { FileStore, StagedFile } from './file-store.js';
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

/** `expires_after[seconds]` -> body.expires_after.seconds, the way OpenAI's SDKs send nested fields. */
function addField(body: Record<string, unknown>, name: string, value: string): void {
  const nested = /^([^[\]]+)\[([^[\]]+)\]$/.exec(name);
  if (!nested) {
    body[name] = value;
    return;
  }
  const [, outer, inner] = nested as unknown as [string, string, string];
  const existing = body[outer];
  const target =
    existing !== null && typeof existing === 'object' && !Array.isArray(existing)
      ? (existing as Record<string, unknown>)
      : {};
  target[inner] = value;
  body[outer] = target;
}

/**
 * Reads a multipart form whose `file` part streams to disk, never whole into memory. Fields become
 * strings; other file parts are drained and only logged. A staged file the route did not commit
 * (a fault answered, validation failed) is removed once the response is done.
 */
export async function readUploadToDisk(
  request: FastifyRequest,
  reply: FastifyReply,
  store: FileStore,
  maxFileBytes: number,
  parts: RecordedPart[] = [],
): Promise<UploadBody> {
  if (!request.isMultipart()) {
    throw invalidRequest(
      `Invalid Content-Type header (${request.headers['content-type'] ?? 'none'}), expected multipart/form-data.`,
      null,
      'invalid_content_type',
    );
  }
  const body: Record<string, unknown> = {};
  let staged: StagedUpload | undefined;
  let tooLarge = false;
  try {
    for await (const part of request.parts({ limits: { fileSize: maxFileBytes } })) {
      if (part.type === 'field') {
        const value = typeof part.value === 'string' ? part.value : JSON.stringify(part.value);
        addField(body, part.fieldname, value);
        parts.push({ name: part.fieldname, value });
        continue;
      }
      let size = 0;
      if (part.fieldname === 'file' && staged === undefined) {
        const file = await store.stage();
        staged = { file, filename: part.filename || undefined, contentType: part.mimetype, bytes: 0 };
        reply.raw.once('close', () => file.discard());
        await pipeline(part.file, file.stream);
        size = file.stream.bytesWritten;
        staged.bytes = size;
      } else {
        for await (const chunk of part.file) size += (chunk as Buffer).length;
      }
      if (part.file.truncated) tooLarge = true;
      parts.push({
        name: part.fieldname,
        ...(part.filename ? { filename: part.filename } : {}),
        contentType: part.mimetype,
        size,
      });
    }
  } catch (error) {
    staged?.file.discard();
    throw invalidRequest(
      `Could not parse multipart form: ${error instanceof Error ? error.message : String(error)}`,
      null,
      'invalid_multipart',
    );
  }
  if (tooLarge) {
    staged?.file.discard();
    throw new ApiError(413, {
      message: `File is too large. The maximum file size is ${maxFileBytes} bytes.`,
      type: 'invalid_request_error',
      param: 'file',
      code: 'file_too_large',
    });
  }
  if (staged) body.file = 'binary';
  else if (typeof body.file === 'string') {
    throw invalidRequest(
      "Invalid 'file': expected an uploaded file, but got a text field instead.",
      'file',
      'invalid_type',
    );
  }
  return { body, staged };
}
