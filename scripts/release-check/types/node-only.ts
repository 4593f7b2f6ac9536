// The Node-only packages, and Node's own values in the client's options, compiled only with @types/node.
import { createReadStream } from 'node:fs';
import { Readable } from 'node:stream';
import { runCli } from '@anyint/cli';
import { AnyInt } from '@anyint/client';
import { type Emulator, startEmulator } from '@anyint/emulator';
import { Agent } from 'undici';

export const started: Promise<Emulator> = startEmulator({ apiKey: 'key' });
export const cli: typeof runCli = runCli;

// The client names these by shape (DispatcherLike, NodeReadableLike): undici's and Node's must fit.
const client = new AnyInt({ apiKey: 'key', dispatcher: new Agent({ connections: 1 }) });
export const transcribed = client.audio.transcriptions.create({
  file: createReadStream('a.wav'),
  model: 'whisper-1',
});
export const uploaded = client.files.create({ file: Readable.from([new Uint8Array(1)]), purpose: 'batch' });
