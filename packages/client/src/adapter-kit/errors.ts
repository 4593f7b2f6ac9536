import {
  APIError,
  APIUserAbortError,
  BadRequestError,
  NotFoundError,
  UnsupportedRouteError,
} from '../core/errors.js';

/**
 * Whether a content download failed because the upstream has no such variant (a thumbnail), by the
 * error's class and status: 400, 404 or an unsupported route, and 405/501 on a path with an id.
 */
export function isMissingContent(error: unknown): boolean {
  return (
    NotFoundError.isInstance(error) ||
    UnsupportedRouteError.isInstance(error) ||
    BadRequestError.isInstance(error) ||
    (APIError.isInstance(error) && (error.status === 405 || error.status === 501))
  );
}

/** Whether the caller aborted the call (its signal), by class. */
export function isAbort(error: unknown): error is APIUserAbortError {
  return APIUserAbortError.isInstance(error);
}
