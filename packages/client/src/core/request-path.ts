/**
 * The client's one request path, reached by the resources and the adapter kit through these
 * functions. It is no member of `AnyIntCore`, so the public types offer no way to call it: what a user
 * can send is what the resources describe.
 */
import type { AnyIntCore, RequestOptions } from '../client.js';
import { BinaryResponse } from './binary-response.js';
import type { HttpResponse } from './http.js';
import type { MultipartBody } from './multipart.js';
import type { KeyPacer } from './rate-limiter.js';

type Query = Record<string, string | number | boolean | undefined>;

/** One request, as resources describe it to the client's single request path. */
export interface RequestSpec<T> {
  method: 'GET' | 'POST' | 'DELETE';
  path: string;
  query?: Query | undefined;
  /** A JSON body. */
  body?: unknown;
  /** A multipart body, instead of `body`. */
  form?: MultipartBody | undefined;
  /** Model named in the request, for error messages. */
  model?: string | undefined;
  /** The path ends in a resource id: a 404 means that resource is missing, not the route. */
  namesResource?: boolean;
  /** Sending it twice creates nothing, so a timeout or 504 after sending is retried. GET and DELETE always are. */
  createsNothing?: boolean;
  /** Media routes get the longer default timeout. */
  media?: boolean;
  accept?: string;
  /** Headers this route always needs, e.g. `OpenAI-Beta`. */
  headers?: Record<string, string>;
  /** Reads the response; runs inside the attempt, so a body cut short can be retried. */
  parse: (response: HttpResponse, route: string) => Promise<T>;
  /** An absolute URL outside the API (a signed storage link) instead of `path`: sent without the key or default headers. */
  url?: string | undefined;
  /** Estimated tokens the request counts against a tokens-per-minute limit (default 0). */
  tokens?: number | undefined;
  /** Hears how long the rate limiter keeps an attempt waiting, when it does. */
  onRateLimitWait?: ((ms: number) => void) | undefined;
}

/**
 * The key of the request path on a client. Registered with `Symbol.for`, so a client of a second copy
 * of this package (as adapters can end up with) still takes requests from this one.
 */
const REQUEST_PATH = Symbol.for('@anyint/client request path');
const PACING = Symbol.for('@anyint/client pacing');

type RequestPath = <T>(spec: RequestSpec<T>, options?: RequestOptions) => Promise<T>;
type Pacing = (model: string | undefined) => KeyPacer | undefined;

/** Called once, by the `AnyIntCore` class as it is defined. */
export function provideRequestPath(prototype: object, path: RequestPath, pacing: Pacing): void {
  Object.defineProperty(prototype, REQUEST_PATH, { value: path });
  Object.defineProperty(prototype, PACING, { value: pacing });
}

/** Whether `value` is a client this module can send requests through. */
export function hasRequestPath(value: object): boolean {
  return typeof (value as Record<symbol, unknown>)[REQUEST_PATH] === 'function';
}

/** URL, headers, body encoding, timeouts, retries and error mapping, for one described request. */
export function request<T>(client: AnyIntCore, spec: RequestSpec<T>, options?: RequestOptions): Promise<T> {
  const path = (client as unknown as Record<symbol, RequestPath>)[REQUEST_PATH] as RequestPath;
  return path.call(client, spec, options) as Promise<T>;
}

/** The client's rate limiter for one model, as its requests are paced; undefined with `rateLimit: false`. */
export function pacerFor(client: AnyIntCore, model: string | undefined): KeyPacer | undefined {
  const pace = (client as unknown as Record<symbol, Pacing>)[PACING] as Pacing;
  return pace.call(client, model);
}

/**
 * A GET of a URL outside the API (a generated image's link, an input file a tool was given) through
 * the client's transport, timeouts and retries, without the API key.
 */
export function download(client: AnyIntCore, url: string, options?: RequestOptions): Promise<BinaryResponse> {
  const { origin, pathname } = new URL(url);
  return request(
    client,
    {
      method: 'GET',
      path: origin + pathname,
      url,
      namesResource: true,
      media: true,
      parse: async (response, route) => new BinaryResponse(response, route),
    },
    options,
  );
}
