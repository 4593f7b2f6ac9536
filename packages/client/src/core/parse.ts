import { InvalidResponseError } from './errors.js';
import type { HttpResponse } from './http.js';

/**
 * Reads a JSON object body. A body that is not JSON (cut short, an HTML page) is an unreadable
 * `InvalidResponseError`, which calls that create nothing send again; valid JSON that is not an
 * object (`null`, an array) is an `InvalidResponseError` too, so no caller meets a raw `TypeError`.
 */
export async function readJSON<T>(response: HttpResponse, route: string): Promise<T> {
  const text = await response.text();
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
