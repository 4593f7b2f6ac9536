import { describe, expect, it } from 'vitest';
import { InvalidResponseError } from './errors.js';
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

describe('parseSSE on hostile streams', () => {
  it('refuses a line longer than the limit with an InvalidResponseError, without holding it all', async () => {
    const piece = 'x'.repeat(64 * 1024);
    async function* endless() {
      const bytes = new TextEncoder().encode(piece);
      yield new TextEncoder().encode('data: ');
      // 32 MiB of one line, if the parser kept reading.
      for (let i = 0; i < 512; i++) yield bytes;
    }
    let read = 0;
    async function* counted() {
      for await (const chunk of endless()) {
        read += chunk.byteLength;
        yield chunk;
      }
    }
    const error = await (async () => {
      for await (const _ of parseSSE(counted(), { route: 'POST /threads/runs' })) {
        // no event ever completes
      }
    })().catch((e: unknown) => e);
    expect(InvalidResponseError.isInstance(error)).toBe(true);
    expect((error as Error).message).toContain('POST /threads/runs');
    expect(read).toBeLessThan(2 * 1024 * 1024);
  });

  it('joins a long line sent in many small chunks', async () => {
    // 512 KiB of data in 4 KiB chunks: the unfinished line is kept as pieces and joined once.
    const chunk = 'y'.repeat(4096);
    const chunks = ['data: ', ...Array.from({ length: 128 }, () => chunk), '\n\n'];
    const [event] = await parse(chunks);
    expect(event?.data.length).toBe(128 * 4096);
  });
});
