import { randomUUID, timingSafeEqual } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import multipart from '@fastify/multipart';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import Fastify from 'fastify';
import { newRequestId, preflightHeaders, stampAnswer } from './cors.js';
import { ApiError } from './errors.js';
import { statusFaultAnswer } from './faults.js';
import { countTokens } from './feature-hash.js';
import { sendFile } from './file-download.js';
import { readMultipartBody } from './multipart-body.js';
import type { EmulatorOptions, FaultSpec } from './options.js';
import { resolveOptions } from './options.js';
import { assertModelKnown, assertRouteEnabled, profileFor } from './personalities.js';
import { requestTokens } from './rate-limits.js';
import type { RecordedPart, RecordedRequest } from './request-log.js';
import { flattenQuery, redactHeaders } from './request-log.js';
import type { RouteResult, RouteSpec, UploadedFile } from './route-context.js';
import { jsonResult } from './route-context.js';
import { ASSISTANT_ROUTES } from './routes/assistants.js';
import { BATCH_ROUTES } from './routes/batches.js';
import { createEmbeddings } from './routes/embeddings.js';
import { FILE_ROUTES } from './routes/files.js';
import { createImages } from './routes/images.js';
import { createModerations } from './routes/moderations.js';
import { RUN_ROUTES } from './routes/runs.js';
import { createSpeech } from './routes/speech.js';
import { THREAD_ROUTES } from './routes/threads.js';
import { createTranscription, createTranslation } from './routes/transcriptions.js';
import { VIDEO_ROUTES } from './routes/videos.js';
import { writeStream } from './sse.js';
import { EmulatorState } from './state.js';
import { StorageHost } from './storage-host.js';
import type { StagedUpload } from './upload-body.js';
import { readUploadToDisk } from './upload-body.js';

export const API_PREFIX = '/openai/v1';
const MAX_JSON_BODY_BYTES = 64 * 1024 * 1024;
const INTERNAL_HEADER = 'x-anyint-emulator-internal';

export interface Emulator {
  /** Base URL of the OpenAI-compatible API, e.g. 'http://127.0.0.1:PORT/openai/v1'. */
  url: string;
  /** 'http://127.0.0.1:PORT'. */
  origin: string;
  /** Every /openai/v1 request in arrival order, faulted ones included; a live array. */
  requests: RecordedRequest[];
  /** Clears the request log, fault counters and stored state. */
  reset(): void;
  /** Stops listening and destroys open connections, stalled ones included. */
  close(): Promise<void>;
}

type Route = RouteSpec;

const ROUTES: Route[] = [
  { name: 'embeddings', path: '/embeddings', body: 'json', handler: createEmbeddings },
  { name: 'images', path: '/images/generations', body: 'json', handler: createImages },
  { name: 'speech', path: '/audio/speech', body: 'json', handler: createSpeech },
  { name: 'transcriptions', path: '/audio/transcriptions', body: 'multipart', handler: createTranscription },
  { name: 'translations', path: '/audio/translations', body: 'multipart', handler: createTranslation },
  { name: 'moderations', path: '/moderations', body: 'json', handler: createModerations },
  ...ASSISTANT_ROUTES,
  ...THREAD_ROUTES,
  ...RUN_ROUTES,
  ...VIDEO_ROUTES,
  ...FILE_ROUTES,
  ...BATCH_ROUTES,
];

class Aborted extends Error {}

/**
 * Starts a local AnyInt gateway on loopback HTTP.
 *
 * @example
 * const emulator = await startEmulator({ apiKey: 'test-key', seed: 7 });
 * const response = await fetch(`${emulator.url}/embeddings`, { method: 'POST', ... });
 * await emulator.close();
 */
