import { InvalidResponseError } from './errors.js';

/** One server-sent event. `data` joins multi-line data fields with `\n`. */
export interface ServerSentEvent {
  event: string;
  data: string;
  id: string | undefined;
}

export interface ParseSSEOptions {
  /** Method and path, for the error when a line is too long. */
  route?: string;
  /** Longest line accepted, in UTF-16 code units (about bytes for JSON). Default 1 MiB. */
  maxLineLength?: number;
}

const MAX_LINE_LENGTH = 1024 * 1024;

/**
 * Parses a server-sent event stream as the HTML standard does: lines end in CRLF, LF or CR (and may
 * be split across chunks at any byte), `:` starts a comment, a blank line dispatches the event.
 * Each chunk is scanned once: the unfinished line is kept as pieces, joined when it ends, so a long
 * line costs linear time; a line longer than `maxLineLength` is an `InvalidResponseError` instead of
 * memory without end.
 */
export async function* parseSSE(
  chunks: AsyncIterable<Uint8Array>,
  options: ParseSSEOptions = {},
): AsyncGenerator<ServerSentEvent> {
  const { route = 'event stream', maxLineLength = MAX_LINE_LENGTH } = options;
  const decoder = new TextDecoder();
  let pending: string[] = [];
  let pendingLength = 0;
  let event = '';
  let data: string[] = [];
  let id: string | undefined;
  let skipLeadingLF = false;

  function* lines(text: string): Generator<string> {
    let start = 0;
    if (skipLeadingLF && text.length > 0) {
      if (text[0] === '\n') start = 1;
      skipLeadingLF = false;
    }
    for (let i = start; i < text.length; i++) {
      const char = text.charCodeAt(i);
      if (char !== 10 && char !== 13) continue;
      const piece = text.slice(start, i);
      const line = pending.length > 0 ? pending.join('') + piece : piece;
      pending = [];
      pendingLength = 0;
      if (char === 13) {
        if (i + 1 < text.length) {
          if (text.charCodeAt(i + 1) === 10) i++;
        } else skipLeadingLF = true;
      }
      start = i + 1;
      yield line;
    }
    if (start < text.length) {
      pending.push(text.slice(start));
      pendingLength += text.length - start;
      if (pendingLength > maxLineLength) {
        throw new InvalidResponseError(
          `A line of the event stream of ${route} is longer than ${maxLineLength} characters; it was cut off.`,
          route,
        );
      }
    }
  }

  function* take(line: string): Generator<ServerSentEvent> {
    if (line === '') {
      if (data.length > 0) yield { event: event || 'message', data: data.join('\n'), id };
      event = '';
      data = [];
      return;
    }
    if (line.startsWith(':')) return;
    const colon = line.indexOf(':');
    const field = colon === -1 ? line : line.slice(0, colon);
    let value = colon === -1 ? '' : line.slice(colon + 1);
    if (value.startsWith(' ')) value = value.slice(1);
    if (field === 'event') event = value;
    else if (field === 'data') data.push(value);
    else if (field === 'id' && !value.includes('\0')) id = value;
  }

  for await (const chunk of chunks) {
    for (const line of lines(decoder.decode(chunk, { stream: true }))) yield* take(line);
  }
  // As the standard says, an event cut off before its blank line is dropped, not half-delivered.
  for (const line of lines(decoder.decode())) yield* take(line);
}
