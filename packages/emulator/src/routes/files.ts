import { invalidRequest } from '../errors.js';
import { noSuchFile } from '../file-store.js';
import type { RouteContext, RouteResult, RouteSpec } from '../route-context.js';
import { jsonResult } from '../route-context.js';
import { validateRequest } from '../validation.js';

const MAX_LIST_LIMIT = 10_000;

/** `?limit=` as OpenAI judges it: an integer within [1, max], `fallback` when absent. */
export function readLimit(query: Record<string, string> | undefined, fallback: number, max: number): number {
  const raw = query?.limit;
  if (raw === undefined || raw === '') return fallback;
  const limit = Number(raw);
  if (!Number.isInteger(limit)) {
    throw invalidRequest(
      `Invalid type for 'limit': expected an integer, but got a string instead.`,
      'limit',
      'invalid_type',
    );
  }
  if (limit < 1) {
    throw invalidRequest(
      `Invalid 'limit': integer below minimum value. Expected a value >= 1, but got ${limit} instead.`,
      'limit',
      'integer_below_min_value',
    );
  }
  if (limit > max) {
    throw invalidRequest(
      `Invalid 'limit': integer above maximum value. Expected a value <= ${max}, but got ${limit} instead.`,
      'limit',
      'integer_above_max_value',
    );
  }
  return limit;
}

/** OpenAI's cursor page: `first_id`/`last_id` are null on an empty page. */
export function listPage<T extends { id: string }>(items: T[], limit: number): Record<string, unknown> {
  const data = items.slice(0, limit);
  return {
    object: 'list',
    data,
    first_id: data[0]?.id ?? null,
    last_id: data[data.length - 1]?.id ?? null,
    has_more: items.length > limit,
  };
}

export function unknownCursor(after: string): never {
  throw invalidRequest(
    `Invalid 'after': no object with id '${after}' to continue from.`,
    'after',
    'invalid_value',
  );
}

/** POST /files: the upload already streamed to disk; judge the form, then keep or drop the bytes. */
export function createFile(context: RouteContext): RouteResult {
  const { staged, state } = context;
  try {
    validateRequest('CreateFileRequest', context.body, { form: true });
    if (!staged)
      throw invalidRequest("Missing required parameter: 'file'.", 'file', 'missing_required_parameter');
    const filename = staged.filename;
    if (!filename) {
      throw invalidRequest(
        "Invalid 'file': the uploaded file has no filename. Send the file part with a filename.",
        'file',
        'invalid_value',
      );
    }
    if (staged.bytes === 0) {
      throw invalidRequest(`Invalid file '${filename}': the file is empty.`, 'file', 'empty_file');
    }
    const purpose = String(context.body.purpose);
    if (purpose === 'batch' && !filename.toLowerCase().endsWith('.jsonl')) {
      throw invalidRequest(
        `Invalid file format for Batch API. Must be .jsonl`,
        'file',
        'invalid_file_format',
      );
    }
    const expires = context.body.expires_after as { seconds?: number } | undefined;
    const file = state.files.commit(staged.file, {
      bytes: staged.bytes,
      filename,
      purpose,
      ...(staged.contentType ? { contentType: staged.contentType } : {}),
      ...(expires?.seconds !== undefined ? { expiresAfter: Number(expires.seconds) } : {}),
    });
    return jsonResult(file);
  } finally {
    staged?.file.discard();
  }
}

/** GET /files: newest first by default, `purpose` filter, `after` cursor. */
export function listFiles(context: RouteContext): RouteResult {
  const query = context.query ?? {};
  const limit = readLimit(query, MAX_LIST_LIMIT, MAX_LIST_LIMIT);
  const order = query.order ?? 'desc';
  if (order !== 'asc' && order !== 'desc') {
    throw invalidRequest(
      `Invalid value: '${order}'. Supported values are: 'asc' and 'desc'.`,
      'order',
      'invalid_value',
    );
  }
  const files = context.state.files.list({
    order,
    ...(query.after ? { after: query.after } : {}),
    ...(query.purpose ? { purpose: query.purpose } : {}),
  });
  if (!files) unknownCursor(query.after ?? '');
  return jsonResult(listPage(files, limit));
}

function fileId(context: RouteContext): string {
  return context.params?.file_id ?? '';
}

/** GET /files/{file_id} */
export function retrieveFile(context: RouteContext): RouteResult {
  return jsonResult(context.state.files.require(fileId(context)));
}

/** DELETE /files/{file_id} */
export function deleteFile(context: RouteContext): RouteResult {
  const id = fileId(context);
  if (!context.state.files.delete(id)) throw noSuchFile(id);
  return jsonResult({ id, object: 'file', deleted: true });
}

/** GET /files/{file_id}/content: the bytes streamed from disk with their length. */
export function fileContent(context: RouteContext): RouteResult {
  const { open, bytes, contentType } = context.state.files.open(fileId(context));
  return { status: 200, contentType, body: '', file: { bytes, open } };
}

export const FILE_ROUTES: RouteSpec[] = [
  { name: 'files', method: 'POST', path: '/files', body: 'upload', handler: createFile },
  { name: 'files', method: 'GET', path: '/files', body: 'none', handler: listFiles },
  { name: 'files', method: 'GET', path: '/files/:file_id', body: 'none', handler: retrieveFile },
  { name: 'files', method: 'DELETE', path: '/files/:file_id', body: 'none', handler: deleteFile },
  { name: 'files', method: 'GET', path: '/files/:file_id/content', body: 'none', handler: fileContent },
];