export async function startEmulator(options?: EmulatorOptions): Promise<Emulator> {
  const resolved = resolveOptions(options);
  const state = new EmulatorState(resolved);
  const requests: RecordedRequest[] = [];
  const entries = new WeakMap<FastifyRequest, { entry: RecordedRequest; started: number }>();
  const closing = new AbortController();

  const app: FastifyInstance = Fastify({
    logger: false,
    bodyLimit: MAX_JSON_BODY_BYTES,
    forceCloseConnections: true,
    return503OnClosing: false,
  });
  await app.register(multipart, { throwFileSizeLimit: false });

  // Batch lines reach the routes in-process with a per-emulator token: faults and validation apply,
  // but they are not client requests, so they are neither logged nor asked for the API key.
  const internalToken = randomUUID();
  state.inject = async ({ path, body, signal }) => {
    const response = await app.inject({
      method: 'POST',
      url: `${API_PREFIX}${path}`,
      payload: body as Record<string, unknown>,
      headers: { 'content-type': 'application/json', [INTERNAL_HEADER]: internalToken },
      signal,
    });
    return { status: response.statusCode, headers: response.headers, body: response.body };
  };

  const finish = (request: FastifyRequest, status: number) => {
    const record = entries.get(request);
    if (!record) return;
    record.entry.status = status;
    record.entry.durationMs = performance.now() - record.started;
  };

  const send = (request: FastifyRequest, reply: FastifyReply, result: RouteResult) => {
    finish(request, result.status);
    reply.code(result.status);
    if (result.headers) reply.headers(result.headers);
    if (result.contentType) reply.type(result.contentType);
    if (typeof result.body !== 'string') {
      return reply.send(Buffer.from(result.body.buffer, result.body.byteOffset, result.body.byteLength));
    }
    return reply.send(result.body === '' ? undefined : result.body);
  };

  // On the global setTimeout (not node:timers/promises), so tests can step it with fake timers.
  const wait = (ms: number) =>
    new Promise<void>((resolve, reject) => {
      if (ms <= 0) return resolve();
      if (closing.signal.aborted) return reject(new Aborted());
      const onClose = () => {
        clearTimeout(timer);
        reject(new Aborted());
      };
      const timer = setTimeout(() => {
        closing.signal.removeEventListener('abort', onClose);
        resolve();
      }, ms);
      closing.signal.addEventListener('abort', onClose, { once: true });
    });

  const authorized = (header: string | undefined): boolean => {
    if (resolved.apiKey === undefined) return true;
    const expected = Buffer.from(`Bearer ${resolved.apiKey}`);
    const actual = Buffer.from(header ?? '');
    return actual.length === expected.length && timingSafeEqual(actual, expected);
  };

  app.addHook('onRequest', async (request, reply) => {
    const requestId = newRequestId();
    stampAnswer(reply.raw, request.headers, resolved.corsOrigins, requestId);
    // A browser's preflight carries no credentials and is not a call of the API: it is answered
    // here, on every path, before the key check and the request log.
    if (request.method === 'OPTIONS')
      return reply.code(204).headers(preflightHeaders(request.headers)).send();
    const queryStart = request.url.indexOf('?');
    const path = queryStart === -1 ? request.url : request.url.slice(0, queryStart);
    if (!path.startsWith(API_PREFIX)) return;
    if (request.headers[INTERNAL_HEADER] === internalToken) {
      // An in-process request has no socket to reset: a `reset` or `truncate` fault fails it instead.
      const drop = () => reply.raw.destroy(new Error('The connection was reset'));
      Object.assign(request.raw.socket, { destroy: drop, resetAndDestroy: drop });
      return;
    }
    const entry: RecordedRequest = {
      method: request.method,
      path,
      query: flattenQuery(request.query),
      headers: redactHeaders(request.headers),
      requestId,
      status: 0,
      startedAt: Date.now(),
      durationMs: 0,
    };
    requests.push(entry);
    entries.set(request, { entry, started: performance.now() });
    reply.raw.once('close', () => {
      const record = entries.get(request);
      if (!record) return;
      if (record.entry.status === 0 && reply.raw.headersSent) record.entry.status = reply.raw.statusCode;
      record.entry.durationMs = performance.now() - record.started;
    });
    if (!authorized(request.headers.authorization)) {
      const message = request.headers.authorization
        ? 'Incorrect API key provided.'
        : "You didn't provide an API key. You need to provide your API key in an Authorization header using Bearer auth (i.e. Authorization: Bearer YOUR_KEY).";
      return send(
        request,
        reply,
        jsonResult(
          { error: { message, type: 'invalid_request_error', param: null, code: 'invalid_api_key' } },
          401,
        ),
      );
    }
  });

  app.setErrorHandler((error: unknown, request, reply) => {
    if (error instanceof ApiError) return send(request, reply, jsonResult(error.body, error.status));
    const details = (error ?? {}) as { statusCode?: unknown; code?: unknown; message?: unknown };
    const status =
      typeof details.statusCode === 'number' && details.statusCode >= 400 ? details.statusCode : 500;
    const code = details.code;
    let message = typeof details.message === 'string' ? details.message : 'Internal error.';
    if (
      code === 'FST_ERR_CTP_INVALID_JSON_BODY' ||
      code === 'FST_ERR_CTP_EMPTY_JSON_BODY' ||
      error instanceof SyntaxError
    ) {
      message =
        "We could not parse the JSON body of your request. (HINT: This likely means you aren't using your HTTP library correctly. The OpenAI API expects a JSON payload, but what was sent was not valid JSON.)";
    } else if (code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
      message = `Maximum content size limit (${MAX_JSON_BODY_BYTES}) exceeded.`;
    }
    const type = status >= 500 ? 'server_error' : 'invalid_request_error';
    return send(request, reply, jsonResult({ error: { message, type, param: null, code: null } }, status));
  });

  app.setNotFoundHandler((request, reply) => {
    const path = request.url.replace(/^\/openai/, '').replace(/\?.*$/, '');
    return send(
      request,
      reply,
      jsonResult(
        {
          error: {
            message: `Invalid URL (${request.method} ${path})`,
            type: 'invalid_request_error',
            param: null,
            code: null,
          },
        },
        404,
      ),
    );
  });

  app.get('/_emulator/images/:name', async (request, reply) => {
    const { name } = request.params as { name: string };
    const png = name.endsWith('.png') ? state.images.get(name.slice(0, -4)) : undefined;
    if (!png) {
      return reply.code(404).send({
        error: { message: 'Image not found.', type: 'invalid_request_error', param: null, code: null },
      });
    }
    return reply.type('image/png').send(png);
  });

  const resetSocket = (request: FastifyRequest, reply: FastifyReply) => {
    reply.hijack();
    finish(request, 0);
    const socket = request.raw.socket;
    // An RST (ECONNRESET at the client) rather than a polite FIN, like a dropped upstream.
    if (typeof socket.resetAndDestroy === 'function') socket.resetAndDestroy();
    else socket.destroy();
  };

  const stall = (request: FastifyRequest, reply: FastifyReply) => {
    reply.hijack();
    finish(request, 200);
    const response: ServerResponse = reply.raw;
    response.writeHead(200, { 'content-type': 'application/json' });
    response.flushHeaders();
    // Nothing more is ever written; close() destroys the connection.
  };

  const truncate = (request: FastifyRequest, reply: FastifyReply, result: RouteResult) => {
    reply.hijack();
    finish(request, result.status);
    const bytes = Buffer.from(typeof result.body === 'string' ? Buffer.from(result.body) : result.body);
    const response: ServerResponse = reply.raw;
    response.writeHead(result.status, {
      ...result.headers,
      ...(result.contentType ? { 'content-type': result.contentType } : {}),
      'content-length': String(bytes.length),
    });
    response.write(bytes.subarray(0, Math.floor(bytes.length / 2)), () => request.raw.socket.destroy());
  };

  const malformed = (result: RouteResult): RouteResult => {
    const isJson = result.contentType?.startsWith('application/json') === true;
    const json = !isJson
      ? JSON.stringify({ object: 'list', data: [{ object: 'embedding', index: 0 }] })
      : typeof result.body === 'string'
        ? result.body
        : Buffer.from(result.body.buffer, result.body.byteOffset, result.body.byteLength).toString('utf8');
    // Half of a JSON document never parses: at least its closing brace is missing.
    return {
      status: 200,
      contentType: 'application/json',
      body: json.slice(0, Math.max(1, Math.floor(json.length / 2))),
    };
  };

  const mount = (route: Route) => {
    const handler = async (request: FastifyRequest, reply: FastifyReply) => {
      const record = entries.get(request);
      let body: Record<string, unknown>;
      let upload: UploadedFile | undefined;
      let staged: StagedUpload | undefined;
      try {
        if (route.body === 'none') {
          body = {};
        } else if (route.body === 'upload') {
          const parts: RecordedPart[] = [];
          if (record) record.entry.parts = parts;
          ({ body, staged } = await readUploadToDisk(
            request,
            reply,
            state.files,
            state.options.maxFileBytes,
            parts,
          ));
        } else if (route.body === 'multipart' || (route.body === 'auto' && request.isMultipart())) {
          const parts: RecordedPart[] = [];
          if (record) record.entry.parts = parts;
          const parsed = await readMultipartBody(request, parts, route.uploadField);
          body = parsed.body;
          upload = parsed.upload;
        } else {
          body = (request.body ?? {}) as Record<string, unknown>;
          if (record) record.entry.body = request.body;
        }
      } catch (error) {
        if (error instanceof ApiError) return send(request, reply, jsonResult(error.body, error.status));
        throw error;
      }

      const model = typeof body.model === 'string' ? body.model : undefined;
      const apiPath = request.url.slice(API_PREFIX.length).replace(/\?.*$/, '');
      const fault: FaultSpec | undefined = state.faults.pick(route.name, model, apiPath, request.method);
      if (record && fault) record.entry.fault = fault.kind;
      try {
        if (fault?.kind === 'reset') return resetSocket(request, reply);
        if (fault?.kind === 'delay') await wait(fault.delayMs ?? 1000);
        // A gateway gives up on a slow upstream only after its deadline: the error comes late.
        if (fault?.kind === 'status' && fault.delayMs !== undefined) await wait(fault.delayMs);
        let result: RouteResult;
        // Batch lines run inside the emulator (no record): they are not the key's requests.
        const limited =
          fault?.kind === 'status' || !record
            ? undefined
            : state.rateLimits.admit(
                request.headers.authorization,
                model,
                route.name === 'embeddings' ? requestTokens(body, countTokens) : 0,
              );
        if (fault?.kind === 'status') {
          result = statusFaultAnswer(fault);
        } else if (limited?.refusal) {
          result = limited.refusal;
          if (record) record.entry.rateLimited = true;
        } else {
          try {
            assertModelKnown(model, resolved);
            const profile = profileFor(resolved, model);
            assertRouteEnabled(route.name, model, profile);
            result = await route.handler({
              route: route.name,
              body,
              upload,
              model,
              profile,
              state,
              params: request.params as Record<string, string>,
              query: flattenQuery(request.query),
              headers: request.headers,
              staged,
            });
          } catch (error) {
            if (!(error instanceof ApiError)) throw error;
            result = jsonResult(error.body, error.status);
          }
        }
        if (limited && Object.keys(limited.headers).length > 0) {
          result = { ...result, headers: { ...limited.headers, ...result.headers } };
        }
        await wait(resolved.latencyMs);
        if (result.stream) return writeStream(request, reply, result, fault, finish);
        if (result.file) return sendFile(request, reply, result, fault, finish);
        if (fault?.kind === 'stall') return stall(request, reply);
        if (fault?.kind === 'truncate') return truncate(request, reply, result);
        if (fault?.kind === 'malformed') result = malformed(result);
        return send(request, reply, result);
      } catch (error) {
        if (error instanceof Aborted) {
          reply.hijack();
          request.raw.socket.destroy();
          return;
        }
        throw error;
      }
    };
    app.route({ method: route.method ?? 'POST', url: `${API_PREFIX}${route.path}`, handler });
  };
  for (const route of ROUTES) mount(route);

  await app.listen({ port: resolved.port, host: resolved.host });
  const address = app.server.address();
  if (address === null || typeof address === 'string')
    throw new Error('The emulator did not get a TCP address');
  // A wildcard address is not something a client can dial: answer with loopback instead.
  const dialable =
    address.address === '0.0.0.0' ? '127.0.0.1' : address.address === '::' ? '::1' : address.address;
  const host = dialable.includes(':') ? `[${dialable}]` : dialable;
  const origin = `http://${host}:${address.port}`;
  state.origin = origin;
  if (resolved.presignedDownloads) state.storage = await StorageHost.start(dialable, resolved.corsOrigins);

  let closed: Promise<void> | undefined;
  return {
    url: `${origin}${API_PREFIX}`,
    origin,
    requests,
    reset() {
      requests.length = 0;
      state.reset();
    },
    close() {
      closed ??= (async () => {
        closing.abort();
        app.server.closeAllConnections();
        try {
          await state.close();
        } finally {
          await app.close();
        }
      })();
      return closed;
    },
  };
}
