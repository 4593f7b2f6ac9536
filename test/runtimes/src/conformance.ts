/**
 * The conformance script: the same module in every runtime (Chromium, workerd, Bun, Deno, Node),
 * against the emulator. Each capability asserts what a user would get back, not only that nothing
 * threw. It imports the packages by name, so each runtime resolves them by its own export conditions
 * (workerd and Chromium through a bundler, as their users do).
 */
import { createAnyInt } from '@anyint/ai-sdk-provider';
import {
  AnyInt,
  AnyIntCore,
  AnyIntValidationError,
  APITimeoutError,
  APIUserAbortError,
  deltaText,
  Embeddings,
  imageBytes,
  messageText,
  toFile,
} from '@anyint/client';
import { embedMany, generateImage } from 'ai';
import { CAPABILITIES, type Cell, type ConformanceEnv } from './cells.js';

export type { Cell, ConformanceEnv };

type Capability = (typeof CAPABILITIES)[number];

class CheckFailed extends Error {}

function check(condition: unknown, message: string): asserts condition {
  if (!condition) throw new CheckFailed(message);
}

const SENTENCE = 'the quick brown fox jumps over the lazy dog';
const EMBEDDING_MODEL = 'text-embedding-3-small';

/** A web page, as the client tells it: the only place it refuses to start without the opt-in. */
const inBrowser =
  typeof (globalThis as { window?: { document?: unknown } }).window?.document !== 'undefined' &&
  typeof navigator !== 'undefined';

function cosine(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let dot = 0;
  let na = 0;
  let nb = 0;
  for (let i = 0; i < a.length; i++) {
    const x = a[i] as number;
    const y = b[i] as number;
    dot += x * y;
    na += x * x;
    nb += y * y;
  }
  return dot / Math.sqrt(na * nb);
}

function sameVector(actual: ArrayLike<number>, expected: ArrayLike<number>, what: string): void {
  check(
    actual.length === expected.length,
    `${what}: ${actual.length} dimensions, expected ${expected.length}`,
  );
  for (let i = 0; i < expected.length; i++) {
    // base64 carries float32: equal to the float answer within float32 rounding.
    const diff = Math.abs((actual[i] as number) - (expected[i] as number));
    check(diff < 1e-6, `${what}: value ${i} is ${actual[i]}, expected ${expected[i]}`);
  }
}

const ascii = (bytes: Uint8Array, from: number, to: number) =>
  String.fromCharCode(...bytes.subarray(from, to));

/** Width and height from a PNG's IHDR, after checking its signature. */
function pngSize(bytes: Uint8Array): { width: number; height: number } {
  const signature = [137, 80, 78, 71, 13, 10, 26, 10];
  check(
    signature.every((byte, i) => bytes[i] === byte),
    `not a PNG (first bytes ${Array.from(bytes.subarray(0, 8))})`,
  );
  check(ascii(bytes, 12, 16) === 'IHDR', 'PNG without IHDR');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return { width: view.getUint32(16), height: view.getUint32(20) };
}

/** Checks a RIFF/WAVE header and returns the sample rate and the size of its data chunk. */
function wavInfo(bytes: Uint8Array): { sampleRate: number; dataBytes: number } {
  check(ascii(bytes, 0, 4) === 'RIFF' && ascii(bytes, 8, 12) === 'WAVE', 'speech is not a RIFF/WAVE file');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  for (let offset = 12; offset + 8 <= bytes.length; ) {
    const id = ascii(bytes, offset, offset + 4);
    const size = view.getUint32(offset + 4, true);
    if (id === 'data') return { sampleRate: view.getUint32(24, true), dataBytes: size };
    offset += 8 + size + (size % 2);
  }
  throw new CheckFailed('speech has no data chunk');
}

/** Deterministic bytes covering every byte value, so a file round trip proves binary safety. */
function testBytes(length: number): Uint8Array {
  const bytes = new Uint8Array(length);
  let state = 0x9e3779b9;
  for (let i = 0; i < length; i++) {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    bytes[i] = i < 256 ? i : state >>> 24;
  }
  return bytes;
}

