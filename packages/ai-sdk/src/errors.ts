// The client's error classes, for the `cause` of the AI SDK errors the provider throws
// (`APICallError`, `InvalidArgumentError`). A subpath of its own: the provider's root loads the
// client only at the first call, and this one loads the client's errors and nothing else.
export * from '@anyint/client/errors';
