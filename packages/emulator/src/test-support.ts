// Helpers for the colocated tests; not exported from the package.
import type { Emulator, EmulatorOptions } from './index.js';
import { startEmulator } from './index.js';

export interface JsonAnswer {
  status: number;
  headers: Headers;
  // biome-ignore lint/suspicious/noExplicitAny: tests read arbitrary response shapes
  json: any;
}

export async function postJson(
  emulator: Emulator,
  path: string,
  body: unknown,
  key?: string,
): Promise<JsonAnswer> {
  const response = await fetch(`${emulator.url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(key ? { authorization: `Bearer ${key}` } : {}) },
    body: JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, headers: response.headers, json: text ? JSON.parse(text) : undefined };
}

/** Starts an emulator for a test file and closes it after; `emulator()` gives the running one. */
export async function withEmulator(options?: EmulatorOptions): Promise<Emulator> {
  return startEmulator(options);
}

export function cosine(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let dot = 0;
  let normA = 0;
  let normB = 0;
  for (let i = 0; i < a.length; i++) {
    dot += a[i]! * b[i]!;
    normA += a[i]! * a[i]!;
    normB += b[i]! * b[i]!;
  }
  return dot / Math.sqrt(normA * normB);
}
