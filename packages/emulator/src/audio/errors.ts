/** Bytes that are not audio at all; the message is written to be shown to the caller in a 400 response. */
export class AudioDecodeError extends Error {
  override name = 'AudioDecodeError';
}
