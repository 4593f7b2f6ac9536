import type { ServerResponse } from 'node:http';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { FaultSpec } from './options.js';
import type { RouteResult } from './route-context.js';

/** One server-sent event the way OpenAI frames them: `event: name\ndata: json\n\n`. */
export function sseEvent(event: string, data: unknown): string {
  return `event: ${event}\ndata: ${typeof data === 'string' ? data : JSON.stringify(data)}\n\n`;
}

/** OpenAI's last event of an Assistants stream. */
export const SSE_DONE = 'event: done\ndata: [DONE]\n\n';

/** Events a `stall` fault lets through before the stream goes silent. */
export const STALL_AFTER_CHUNKS = 2;

/**
 * Writes a streamed answer chunk by chunk. Faults act on the stream, not on the whole answer:
 * `stall` sends the headers and the first events, then nothing (the connection stays open);
 * `truncate` sends about half the events and half of the next, then drops the connection;
 * `malformed` cuts the JSON of one event in the middle and carries on; `buffer` holds every event
 * back until the stream ends and then sends them at once, as a buffering proxy does. `afterChunks`
 * moves the point where `stall` and `truncate` act. The job behind the stream goes on either way,
 * so a client can fall back to polling.
 */
export async function writeStream(
  request: FastifyRequest,
  reply: FastifyReply,
  result: RouteResult,
  fault: FaultSpec | undefined,
  finish: (request: FastifyRequest, status: number) => void,
): Promise<void> {
  const stream = result.stream;
  if (!stream) throw new Error('writeStream needs a streamed result');
  reply.hijack();
  finish(request, result.status);
  const response: ServerResponse = reply.raw;
  response.writeHead(result.status, {
    ...result.headers,
    'content-type': result.contentType ?? 'text/event-stream; charset=utf-8',
    'cache-control': 'no-cache',
    connection: 'keep-alive',
  });
  response.flushHeaders();

  const kind = fault?.kind;
  const cutAt = fault?.afterChunks ?? Math.max(1, Math.floor(stream.expectedChunks / 2));
  const stallAt = fault?.afterChunks ?? STALL_AFTER_CHUNKS;
  const held: string[] = [];
  const malformedAt = Math.min(2, Math.max(0, stream.expectedChunks - 2));
  const iterator = stream.chunks[Symbol.asyncIterator]();
  let closed = false;
  response.once('close', () => {
    closed = true;
  });
  try {
    for (let index = 0; ; index++) {
      const next = await iterator.next();
      if (next.done || closed) break;
      const chunk = next.value;
      if (kind === 'stall' && index >= stallAt) {
        // Silent from here on; close() of the emulator destroys the connection.
        return;
      }
      if (kind === 'truncate' && index >= cutAt) {
        const bytes = Buffer.from(chunk);
        response.write(bytes.subarray(0, Math.max(1, Math.floor(bytes.length / 2))), () =>
          request.raw.socket.destroy(),
        );
        return;
      }
      if (kind === 'malformed' && index === malformedAt) {
        const dataAt = chunk.indexOf('data: ') + 6;
        const json = chunk.slice(dataAt).trimEnd();
        response.write(`${chunk.slice(0, dataAt)}${json.slice(0, Math.floor(json.length / 2))}\n\n`);
        continue;
      }
      if (kind === 'buffer') held.push(chunk);
      else response.write(chunk);
    }
    if (!closed) response.end(held.join(''));
  } finally {
    // Stops the producer when the client went away or a fault ended the stream early.
    void iterator.return?.();
  }
}
