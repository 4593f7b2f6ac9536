import { APICallError, InvalidArgumentError } from '@ai-sdk/provider';
import type {
  AnyIntError,
  AnyIntValidationError,
  APIConnectionError,
  APIError,
  APIUserAbortError,
} from '@anyint/client';
import { type ClientModule, loadClientModule } from './client-module.js';

/** Where a call went, for the error the AI SDK sees. */
export interface AnyIntCallContext {
  /** Full URL of the route, e.g. `https://gateway.api.anyint.ai/openai/v1/embeddings`. */
  url: string;
  /** The wire body (without file contents), for `APICallError.requestBodyValues`. */
  requestBodyValues: unknown;
  /**
   * Sending the request again creates nothing (embeddings, transcriptions, translations), so a
   * gateway timeout or a timeout after the body was sent may be retried. Image and speech creates
   * are not retried then: the upstream may already have run them, and a retry would bill twice.
   */
  createsNothing: boolean;
  /**
   * The call already created something upstream (a video job being polled or downloaded), so the AI
   * SDK retrying the whole call would create and bill it again: every error is then not retryable.
   */
  afterCreate?: boolean | undefined;
  abortSignal?: AbortSignal | undefined;
}

// Every `@anyint/client` error carries the names of its class and of its base classes under this
// symbol (what the client's own `isInstance` reads). Reading it here means the error classes need not
// be loaded to map an error, and errors from another copy of the client are recognised too.
const ERROR_KINDS = Symbol.for('@anyint/client.error-kinds');

/** The client error classes the mapper tells apart, by their stable names. */
interface ClientErrors {
  AnyIntError: AnyIntError;
  APIError: APIError;
  APIConnectionError: APIConnectionError;
  APIUserAbortError: APIUserAbortError;
  AnyIntValidationError: AnyIntValidationError;
  InsufficientQuotaError: APIError;
  UnsupportedRouteError: APIError;
  StreamTruncatedError: AnyIntError;
}

/** Whether `error` is a client error of class `kind` or of a subclass of it. */
function isKind<K extends keyof ClientErrors>(error: unknown, kind: K): error is ClientErrors[K] {
  if (typeof error !== 'object' || error === null) return false;
  const kinds = (error as { [ERROR_KINDS]?: unknown })[ERROR_KINDS];
  return Array.isArray(kinds) && kinds.includes(kind);
}

function responseBodyOf(body: unknown): string | undefined {
  if (body === undefined) return undefined;
  return typeof body === 'string' ? body : JSON.stringify(body);
}

/**
 * The one mapper from `@anyint/client` errors to the AI SDK's: API, connection and response errors
 * become `APICallError` (the client error as `cause`), bad input becomes `InvalidArgumentError`, an
 * abort rethrows the signal's reason (as `fetch` does, so the AI SDK sees an `AbortError`). Anything
 * else passes through unchanged.
 */
export function toAISDKError(
  error: unknown,
  context: AnyIntCallContext,
  isRetryableError: ClientModule['isRetryableError'],
): unknown {
  if (!isKind(error, 'AnyIntError')) return error;
  // Several classes share one shape, so each check reads the error afresh to keep narrowing sound.
  const thrown: unknown = error;
  if (isKind(thrown, 'APIUserAbortError')) return context.abortSignal?.reason ?? error;
  if (isKind(thrown, 'AnyIntValidationError')) {
    return new InvalidArgumentError({ argument: thrown.field, message: thrown.message, cause: thrown });
  }
  // The client's own retry rule, applied by the AI SDK's retry loop (the provider's client runs with
  // `maxRetries: 0`), so each request has one retry layer.
  const isRetryable = !context.afterCreate && isRetryableError(error, context.createsNothing);
  if (isKind(thrown, 'APIError')) {
    return new APICallError({
      message: thrown.message,
      url: context.url,
      requestBodyValues: context.requestBodyValues,
      statusCode: thrown.status,
      responseHeaders: thrown.headers,
      responseBody: responseBodyOf(thrown.body),
      isRetryable,
      data: thrown.body,
      cause: thrown,
    });
  }
  return new APICallError({
    message: error.message,
    url: context.url,
    requestBodyValues: context.requestBodyValues,
    isRetryable,
    cause: error,
  });
}

/** Runs one client call and maps what it throws. */
export async function callAnyInt<T>(context: AnyIntCallContext, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    // A client error means the client module is loaded; this only reads the cached import.
    const { isRetryableError } = await loadClientModule();
    throw toAISDKError(error, context, isRetryableError);
  }
}
