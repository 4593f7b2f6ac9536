import type { CreateBatchParams } from '../batch-runner.js';
import type { RouteContext, RouteResult, RouteSpec } from '../route-context.js';
import { jsonResult } from '../route-context.js';
import { validateRequest } from '../validation.js';
import { listPage, readLimit, unknownCursor } from './files.js';

const DEFAULT_LIST_LIMIT = 20;
const MAX_LIST_LIMIT = 100;

/** POST /batches: the request judged against OpenAI's schema, then the batch starts running. */
export function createBatch(context: RouteContext): RouteResult {
  validateRequest('CreateBatchRequest', context.body);
  return jsonResult(context.state.batches.create(context.body as unknown as CreateBatchParams));
}

/** GET /batches: newest first, `after` cursor, `limit` 1..100 (default 20). */
export function listBatches(context: RouteContext): RouteResult {
  const query = context.query ?? {};
  const limit = readLimit(query, DEFAULT_LIST_LIMIT, MAX_LIST_LIMIT);
  const batches = context.state.batches.list(query.after || undefined);
  if (!batches) unknownCursor(query.after ?? '');
  return jsonResult(listPage(batches, limit));
}

/** GET /batches/{batch_id} */
export function retrieveBatch(context: RouteContext): RouteResult {
  return jsonResult(context.state.batches.require(context.params?.batch_id ?? ''));
}

/** POST /batches/{batch_id}/cancel: `cancelling` now, `cancelled` once the lines in flight end. */
export function cancelBatch(context: RouteContext): RouteResult {
  return jsonResult(context.state.batches.cancel(context.params?.batch_id ?? ''));
}

export const BATCH_ROUTES: RouteSpec[] = [
  { name: 'batches', method: 'POST', path: '/batches', body: 'json', handler: createBatch },
  { name: 'batches', method: 'GET', path: '/batches', body: 'none', handler: listBatches },
  { name: 'batches', method: 'GET', path: '/batches/:batch_id', body: 'none', handler: retrieveBatch },
  { name: 'batches', method: 'POST', path: '/batches/:batch_id/cancel', body: 'none', handler: cancelBatch },
];
