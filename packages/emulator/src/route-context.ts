import type { RouteName } from './options.js';
import type { ModelProfile } from './personalities.js';
import type { EmulatorState } from './state.js';

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
}

export interface RouteResult {
  status: number;
  contentType: string | undefined;
  body: string | Uint8Array;
  headers?: Record<string, string>;
}

export type RouteHandler = (context: RouteContext) => RouteResult | Promise<RouteResult>;

export function jsonResult(value: unknown, status = 200): RouteResult {
  return { status, contentType: 'application/json', body: JSON.stringify(value) };
}
