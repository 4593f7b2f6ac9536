// The client's error classes, so an app can catch what the adapter throws without importing
// @anyint/client itself. Errors reach the caller unchanged (LlamaIndex has no error type of its own).
export * from '@anyint/client/errors';
