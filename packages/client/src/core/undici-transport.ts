import { Readable } from 'node:stream';
import { Agent, type Dispatcher, request as undiciRequest } from 'undici';
import type { DispatcherLike } from './dispatcher.js';
import { type ResponseHeaders, type Transport, toTransportFailure } from './http.js';

function flattenHeaders(headers: Record<string, string | string[] | undefined>): ResponseHeaders {
  const flat: ResponseHeaders = {};
  for (const name in headers) {
    const value = headers[name];
    if (value !== undefined) flat[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  return flat;
}

/** The default transport: undici's `request` on one keep-alive pool per client. */
export function undiciTransport(dispatcher?: DispatcherLike): Transport {
  // The caller's object is a Dispatcher of some undici version; the options only state its shape.
  let agent = dispatcher as Dispatcher | undefined;
  return async (request) => {
    agent ??= new Agent({ keepAliveTimeout: 30_000, connections: 64 });
    try {
      const response = await undiciRequest(request.url, {
        method: request.method as Dispatcher.HttpMethod,
        headers: request.headers,
        // undici sends an async iterable as it is read, never buffered; its types list only Readable.
        body: (typeof request.body === 'object' && !(request.body instanceof Uint8Array)
          ? request.body.chunks()
          : request.body) as string | Uint8Array | undefined,
        signal: request.signal,
        dispatcher: agent,
        headersTimeout: request.timeoutMs,
        bodyTimeout: request.timeoutMs,
      });
      const body = response.body;
      const read = async <T>(reader: () => Promise<T>): Promise<T> => {
        try {
          return await reader();
        } catch (error) {
          throw toTransportFailure(error, request.signal);
        }
      };
      return {
        status: response.statusCode,
        headers: flattenHeaders(response.headers),
        text: () => read(() => body.text()),
        arrayBuffer: () => read(() => body.arrayBuffer()),
        body: () => body,
        stream: () => Readable.toWeb(body) as ReadableStream<Uint8Array>,
        discard: () => body.dump().catch(() => undefined),
      };
    } catch (error) {
      throw toTransportFailure(error, request.signal);
    }
  };
}
