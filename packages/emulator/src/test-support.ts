// Helpers for the colocated tests; not exported from the package.
import { request as httpRequest } from 'node:http';
import { setImmediate as tick } from 'node:timers/promises';
import { crc32, inflateSync } from 'node:zlib';
import { expect, vi } from 'vitest';
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

/** POST over node:http, which schedules no global timers (fetch does), so fake timers see only the emulator's. */
export function postStatus(emulator: Emulator, path: string, body: unknown): Promise<number> {
  return new Promise((resolve, reject) => {
    const request = httpRequest(`${emulator.url}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
    });
    request.on('response', (response) => {
      response.resume();
      response.on('end', () => resolve(response.statusCode ?? 0));
    });
    request.on('error', reject);
    request.end(JSON.stringify(body));
  });
}

/**
 * Runs `send` under fake timers and steps the clock 1 ms at a time, only while the emulator has a timer
 * pending, until the answer comes: the result is how long the emulator made the request wait, counted
 * on the fake clock, so a busy machine cannot change it. Zero-delay timers the server sets while answering
 * add a millisecond each.
 */
export async function emulatorWaitMs(send: () => Promise<unknown>): Promise<number> {
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
  try {
    let settled = false;
    const answer = send().finally(() => {
      settled = true;
    });
    let waited = 0;
    while (!settled) {
      if (vi.getTimerCount() === 0) {
        await tick();
        continue;
      }
      await vi.advanceTimersByTimeAsync(1);
      waited += 1;
    }
    await answer;
    return waited;
  } finally {
    vi.useRealTimers();
  }
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

export interface ParsedPng {
  width: number;
  height: number;
  chunks: string[];
  pixels: Buffer;
}

/** A strict little PNG reader: signature, chunk CRCs, IHDR, inflated IDAT size. */
export function parsePng(png: Buffer): ParsedPng {
  expect([...png.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  const chunks: string[] = [];
  const idat: Buffer[] = [];
  let width = 0;
  let height = 0;
  let offset = 8;
  while (offset < png.length) {
    const length = png.readUInt32BE(offset);
    const type = png.toString('latin1', offset + 4, offset + 8);
    const data = png.subarray(offset + 8, offset + 8 + length);
    expect(png.readUInt32BE(offset + 8 + length)).toBe(crc32(png.subarray(offset + 4, offset + 8 + length)));
    chunks.push(type);
    if (type === 'IHDR') {
      width = data.readUInt32BE(0);
      height = data.readUInt32BE(4);
      expect([data[8], data[9]]).toEqual([8, 2]);
    }
    if (type === 'IDAT') idat.push(data);
    offset += 12 + length;
  }
  const pixels = inflateSync(Buffer.concat(idat));
  expect(pixels.length).toBe(height * (1 + width * 3));
  return { width, height, chunks, pixels };
}
