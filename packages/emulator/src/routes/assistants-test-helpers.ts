// Helpers for the Assistants API and video tests; not exported from the package.
import { Ajv2020 } from 'ajv/dist/2020.js';
import { expect } from 'vitest';
import type { Emulator } from '../index.js';
import { OPENAPI_DOCUMENT_ID, openapiDocument } from '../openapi/schemas.generated.js';

export const BETA = { 'openai-beta': 'assistants=v2' };

export interface Answer {
  status: number;
  headers: Headers;
  // biome-ignore lint/suspicious/noExplicitAny: tests read arbitrary response shapes
  json: any;
}

/** A JSON request with the Assistants beta header (unless `headers` says otherwise). */
export async function call(
  emulator: Emulator,
  method: string,
  path: string,
  body?: unknown,
  headers: Record<string, string> = BETA,
): Promise<Answer> {
  const response = await fetch(`${emulator.url}${path}`, {
    method,
    headers: { ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, headers: response.headers, json: text ? JSON.parse(text) : undefined };
}

const ajv = new Ajv2020({ strict: false, allErrors: true, validateFormats: false });
ajv.addSchema(openapiDocument);

/** Checks a value against one of OpenAI's component schemas. */
export function expectSchema(name: string, value: unknown): void {
  const validate = ajv.getSchema(`${OPENAPI_DOCUMENT_ID}#/components/schemas/${name}`);
  if (!validate) throw new Error(`no schema ${name}`);
  expect(validate(value) ? [] : validate.errors).toEqual([]);
}

export interface SseEvent {
  event: string;
  data: string;
}

/** Parses raw SSE bytes: blank-line separated blocks of `event:` and `data:` lines. */
export function parseSse(raw: string): { events: SseEvent[]; rest: string } {
  const events: SseEvent[] = [];
  const blocks = raw.split('\n\n');
  const rest = blocks.pop() ?? '';
  for (const block of blocks) {
    let event = 'message';
    const data: string[] = [];
    for (const line of block.split('\n')) {
      if (line.startsWith('event: ')) event = line.slice(7);
      else if (line.startsWith('data: ')) data.push(line.slice(6));
    }
    events.push({ event, data: data.join('\n') });
  }
  return { events, rest };
}

/** Reads a streamed body to its end (or until `stopAfter` ms of silence) as raw text. */
export async function readStream(
  response: Response,
  stopAfterMs = 5000,
): Promise<{ text: string; ended: 'done' | 'silent' | 'error' }> {
  const reader = response.body!.getReader();
  const decoder = new TextDecoder();
  let text = '';
  for (;;) {
    let timer: NodeJS.Timeout | undefined;
    const silence = new Promise<'silent'>((resolve) => {
      timer = setTimeout(() => resolve('silent'), stopAfterMs);
    });
    try {
      const next = await Promise.race([reader.read(), silence]);
      if (next === 'silent') {
        await reader.cancel().catch(() => {});
        return { text, ended: 'silent' };
      }
      if (next.done) return { text, ended: 'done' };
      text += decoder.decode(next.value, { stream: true });
    } catch {
      return { text, ended: 'error' };
    } finally {
      clearTimeout(timer);
    }
  }
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
