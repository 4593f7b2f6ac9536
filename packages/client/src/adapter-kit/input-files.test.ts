import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AnyInt, AnyIntValidationError } from '../index.js';
import { openAudioInput } from './input-files.js';

const WAV = Buffer.concat([Buffer.from('RIFF\0\0\0\0WAVEfmt '), Buffer.alloc(64, 1)]);
let root: string;
let outside: string;
let server: Server;
let base: string;
const seen: IncomingHttpHeaders[] = [];

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'anyint-inputs-'));
  outside = await mkdtemp(join(tmpdir(), 'anyint-outside-'));
  await mkdir(join(root, 'calls'));
  await writeFile(join(root, 'calls', 'a.wav'), WAV);
  await writeFile(join(outside, 'secret.wav'), WAV);
  await symlink(join(outside, 'secret.wav'), join(root, 'link.wav'));
  server = createServer((request, response) => {
    seen.push(request.headers);
    if (request.url === '/big') {
      response.writeHead(200, { 'content-type': 'audio/wav' });
      response.end(Buffer.alloc(2048));
      return;
    }
    response.writeHead(200, { 'content-type': 'audio/wav' });
    response.end(WAV);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.close();
  await rm(root, { recursive: true, force: true });
  await rm(outside, { recursive: true, force: true });
});

const client = (options: ConstructorParameters<typeof AnyInt>[0] = {}) =>
  new AnyInt({ apiKey: 'sk-input-test', baseURL: 'http://127.0.0.1:9/v1', ...options });

async function refusal(run: Promise<unknown>): Promise<string> {
  const error = await run.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  if (!AnyIntValidationError.isInstance(error)) throw new Error(`expected a validation error, got ${error}`);
  expect(error.field).toBe('file_path');
  return error.message;
}

describe('openAudioInput', () => {
  it('opens an audio file inside the input folder, relative or absolute', async () => {
    const options = { tool: 'transcribe_audio', client: client(), inputDir: root };
    expect((await openAudioInput('calls/a.wav', options)).name).toBe('a.wav');
    expect((await openAudioInput(join(root, 'calls', 'a.wav'), options)).size).toBe(WAV.length);
  });

  it('refuses paths outside the folder, symbolic links out of it, and files that are not audio', async () => {
    const options = { tool: 'transcribe_audio', client: client(), inputDir: root };
    expect(await refusal(openAudioInput(join(outside, 'secret.wav'), options))).toMatch(
      /outside the input folder/,
    );
    expect(await refusal(openAudioInput('../x/secret.wav', options))).toMatch(/no audio file|outside/);
    expect(await refusal(openAudioInput('link.wav', options))).toMatch(/outside the input folder/);
    expect(await refusal(openAudioInput('/etc/passwd', options))).toMatch(/not an audio file/);
  });

  it('confines to the working directory when no folder is given', async () => {
    const options = { tool: 'transcribe_audio', client: client() };
    expect(await refusal(openAudioInput(join(root, 'calls', 'a.wav'), options))).toMatch(
      /outside the input folder/,
    );
  });

  it('refuses URLs unless allowed, and downloads allowed ones through the client without the key', async () => {
    expect(await refusal(openAudioInput(`${base}/a.wav`, { tool: 't', client: client() }))).toMatch(
      /URLs are not/,
    );
    const fetched: string[] = [];
    const viaClient = client({
      fetch: (url, init) => {
        fetched.push(String(url));
        return fetch(url, init);
      },
    });
    seen.length = 0;
    const file = await openAudioInput(`${base}/talk`, { tool: 't', client: viaClient, allowInputUrls: true });
    expect(file.name).toBe('talk.wav');
    expect(file.size).toBe(WAV.length);
    expect(fetched).toEqual([`${base}/talk`]);
    expect(seen[0]?.authorization).toBeUndefined();
  });

  it("stops a download larger than the client's audio upload limit", async () => {
    const small = client({ maxAudioUploadBytes: 1024 });
    const options = { tool: 't', client: small, allowInputUrls: true };
    expect(await refusal(openAudioInput(`${base}/big`, options))).toMatch(/larger than the 1024-byte/);
  });
});
