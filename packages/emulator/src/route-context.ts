import type { IncomingHttpHeaders } from 'node:http';
import type { FileBody } from './file-download.js';
import type { RouteName } from './options.js';
import type { ModelProfile } from './personalities.js';
import type { EmulatorState } from './state.js';
import type { StagedUpload } from './upload-body.js';

export interface UploadedFile {
  filename: string | undefined;
  contentType: string | undefined;
  bytes: Buffer;
}

export interface RouteContext {
  route: RouteName;
  body: Record<string, unknown>;
  upload: UploadedFile | undefined;
  model: string | undefined;
  profile: ModelProfile;
  state: EmulatorState;
  /** Path parameters, e.g. `{ thread_id: 'thread_…' }`; empty for routes without any. */
  params?: Record<string, string>;
  /** Query string, one string per name. */
  query?: Record<string, string>;
  headers?: IncomingHttpHeaders;
  /** The file of an `upload` route, already streamed to disk; the handler commits it or it is dropped. */
  staged?: StagedUpload;
}

export interface RouteResult {
  status: number;
  contentType: string | undefined;
  body: string | Uint8Array;
  headers?: Record<string, string>;
  /** A body written chunk by chunk as it is produced (SSE); `body` is then ignored. */
  stream?: StreamedBody;
  /** A stored file streamed from disk with its Content-Length; `body` is then ignored. */
  file?: FileBody;
}

export interface StreamedBody {
  chunks: AsyncIterable<string>;
  /** Chunks the stream is expected to have: a `truncate` fault cuts it about halfway. */
  expectedChunks: number;
}

export type RouteHandler = (context: RouteContext) => RouteResult | Promise<RouteResult>;

/** A route the server mounts under /openai/v1. */
export interface RouteSpec {
  name: RouteName;
  /** Default 'POST'. */
  method?: 'GET' | 'POST' | 'DELETE';
  /** Fastify path, e.g. '/threads/:thread_id/runs'. */
  path: string;
  /**
   * 'auto' takes JSON or multipart by Content-Type; 'none' reads no body (GET, DELETE); 'upload' is
   * multipart whose `file` part streams to the file store's disk (`context.staged`).
   */
  body: 'json' | 'multipart' | 'auto' | 'none' | 'upload';
  /** Multipart field holding the uploaded file (default 'file'). */
  uploadField?: string;
  handler: RouteHandler;
}

export function jsonResult(value: unknown, status = 200): RouteResult {
  return { status, contentType: 'application/json', body: JSON.stringify(value) };
}
