import { InvalidResponseError, rateLimitInBody } from './errors.js';
import type { HttpResponse } from './http.js';

/**
 * Reads a JSON object body. A body that is not JSON (cut short, an HTML page) is an unreadable
 * `InvalidResponseError`, which calls that create nothing send again; valid JSON that is not an
 * object (`null`, an array) is an `InvalidResponseError` too, so no caller meets a raw `TypeError`.
 */
export async function readJSON<T>(response: HttpResponse, route: string): Promise<T> {
  const text = await readLimitedText(response, route);
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (cause) {
    throw new InvalidResponseError(
      `The response to ${route} is not valid JSON: ${JSON.stringify(snippet(text))}`,
      route,
      { cause, unreadable: true },
    );
  }
  if (!isObject(value)) {
    throw new InvalidResponseError(
      `The response to ${route} is ${describe(value)}, not a JSON object: ${JSON.stringify(snippet(text))}`,
      route,
    );
  }
  // A gateway that answers a rate limit with 200 and an error object: retried as a 429 is.
  if ('error' in value) {
    const refusal = rateLimitInBody(value, response.headers, response.status, route);
    if (refusal) throw refusal;
  }
  return value as T;
}

function snippet(text: string): string {
  return text.length > 120 ? `${text.slice(0, 120)}…` : text;
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return `a ${typeof value}`;
}

export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** At most `maxBytes` of a body as text, read within the attempt's deadline; `cut` says whether there was more. */
export function readText(response: HttpResponse, maxBytes: number): Promise<{ text: string; cut: boolean }> {
  return response.textUpTo(maxBytes);
}

/** A whole JSON or text body, refused when larger than the client's `maxResponseBytes`. */
export async function readLimitedText(response: HttpResponse, route: string): Promise<string> {
  const limit = response.maxTextBytes;
  if (limit === undefined) return response.text();
  const { text, cut } = await readText(response, limit);
  if (cut) {
    throw new InvalidResponseError(
      `The response to ${route} is larger than maxResponseBytes (${limit} bytes); it was not read further.`,
      route,
    );
  }
  return text;
}
