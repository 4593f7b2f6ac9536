// The client's error classes, for the `cause` of the AI SDK errors the provider throws
// (`APICallError`, `InvalidArgumentError`), without importing @anyint/client itself. A subpath of its
// own: the provider's root loads the client only at the first call.
export {
  AnyIntError,
  AnyIntValidationError,
  APIConnectionError,
  APIError,
  APITimeoutError,
  APIUserAbortError,
  AuthenticationError,
  BadRequestError,
  ConflictError,
  EmbedBulkCleanupError,
  EmbedManyError,
  FileTooLargeError,
  GatewayTimeoutError,
  InsufficientQuotaError,
  InternalServerError,
  InvalidResponseError,
  JobFailedError,
  NotFoundError,
  PermissionDeniedError,
  RateLimitError,
  RequestTooLargeError,
  StreamTruncatedError,
  UnprocessableEntityError,
  UnsupportedRouteError,
} from '@anyint/client';