function streamOf(bytes: Uint8Array, chunk: number): ReadableStream<Uint8Array> {
  let offset = 0;
  return new ReadableStream<Uint8Array>({
    pull(controller) {
      if (offset >= bytes.length) return controller.close();
      controller.enqueue(bytes.slice(offset, offset + chunk));
      offset += chunk;
    },
  });
}

async function errorOf(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new CheckFailed('expected an error, the call succeeded');
}

function describe(error: unknown): string {
  if (error instanceof CheckFailed) return error.message;
  const name = (error as { name?: unknown })?.name;
  const message = (error as { message?: unknown })?.message;
  return `${typeof name === 'string' ? name : 'Error'}: ${typeof message === 'string' ? message : String(error)}`;
}

/** Runs every capability once, in order; a failed one does not stop the others. */
export async function runConformance(env: ConformanceEnv): Promise<Cell[]> {
  const connection = { apiKey: env.apiKey, baseURL: env.baseURL, dangerouslyAllowBrowser: inBrowser };
  const client = new AnyInt(connection);
  let speech: Uint8Array | undefined;

  const tests: Record<Capability, () => Promise<string | undefined>> = {
    'browser opt-in': async () => {
      const { dangerouslyAllowBrowser: _, ...withoutOptIn } = connection;
      if (!inBrowser) {
        new AnyInt(withoutOptIn);
        return 'not a browser: no opt-in needed';
      }
      const error = await errorOf(Promise.resolve().then(() => new AnyInt(withoutOptIn)));
      check(AnyIntValidationError.isInstance(error), `refused with ${describe(error)}`);
      check(error.field === 'dangerouslyAllowBrowser', `field ${error.field}`);
      check(/exposed/.test(error.message), `message does not say the key is exposed: ${error.message}`);
      check(!error.message.includes(env.apiKey), 'the message contains the API key');
      return 'refused without dangerouslyAllowBrowser';
    },

    'embeddings float': async () => {
      const { input, dimensions, vector } = env.reference;
      const response = await client.embeddings.create({
        model: EMBEDDING_MODEL,
        input: [input, 'a fast brown fox leaps over a sleepy dog', 'quarterly tax filing deadlines'],
        dimensions,
        encoding_format: 'float',
      });
      const [first, near, far] = response.data.map((item) => item.embedding);
      check(response.data.length === 3 && first && near && far, `${response.data.length} embeddings`);
      sameVector(first, vector, 'float vector');
      check(cosine(first, near) > cosine(first, far), 'similar texts are not nearer than unrelated ones');
      return `${dimensions} dims, equal to plain HTTP`;
    },

    'embeddings base64': async () => {
      const { input, dimensions, vector } = env.reference;
      const response = await client.embeddings.create({
        model: EMBEDDING_MODEL,
        input,
        dimensions,
        encoding_format: 'base64',
      });
      // Asked as base64 on the wire (the runner checks the emulator saw it), decoded to numbers.
      const embedding = response.data[0]?.embedding;
      check(Array.isArray(embedding), `decoded to ${typeof embedding}, expected numbers`);
      sameVector(embedding, vector, 'base64 vector');
      const many = await client.embeddings.embedMany(
        { model: EMBEDDING_MODEL, input: [input, input, input], dimensions },
        { batchSize: 2, output: 'float32' },
      );
      check(many.embeddings.length === 3, `embedMany gave ${many.embeddings.length}`);
      for (const item of many.embeddings) sameVector(item, vector, 'embedMany vector');
      return 'decoded, equal to float; embedMany in 2 requests';
    },

    'core client': async () => {
      // The smallest build: the request path and only the resources passed to it.
      const { input, dimensions, vector } = env.reference;
      const embeddings = new Embeddings(new AnyIntCore(connection));
      const response = await embeddings.create({ model: EMBEDDING_MODEL, input, dimensions });
      const embedding = response.data[0]?.embedding;
      check(Array.isArray(embedding), `decoded to ${typeof embedding}, expected numbers`);
      sameVector(embedding, vector, 'core client vector');
      return 'AnyIntCore + Embeddings, equal to plain HTTP';
    },

    'image bytes': async () => {
      const response = await client.images.generate({
        model: 'dall-e-2',
        prompt: 'a lighthouse at dusk',
        size: '256x256',
        n: 2,
        response_format: 'b64_json',
      });
      check(response.data.length === 2, `${response.data.length} images, expected 2`);
      const sizes = [];
      for (const item of response.data) {
        const bytes = await imageBytes(item);
        const size = pngSize(bytes);
        check(size.width === 256 && size.height === 256, `PNG is ${size.width}x${size.height}`);
        sizes.push(bytes.length);
      }
      return `2 PNGs 256x256 (${sizes.join(', ')} bytes)`;
    },

    'speech bytes': async () => {
      const response = await client.audio.speech.create({
        model: 'tts-1',
        input: SENTENCE,
        voice: 'alloy',
        response_format: 'wav',
      });
      check(response.contentType.startsWith('audio/wav'), `content type ${response.contentType}`);
      speech = await response.bytes();
      const { sampleRate, dataBytes } = wavInfo(speech);
      check(dataBytes > sampleRate, `only ${dataBytes} bytes of samples`);
      check(speech.length >= dataBytes + 44, 'data chunk longer than the file');
      return `${speech.length} bytes WAV at ${sampleRate} Hz`;
    },

    'transcribe File/Blob': async () => {
      check(speech, 'no speech to transcribe (speech bytes failed)');
      const wav = speech as Uint8Array<ArrayBuffer>;
      const fromFile = await client.audio.transcriptions.create({
        file: new File([wav], 'fox.wav', { type: 'audio/wav' }),
        model: 'whisper-1',
      });
      check(fromFile.text.toLowerCase().includes(SENTENCE), `File: heard "${fromFile.text}"`);
      // A Blob has no name: the client names it from its type, as upstreams want an extension.
      const fromBlob = await client.audio.transcriptions.create({
        file: new Blob([wav], { type: 'audio/wav' }),
        model: 'whisper-1',
        response_format: 'text',
      });
      check(fromBlob.toLowerCase().includes(SENTENCE), `Blob: heard "${fromBlob}"`);
      const fromBytes = await client.audio.transcriptions.create({
        file: await toFile(wav, 'fox.wav'),
        model: 'whisper-1',
      });
      check(fromBytes.text.toLowerCase().includes(SENTENCE), `toFile: heard "${fromBytes.text}"`);
      return 'File, Blob and toFile(bytes) heard right';
    },

    'stream upload': async () => {
      check(speech, 'no speech to upload (speech bytes failed)');
      const wav = speech;
      const result = await client.audio.transcriptions.create({
        file: await toFile(streamOf(wav, 16 * 1024), 'fox.wav'),
        model: 'whisper-1',
      });
      check(result.text.toLowerCase().includes(SENTENCE), `heard "${result.text}"`);
      if (!inBrowser) return 'streamed';
      // Where a stream is read into memory first, the route's limit holds before anything is sent.
      const small = new AnyInt({ ...connection, maxAudioUploadBytes: 1024 });
      const error = await errorOf(
        small.audio.transcriptions.create({
          file: await toFile(streamOf(wav, 512), 'fox.wav'),
          model: 'whisper-1',
        }),
      );
      check(AnyIntValidationError.isInstance(error), `over the limit: ${describe(error)}`);
      check(/cannot stream/.test(error.message), `the refusal does not say why: ${error.message}`);
      return 'buffered; refused past the limit';
    },

    'file round trip': async () => {
      const bytes = testBytes(200 * 1024 + 7);
      const uploaded = await client.files.create({
        file: new File([bytes as Uint8Array<ArrayBuffer>], 'data.bin'),
        purpose: 'user_data',
      });
      check(uploaded.bytes === bytes.length, `uploaded ${uploaded.bytes} bytes, sent ${bytes.length}`);
      const content = await (await client.files.content(uploaded.id)).bytes();
      check(content.length === bytes.length, `downloaded ${content.length} bytes, uploaded ${bytes.length}`);
      const first = content.findIndex((byte, i) => byte !== bytes[i]);
      check(first === -1, `downloaded bytes differ at ${first}`);
      const fromBlob = await client.files.create({
        file: new Blob([bytes as Uint8Array<ArrayBuffer>], { type: 'application/octet-stream' }),
        purpose: 'user_data',
      });
      check(fromBlob.bytes === bytes.length, `Blob upload stored ${fromBlob.bytes} bytes`);
      await client.files.delete(uploaded.id);
      await client.files.delete(fromBlob.id);
      return `${bytes.length} bytes identical`;
    },

    'run stream': async () => {
      const assistant = await client.assistants.create({ model: 'gpt-4o-mini', name: 'conformance' });
      const thread = await client.threads.create({
        messages: [{ role: 'user', content: 'Where is my order 42?' }],
      });
      const stream = client.threads.runs.stream(thread.id, { assistant_id: assistant.id });
      const events: string[] = [];
      let text = '';
      for await (const event of stream) {
        events.push(event.event);
        if (event.event === 'thread.message.delta') text += deltaText(event.data);
      }
      check(events[0] === 'thread.run.created', `first event ${events[0]}`);
      check(events.includes('thread.message.delta'), 'no message deltas');
      check(events.includes('thread.run.completed'), 'no thread.run.completed');
      // The stream's `done` sentinel ends the iteration; the run's completion is the last event.
      check(events.at(-1) === 'thread.run.completed', `last event ${events.at(-1)}`);
      const run = await stream.finalRun();
      check(run.status === 'completed', `run ${run.status}`);
      const [message] = await stream.finalMessages();
      check(
        message && text.length > 0 && messageText(message) === text,
        'deltas do not add up to the message',
      );
      return `${events.length} events`;
    },

    abort: async () => {
      const controller = new AbortController();
      const pending = client.embeddings.create(
        { model: env.slowModel, input: 'slow' },
        { signal: controller.signal, maxRetries: 0 },
      );
      setTimeout(() => controller.abort(), 50);
      const error = await errorOf(pending);
      check(APIUserAbortError.isInstance(error), `aborted call threw ${describe(error)}`);
      const before = new AbortController();
      before.abort();
      const early = await errorOf(
        client.embeddings.create({ model: EMBEDDING_MODEL, input: 'x' }, { signal: before.signal }),
      );
      check(APIUserAbortError.isInstance(early), `pre-aborted call threw ${describe(early)}`);
      return 'APIUserAbortError';
    },

    timeout: async () => {
      // The emulator answers after slowMs: a client that ignored the timeout would get a result.
      const error = await errorOf(
        client.embeddings.create({ model: env.slowModel, input: 'slow' }, { timeout: 250, maxRetries: 0 }),
      );
      check(APITimeoutError.isInstance(error), `threw ${describe(error)}`);
      return `APITimeoutError (server holds ${env.slowMs} ms)`;
    },

    'retried 429': async () => {
      const response = await client.embeddings.create({ model: env.rateLimitedModel, input: 'again' });
      check(response.data[0]?.embedding.length, 'no embedding after the retry');
      return 'answered after one 429 (runner checks the emulator saw 2 requests)';
    },

    'ai-sdk embedMany': async () => {
      const anyint = createAnyInt(connection);
      const { input, vector } = env.reference;
      const { embeddings, usage } = await embedMany({
        model: anyint.embedding(EMBEDDING_MODEL),
        values: [input, 'quarterly tax filing deadlines'],
        providerOptions: { anyint: { dimensions: env.reference.dimensions } },
      });
      check(embeddings.length === 2, `${embeddings.length} embeddings`);
      sameVector(embeddings[0] as number[], vector, 'AI SDK vector');
      check(Number.isFinite(usage.tokens), `usage.tokens ${usage.tokens}`);
      return 'vectors equal to plain HTTP';
    },

    'ai-sdk generateImage': async () => {
      const anyint = createAnyInt(connection);
      const { images } = await generateImage({
        model: anyint.image('dall-e-2'),
        prompt: 'a lighthouse at dusk',
        size: '256x256',
      });
      check(images.length === 1, `${images.length} images`);
      const size = pngSize((images[0] as { uint8Array: Uint8Array }).uint8Array);
      check(size.width === 256 && size.height === 256, `PNG is ${size.width}x${size.height}`);
      return 'PNG 256x256';
    },
  };

  const cells: Cell[] = [];
  for (const capability of CAPABILITIES) {
    const started = Date.now();
    try {
      const detail = await tests[capability]();
      cells.push({ capability, ok: true, ms: Date.now() - started, ...(detail ? { detail } : {}) });
    } catch (error) {
      cells.push({ capability, ok: false, ms: Date.now() - started, detail: describe(error) });
    }
  }
  return cells;
}
