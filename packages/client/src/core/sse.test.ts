import { describe, expect, it } from 'vitest';
import { parseSSE, type ServerSentEvent } from './sse.js';

async function parse(chunks: (string | Uint8Array)[]): Promise<ServerSentEvent[]> {
  const encoder = new TextEncoder();
  async function* source() {
    for (const chunk of chunks) yield typeof chunk === 'string' ? encoder.encode(chunk) : chunk;
  }
  const events: ServerSentEvent[] = [];
  for await (const event of parseSSE(source())) events.push(event);
  return events;
}

const stream = [
  ': keep-alive comment',
  'event: thread.run.created',
  'data: {"id":"run_1",',
  'data: "status":"queued"}',
  '',
  'id: 7',
  'event: thread.message.delta',
  'data: {"delta":"héllo 🌍"}',
  '',
  'data: [DONE]',
  '',
  '',
].join('\r\n');

const expected: ServerSentEvent[] = [
  { event: 'thread.run.created', data: '{"id":"run_1",\n"status":"queued"}', id: undefined },
  { event: 'thread.message.delta', data: '{"delta":"héllo 🌍"}', id: '7' },
  { event: 'message', data: '[DONE]', id: '7' },
];

describe('parseSSE', () => {
  it('parses events, multi-line data, comments, ids and [DONE]', async () => {
    expect(await parse([stream])).toEqual(expected);
  });

  it('gives the same events when fed one byte at a time, splitting CRLF and UTF-8 sequences', async () => {
    const bytes = new TextEncoder().encode(stream);
    expect(await parse(Array.from(bytes, (byte) => new Uint8Array([byte])))).toEqual(expected);
  });

  it('accepts LF and lone CR line endings', async () => {
    expect(await parse(['event: a\ndata: 1\n\n', 'event: b\rdata: 2\r\r'])).toEqual([
      { event: 'a', data: '1', id: undefined },
      { event: 'b', data: '2', id: undefined },
    ]);
  });

  it('drops an event cut off before its blank line', async () => {
    expect(await parse(['event: a\ndata: 1\n\nevent: b\ndata: {"cut'])).toEqual([
      { event: 'a', data: '1', id: undefined },
    ]);
  });

  it('keeps a value without the single leading space and a field without a colon', async () => {
    expect(await parse(['data:no-space\ndata\ndata:  two\n\n'])).toEqual([
      { event: 'message', data: 'no-space\n\n two', id: undefined },
    ]);
  });
});
