/** One server-sent event. `data` joins multi-line data fields with `\n`. */
export interface ServerSentEvent {
  event: string;
  data: string;
  id: string | undefined;
}

/**
 * Parses a server-sent event stream as the HTML standard does: lines end in CRLF, LF or CR (and may
 * be split across chunks at any byte), `:` starts a comment, a blank line dispatches the event.
 */
export async function* parseSSE(chunks: AsyncIterable<Uint8Array>): AsyncGenerator<ServerSentEvent> {
  const decoder = new TextDecoder();
  let buffer = '';
  let event = '';
  let data: string[] = [];
  let id: string | undefined;
  let skipLeadingLF = false;

  function* lines(text: string, final: boolean): Generator<string> {
    buffer += text;
    let start = 0;
    for (let i = 0; i < buffer.length; i++) {
      const char = buffer[i];
      if (skipLeadingLF && i === start && char === '\n') {
        start = i + 1;
        skipLeadingLF = false;
        continue;
      }
      skipLeadingLF = false;
      if (char === '\n' || char === '\r') {
        yield buffer.slice(start, i);
        if (char === '\r') {
          if (buffer[i + 1] === '\n') i++;
          else if (i + 1 === buffer.length) skipLeadingLF = true;
        }
        start = i + 1;
      }
    }
    buffer = buffer.slice(start);
    if (final) buffer = '';
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
    for (const line of lines(decoder.decode(chunk, { stream: true }), false)) yield* take(line);
  }
  // As the standard says, an event cut off before its blank line is dropped, not half-delivered.
  for (const line of lines(decoder.decode(), true)) yield* take(line);
}
