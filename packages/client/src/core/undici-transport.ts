import { Readable } from 'node:stream';
import { Agent, type Dispatcher, request as undiciRequest } from 'undici';
import type { DispatcherLike } from './dispatcher.js';
import {
  AttemptTimeout,
  prefixOf,
  type ResponseHeaders,
  type Transport,
  TransportFailure,
  toTransportFailure,
} from './http.js';

function flattenHeaders(headers: Record<string, string | string[] | undefined>): ResponseHeaders {
  const flat: ResponseHeaders = {};
  for (const name in headers) {
    const value = headers[name];
    if (value !== undefined) flat[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  return flat;
}

/**
 * The default transport: undici's `request` on one keep-alive pool per client. The attempt's timeout
 * is our own timer, not undici's `headersTimeout`/`bodyTimeout`: those are idle timeouts checked on a
 * coarse clock (a 200 ms one fired after about a second), counted only once the request was sent.
 */
export function undiciTransport(dispatcher?: DispatcherLike): Transport {
  // The caller's object is a Dispatcher of some undici version; the options only state its shape.
  let agent = dispatcher as Dispatcher | undefined;
  return async (request) => {
    agent ??= new Agent({ keepAliveTimeout: 30_000, connections: 64 });
    const timeout = new AttemptTimeout(request.timeoutMs);
    const signal = request.signal ? AbortSignal.any([request.signal, timeout.signal]) : timeout.signal;
    const failure = (error: unknown): TransportFailure =>
      timeout.fired && !request.signal?.aborted
        ? new TransportFailure('timeout', false, { cause: error })
        : toTransportFailure(error, request.signal);
    try {
      const response = await undiciRequest(request.url, {
        method: request.method as Dispatcher.HttpMethod,
        headers: request.headers,
        // undici sends an async iterable as it is read, never buffered; its types list only Readable.
        body: (typeof request.body === 'object' && !(request.body instanceof Uint8Array)
          ? request.body.chunks()
          : request.body) as string | Uint8Array | undefined,
        signal,
        dispatcher: agent,
        // Off: the attempt's own timer above is the one timeout.
        headersTimeout: 0,
        bodyTimeout: 0,
      });
      const body = response.body;
      const read = async <T>(reader: () => Promise<T>): Promise<T> => {
        try {
          return await reader();
        } catch (error) {
          throw failure(error);
        } finally {
          timeout.clear();
        }
      };
      return {
        status: response.statusCode,
        headers: flattenHeaders(response.headers),
        text: () => read(() => body.text()),
        arrayBuffer: () => read(() => body.arrayBuffer()),
        body: () => {
          timeout.handOver();
          return chunksOf(body, timeout, failure);
        },
        stream: () => {
          timeout.handOver();
          return (Readable.toWeb(body) as ReadableStream<Uint8Array>).pipeThrough(
            new TransformStream<Uint8Array, Uint8Array>({
              transform(chunk, controller) {
                timeout.touch();
                controller.enqueue(chunk);
              },
              flush: () => timeout.clear(),
            }),
          );
        },
        handOver: () => timeout.handOver(),
        textUpTo: (maxBytes) => read(() => prefixOf(body, maxBytes)),
        discard: () => {
          timeout.clear();
          return body.dump().catch(() => undefined);
        },
      };
    } catch (error) {
      timeout.clear();
      throw failure(error);
    }
  };
}

/** The body's chunks, each one postponing the idle timeout, with a timeout reported as one. */
async function* chunksOf(
  body: AsyncIterable<Uint8Array>,
  timeout: AttemptTimeout,
  failure: (error: unknown) => TransportFailure,
): AsyncGenerator<Uint8Array> {
  try {
    for await (const chunk of body) {
      timeout.touch();
      yield chunk;
    }
  } catch (error) {
    throw failure(error);
  } finally {
    timeout.clear();
  }
}
