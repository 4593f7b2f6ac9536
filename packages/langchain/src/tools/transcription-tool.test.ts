import { mkdir, mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AnyIntValidationError, APIError, FileTooLargeError } from '@anyint/client';
import type { ToolSchema } from '@anyint/client/adapter-kit';
import { ToolMessage } from '@langchain/core/messages';
import { ToolInputParsingException } from '@langchain/core/tools';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTranscriptionTool, createTranslationTool } from '../index.js';
import { errorOf, useEmulator } from '../test-support.js';

const ctx = useEmulator();
const sentence = 'the quick brown fox jumps over the lazy dog';
let root: string;
let audioDir: string;
let wav: Buffer;
let server: Server;
let origin: string;

const call = (name: string, args: Record<string, unknown>) => ({
  id: 'call-4',
  name,
  args,
  type: 'tool_call' as const,
});

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'anyint-lc-audio-'));
  audioDir = join(root, 'uploads');
  await mkdir(join(audioDir, 'calls'), { recursive: true });
  const speech = await ctx.client().audio.speech.create({
    model: 'tts-1',
    input: sentence,
    voice: 'alloy',
    response_format: 'wav',
  });
  await speech.writeToFile(join(audioDir, 'calls', 'fox.wav'));
  wav = await readFile(join(audioDir, 'calls', 'fox.wav'));
  await writeFile(join(root, 'secret.wav'), wav);
  await writeFile(join(audioDir, 'notes.txt'), 'not audio');
  await symlink(join(root, 'secret.wav'), join(audioDir, 'escape.wav'));
  // A plain web server for audio URLs: one with an extension, one without (type from the header).
  server = createServer((request, response) => {
    if (request.url === '/talk.wav') response.writeHead(200, { 'content-type': 'audio/wav' }).end(wav);
    else if (request.url === '/stream/42')
      response.writeHead(200, { 'content-type': 'audio/x-wav' }).end(wav);
    else response.writeHead(404).end('missing');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
  await rm(root, { recursive: true, force: true });
});

describe('createTranscriptionTool', () => {
  it('transcribes a path inside the input folder into a ToolMessage', async () => {
    const transcribe = createTranscriptionTool({
      model: 'whisper-1',
      inputDir: audioDir,
      client: ctx.client(),
    });
    const message = await transcribe.invoke(
      call('transcribe_audio', { file_path: 'calls/fox.wav', language: 'en', prompt: 'fox, dog' }),
    );
    expect(ToolMessage.isInstance(message)).toBe(true);
    expect(String(message.content).toLowerCase()).toContain(sentence);
    expect(message.artifact.source).toBe('calls/fox.wav');
    expect(message.artifact.response.text).toBe(message.content);
    const parts = ctx.requestsTo('/audio/transcriptions')[0]?.parts ?? [];
    expect(parts.find((p) => p.name === 'file')).toMatchObject({ filename: 'fox.wav', size: wav.length });
    expect(parts.find((p) => p.name === 'language')?.value).toBe('en');
    expect(parts.find((p) => p.name === 'prompt')?.value).toBe('fox, dog');
  });

  it.each([
    ['a path above the folder', () => '../secret.wav', 'outside the input folder'],
    ['an absolute path elsewhere', () => join(root, 'secret.wav'), 'outside the input folder'],
    ['a symlink leading out', () => 'escape.wav', 'outside the input folder'],
    ['a file that is not audio', () => 'notes.txt', 'is not an audio file'],
    ['a missing file', () => 'calls/none.wav', 'no audio file'],
    ['a URL when URLs are not allowed', () => 'https://example.com/a.wav', 'URLs are not accepted'],
  ])('refuses %s before any request', async (_, audio, message) => {
    const transcribe = createTranscriptionTool({
      model: 'whisper-1',
      inputDir: audioDir,
      client: ctx.client(),
    });
    const error = await errorOf(transcribe.invoke(call('transcribe_audio', { file_path: audio() })));
    expect(AnyIntValidationError.isInstance(error)).toBe(true);
    expect((error as Error).message).toContain(message);
    expect((error as Error).message).not.toContain(audioDir);
    expect(ctx.emulator.requests).toHaveLength(0);
  });

  it('downloads http(s) URLs when allowed, naming uploads without an extension by their type', async () => {
    const transcribe = createTranscriptionTool({
      model: 'whisper-1',
      allowInputUrls: true,
      client: ctx.client(),
    });
    for (const path of ['/talk.wav', '/stream/42']) {
      const message = await transcribe.invoke(call('transcribe_audio', { file_path: origin + path }));
      expect(String(message.content).toLowerCase()).toContain(sentence);
    }
    const names = ctx
      .requestsTo('/audio/transcriptions')
      .map((r) => r.parts?.find((p) => p.name === 'file')?.filename);
    expect(names).toEqual(['talk.wav', '42.wav']);
    const missing = await errorOf(
      transcribe.invoke(call('transcribe_audio', { file_path: `${origin}/gone.wav` })),
    );
    // Downloaded through the client, so its typed errors: the storage host's 404.
    expect(APIError.isInstance(missing) && missing.status).toBe(404);
  });

  it('stops a download larger than the upload limit', async () => {
    const client = ctx.client({ maxAudioUploadBytes: 1000 });
    const transcribe = createTranscriptionTool({
      model: 'whisper-1',
      allowInputUrls: true,
      inputDir: audioDir,
      client,
    });
    const download = await errorOf(
      transcribe.invoke(call('transcribe_audio', { file_path: `${origin}/talk.wav` })),
    );
    expect((download as Error).message).toContain('larger than the 1000-byte upload limit');
    const local = await errorOf(transcribe.invoke(call('transcribe_audio', { file_path: 'calls/fox.wav' })));
    expect(FileTooLargeError.isInstance(local)).toBe(true);
    expect(ctx.emulator.requests).toHaveLength(0);
  });

  it('tells the model in the schema whether URLs are accepted', () => {
    const describeAudio = (allowInputUrls: boolean) => {
      const tool = createTranscriptionTool({ model: 'whisper-1', allowInputUrls, client: ctx.client() });
      return (tool.schema as unknown as ToolSchema).properties.file_path?.description;
    };
    expect(describeAudio(false)).not.toContain('URL');
    expect(describeAudio(true)).toContain('http(s) URL');
  });

  it("rejects a missing audio reference or a bad language code with LangChain's parsing error", async () => {
    const transcribe = createTranscriptionTool({
      model: 'whisper-1',
      inputDir: audioDir,
      client: ctx.client(),
    });
    for (const args of [{}, { file_path: 'calls/fox.wav', language: 'English' }]) {
      expect(await errorOf(transcribe.invoke(call('transcribe_audio', args)))).toBeInstanceOf(
        ToolInputParsingException,
      );
    }
  });
});

describe('createTranslationTool', () => {
  it('translates a recording into English text', async () => {
    const translate = createTranslationTool({ model: 'whisper-1', inputDir: audioDir, client: ctx.client() });
    const message = await translate.invoke(
      call('translate_audio_to_english', { file_path: 'calls/fox.wav' }),
    );
    expect(message.name).toBe('translate_audio_to_english');
    expect(String(message.content).toLowerCase()).toContain(sentence);
    expect(ctx.requestsTo('/audio/translations')).toHaveLength(1);
  });
});
