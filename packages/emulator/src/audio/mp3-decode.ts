import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { MessageChannel, type MessagePort, receiveMessageOnPort, Worker } from 'node:worker_threads';

/**
 * `mpg123-decoder` (mpg123 compiled to WebAssembly) only initialises asynchronously, but transcription
 * is a synchronous function. So the decoder lives in a worker thread and this thread blocks on
 * `Atomics.wait` until the worker has answered; the answer is then taken off a MessagePort
 * synchronously. The worker is started on first use and never keeps the process alive.
 */

export interface Mp3Pcm {
  samples: Float32Array;
  sampleRate: number;
}

type Reply = { ok: true; samples: Float32Array; sampleRate: number } | { ok: false; message: string };

// Runs as CommonJS inside the worker; kept as a string so the bundled build needs no extra file.
const WORKER_SOURCE = `
const { workerData } = require('node:worker_threads');
const { port, signal, decoderUrl } = workerData;
const flag = new Int32Array(signal);
// The decoder logs every damaged frame; a transcription of a damaged file should not spam the console.
console.error = () => {};
const load = import(decoderUrl).then((m) => m.MPEGDecoder);
port.on('message', async (bytes) => {
  let reply;
  let transfer = [];
  try {
    const MPEGDecoder = await load;
    const decoder = new MPEGDecoder();
    await decoder.ready;
    const out = decoder.decode(bytes);
    decoder.free();
    const samples = out.channelData[0] ?? new Float32Array(0);
    reply = { ok: true, samples, sampleRate: out.sampleRate };
    transfer = [samples.buffer];
  } catch (error) {
    reply = { ok: false, message: String((error && error.message) || error) };
  }
  port.postMessage(reply, transfer);
  Atomics.store(flag, 0, 1);
  Atomics.notify(flag, 0);
});
`;

/** Generous: the first call also starts the worker and compiles the decoder (about 100 ms). */
const TIMEOUT_MS = 30_000;

let channel: { port: MessagePort; flag: Int32Array; worker: Worker } | undefined;
let broken: string | undefined;

function start(): NonNullable<typeof channel> {
  if (channel) return channel;
  const decoderPath = createRequire(import.meta.url).resolve('mpg123-decoder');
  const { port1, port2 } = new MessageChannel();
  const signal = new SharedArrayBuffer(4);
  const worker = new Worker(WORKER_SOURCE, {
    eval: true,
    workerData: { port: port2, signal, decoderUrl: pathToFileURL(decoderPath).href },
    transferList: [port2],
  });
  worker.unref();
  worker.on('error', (error) => {
    broken = error.message;
    channel = undefined;
  });
  channel = { port: port1, flag: new Int32Array(signal), worker };
  return channel;
}

/** Decodes MP3 bytes to mono samples (the first channel), or throws with the decoder's reason. */
export function decodeMp3(bytes: Uint8Array): Mp3Pcm {
  if (broken) throw new Error(`MP3 decoder unavailable: ${broken}`);
  const { port, flag } = start();
  Atomics.store(flag, 0, 0);
  // Posting a view clones its whole buffer: a Buffer sliced from Node's pool would send the pool.
  const whole = bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength;
  port.postMessage(whole ? bytes : bytes.slice());
  if (Atomics.wait(flag, 0, 0, TIMEOUT_MS) === 'timed-out') {
    // A late answer would be read as the next file's; start afresh next time.
    void channel?.worker.terminate();
    channel = undefined;
    throw new Error('MP3 decoder timed out');
  }
  const received = receiveMessageOnPort(port);
  if (!received) throw new Error('MP3 decoder gave no answer');
  const reply = received.message as Reply;
  if (!reply.ok) throw new Error(`MP3 decoder failed: ${reply.message}`);
  return { samples: reply.samples, sampleRate: reply.sampleRate };
}
