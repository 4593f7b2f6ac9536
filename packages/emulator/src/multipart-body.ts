import type { FastifyRequest } from 'fastify';
import { ApiError, invalidRequest } from './errors.js';
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

function addField(body: Record<string, unknown>, rawName: string, value: string): void {
  const isArray = rawName.endsWith('[]');
  const name = isArray ? rawName.slice(0, -2) : rawName;
  const existing = body[name];
  if (existing === undefined) body[name] = isArray ? [value] : value;
  else if (Array.isArray(existing)) existing.push(value);
  else body[name] = [existing, value];
}

/**
 * Streams a multipart form into memory: fields as strings, the `fileField` part as bytes (25 MiB cap).
 * `parts` is filled as parts arrive, so the request log shows them even when the form is rejected.
 */
export async function readMultipartBody(
  request: FastifyRequest,
  parts: RecordedPart[] = [],
  fileField = 'file',
): Promise<MultipartBody> {
  if (!request.isMultipart()) {
    throw invalidRequest(
      `Invalid Content-Type header (${request.headers['content-type'] ?? 'none'}), expected multipart/form-data.`,
      null,
      'invalid_content_type',
    );
  }
  const body: Record<string, unknown> = {};
  let upload: UploadedFile | undefined;
  let tooLarge = false;
  try {
    for await (const part of request.parts({ limits: { fileSize: MAX_UPLOAD_BYTES } })) {
      if (part.type === 'field') {
        const value = typeof part.value === 'string' ? part.value : JSON.stringify(part.value);
        addField(body, part.fieldname, value);
        parts.push({ name: part.fieldname, value });
        continue;
      }
      const chunks: Buffer[] = [];
      let size = 0;
      for await (const chunk of part.file) {
        chunks.push(chunk as Buffer);
        size += (chunk as Buffer).length;
      }
      if (part.file.truncated) tooLarge = true;
      parts.push({
        name: part.fieldname,
        ...(part.filename ? { filename: part.filename } : {}),
        contentType: part.mimetype,
        size,
      });
      if (part.fieldname === fileField && upload === undefined) {
        upload = {
          filename: part.filename || undefined,
          contentType: part.mimetype,
          bytes: Buffer.concat(chunks),
        };
      }
    }
  } catch (error) {
    throw invalidRequest(
      `Could not parse multipart form: ${error instanceof Error ? error.message : String(error)}`,
      null,
      'invalid_multipart',
    );
  }
  if (tooLarge) {
    throw new ApiError(413, {
      message: `Maximum content size limit (${MAX_UPLOAD_BYTES}) exceeded.`,
      type: 'invalid_request_error',
      param: 'file',
      code: 'file_too_large',
    });
  }
  if (upload) body[fileField] = 'binary';
  else if (typeof body[fileField] === 'string') {
    throw invalidRequest(
      `Invalid '${fileField}': expected an uploaded file, but got a text field instead.`,
      fileField,
      'invalid_type',
    );
  }
  return { body, upload, parts };
}
