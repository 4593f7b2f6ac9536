import type { ServerResponse } from 'node:http';
import type { Readable } from 'node:stream';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { FaultSpec } from './options.js';

/** A download streamed from disk; opened only when the answer is really sent. */
export interface FileBody {
  bytes: number;
  open(options?: { end?: number }): Readable;
}

/**
 * Sends a stored file with its Content-Length, streamed with backpressure. Faults act on the bytes:
 * `stall` sends the headers only, `truncate` half the declared bytes then drops the connection,
 * `malformed` a clean 200 holding only the first half (a JSONL file whose last line is cut).
 */
export function sendFile(
  request: FastifyRequest,
  reply: FastifyReply,
  result: {
    status: number;
    contentType: string | undefined;
    headers?: Record<string, string>;
    file?: FileBody;
  },
  fault: FaultSpec | undefined,
  finish: (request: FastifyRequest, status: number) => void,
): unknown {
  const file = result.file;
  if (!file) throw new Error('sendFile needs a file result');
  const half = Math.floor(file.bytes / 2);
  const headers: Record<string, string> = {
    ...result.headers,
    'content-type': result.contentType ?? 'application/octet-stream',
    'content-length': String(fault?.kind === 'malformed' ? half : file.bytes),
  };
  if (fault?.kind === 'stall' || fault?.kind === 'truncate') {
    reply.hijack();
    finish(request, result.status);
    const response: ServerResponse = reply.raw;
    response.writeHead(result.status, headers);
    response.flushHeaders();
    // A stall sends nothing more; close() of the emulator destroys the connection.
    if (fault.kind === 'stall' || half === 0) {
      if (fault.kind === 'truncate') request.raw.socket.destroy();
      return;
    }
    const stream = file.open({ end: half - 1 });
    stream.pipe(response, { end: false });
    stream.once('end', () => request.raw.socket.destroy());
    stream.once('error', () => request.raw.socket.destroy());
    return;
  }
  finish(request, result.status);
  reply.code(result.status).headers(headers);
  if (fault?.kind === 'malformed') return reply.send(half === 0 ? '' : file.open({ end: half - 1 }));
  return reply.send(file.bytes === 0 ? '' : file.open());
}
