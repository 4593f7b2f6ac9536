import { InvalidResponseError } from './errors.js';
import type { HttpResponse } from './http.js';

/** Reads a JSON body; a body that is not JSON is an `InvalidResponseError`, never a crash. */
export async function readJSON<T>(response: HttpResponse, route: string): Promise<T> {
  const text = await response.text();
  try {
    return JSON.parse(text) as T;
  } catch (cause) {
    const snippet = text.length > 120 ? `${text.slice(0, 120)}…` : text;
    throw new InvalidResponseError(
      `The response to ${route} is not valid JSON: ${JSON.stringify(snippet)}`,
      route,
      {
        cause,
      },
    );
  }
}

export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
