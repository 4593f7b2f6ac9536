import type { MultipartFile } from '@fastify/multipart';
import type { FastifyRequest } from 'fastify';
import { ApiError, invalidRequest } from './errors.js';
import type { RecordedPart } from './request-log.js';

/**
 * A form field as OpenAI's SDKs send it: `name[]` (or a repeated name) collects an array,
 * `outer[inner]` a nested object (`expires_after[seconds]`).
 */
function addField(body: Record<string, unknown>, rawName: string, value: string): void {
  const nested = /^([^[\]]+)\[([^[\]]+)\]$/.exec(rawName);
  if (nested) {
    const [, outer, inner] = nested as unknown as [string, string, string];
    const existing = body[outer];
    const target =
      existing !== null && typeof existing === 'object' && !Array.isArray(existing)
        ? (existing as Record<string, unknown>)
        : {};
    target[inner] = value;
    body[outer] = target;
    return;
  }
  const isArray = rawName.endsWith('[]');
  const name = isArray ? rawName.slice(0, -2) : rawName;
  const existing = body[name];
  if (existing === undefined) body[name] = isArray ? [value] : value;
  else if (Array.isArray(existing)) existing.push(value);
  else body[name] = [existing, value];
}

/** Where the form's file part goes: into memory, or to disk as it arrives. */
export interface FileSink<F> {
  /** Takes the first `fileField` part whole, before the next part arrives. */
  take(part: MultipartFile): Promise<{ file: F; size: number }>;
  /** Drops a taken file when the form is rejected. */
  discard(file: F): void;
}

export interface MultipartOptions<F> {
  fileField: string;
  maxFileBytes: number;
  /** The 413 message, in the wording of the route's upstream. */
  tooLargeMessage: string;
  sink: FileSink<F>;
  /** Filled as parts arrive, so the request log shows them even when the form is rejected. */
  parts: RecordedPart[];
}

/**
 * Reads a multipart form: fields as strings, the `fileField` part through the sink, other file parts
 * drained and only logged. A bad form, an oversized file or a text field in place of the file are
 * answered as OpenAI does.
 */
export async function readMultipartForm<F>(
  request: FastifyRequest,
  { fileField, maxFileBytes, tooLargeMessage, sink, parts }: MultipartOptions<F>,
): Promise<{ body: Record<string, unknown>; file: F | undefined }> {
  if (!request.isMultipart()) {
    throw invalidRequest(
      `Invalid Content-Type header (${request.headers['content-type'] ?? 'none'}), expected multipart/form-data.`,
      null,
      'invalid_content_type',
    );
  }
  const body: Record<string, unknown> = {};
  let file: F | undefined;
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
      if (part.fieldname === fileField && file === undefined) {
        ({ file, size } = await sink.take(part));
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
    if (file !== undefined) sink.discard(file);
    throw invalidRequest(
      `Could not parse multipart form: ${error instanceof Error ? error.message : String(error)}`,
      null,
      'invalid_multipart',
    );
  }
  if (tooLarge) {
    if (file !== undefined) sink.discard(file);
    throw new ApiError(413, {
      message: tooLargeMessage,
      type: 'invalid_request_error',
      param: 'file',
      code: 'file_too_large',
    });
  }
  if (file !== undefined) body[fileField] = 'binary';
  else if (typeof body[fileField] === 'string') {
    throw invalidRequest(
      `Invalid '${fileField}': expected an uploaded file, but got a text field instead.`,
      fileField,
      'invalid_type',
    );
  }
  return { body, file };
}
