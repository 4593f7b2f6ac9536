import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AnyIntValidationError, AuthenticationError, UnsupportedRouteError } from '@anyint/client';
import { type BaseToolWithCall, callTool } from 'llamaindex';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createAnyIntImageTool,
  createAnyIntModerationTool,
  createAnyIntSpeechTool,
  createAnyIntTools,
  createAnyIntTranscriptionTool,
  createAnyIntTranslationTool,
} from '../index.js';
import { useEmulator } from '../test-support.js';

const ctx = useEmulator({ models: { 'no-images': { disabledRoutes: ['images'] } } });

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'anyint-llamaindex-tools-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const connection = () => ({ apiKey: ctx.apiKey, baseURL: ctx.emulator.url, outputDir: dir });
const allModels = {
  imageModel: 'gpt-image-1',
  speechModel: 'tts-1',
  transcriptionModel: 'whisper-1',
  translationModel: 'whisper-1',
  moderationModel: 'omni-moderation-latest',
};

/** Calls a tool the way an agent does, with any input, and returns what it threw. */
async function callRaw(tool: { call: (input: never) => unknown }, input: unknown): Promise<unknown> {
  try {
    return await tool.call(input as never);
  } catch (error) {
    return error;
  }
}

describe('createAnyIntTools', () => {
  it('creates one tool per model given, with JSON schemas for the LLM', () => {
    // Typed for agents: ReActAgent and LLMAgent take BaseToolWithCall[].
    const tools: BaseToolWithCall[] = createAnyIntTools({ ...connection(), ...allModels });
    expect(tools.map((t) => t.metadata.name)).toEqual([
      'generate_image',
      'text_to_speech',
      'transcribe_audio',
      'translate_audio_to_english',
      'moderate_text',
    ]);
    const image = tools[0]?.metadata.parameters as unknown as {
      properties: Record<string, unknown>;
      required: string[];
    };
    expect(Object.keys(image.properties)).toEqual(['prompt', 'size', 'n']);
    expect(image.required).toEqual(['prompt']);
    expect(createAnyIntTools({ ...connection(), moderationModel: 'm' }).map((t) => t.metadata.name)).toEqual([
      'moderate_text',
    ]);
    expect(() => createAnyIntTools(connection())).toThrow(/give at least one of imageModel/);
  });
});

describe('media tools', () => {
  it('generate_image saves base64 images as files and returns their path, type and size', async () => {
    const tool = createAnyIntImageTool({ ...connection(), model: 'gpt-image-1', responseFormat: 'b64_json' });
    const result = (await tool.call({ prompt: 'a red fox in snow', size: '1024x1024' })) as {
      images: { path: string; mime_type: string; size_bytes: number }[];
    };
    expect(result.images).toHaveLength(1);
    const [image] = result.images;
    expect(image?.mime_type).toBe('image/png');
    expect(image?.path.startsWith(dir)).toBe(true);
    const bytes = await readFile(image?.path ?? '');
    expect(bytes.subarray(1, 4).toString()).toBe('PNG');
    expect(image?.size_bytes).toBe(bytes.byteLength);
    expect(ctx.requestsTo('/images/generations')[0]?.body).toMatchObject({
      model: 'gpt-image-1',
      prompt: 'a red fox in snow',
      size: '1024x1024',
      response_format: 'b64_json',
    });
  });

  it('generate_image returns URLs as they came', async () => {
    const tool = createAnyIntImageTool({
      ...connection(),
      model: 'dall-e-2',
      responseFormat: 'url',
      size: '256x256',
    });
    const result = (await tool.call({ prompt: 'two owls', n: 2 })) as { images: { url: string }[] };
    expect(result.images).toHaveLength(2);
    const response = await fetch(result.images[0]?.url ?? '');
    expect(
      Buffer.from(await response.arrayBuffer())
        .subarray(1, 4)
        .toString(),
    ).toBe('PNG');
    expect(ctx.requestsTo('/images/generations')[0]?.body).toMatchObject({ n: 2, size: '256x256' });
  });

  it('text_to_speech saves audio that transcribe_audio and translate_audio read back', async () => {
    const speak = createAnyIntSpeechTool({ ...connection(), model: 'tts-1', format: 'wav' });
    const spoken = (await speak.call({ text: 'Your parcel arrives on Monday.', voice: 'nova' })) as {
      path: string;
      mime_type: string;
      size_bytes: number;
    };
    expect(spoken.path.endsWith('.wav')).toBe(true);
    expect((await stat(spoken.path)).size).toBe(spoken.size_bytes);
    expect(spoken.mime_type).toContain('audio/wav');
    expect(ctx.requestsTo('/audio/speech')[0]?.body).toMatchObject({ voice: 'nova', response_format: 'wav' });

    const transcribe = createAnyIntTranscriptionTool({ ...connection(), inputDir: dir, model: 'whisper-1' });
    const transcript = (await transcribe.call({ file_path: spoken.path, language: 'en' })) as {
      text: string;
    };
    expect(transcript.text.toLowerCase()).toBe('your parcel arrives on monday.');

    const translate = createAnyIntTranslationTool({ ...connection(), inputDir: dir, model: 'whisper-1' });
    const translation = (await translate.call({ file_path: spoken.path })) as { text: string };
    expect(translation.text.toLowerCase()).toBe('your parcel arrives on monday.');
    expect(ctx.requestsTo('/audio/translations')).toHaveLength(1);
    expect(ctx.requestsTo('/audio/transcriptions')).toHaveLength(1);
  });

  it('moderate_text lists the flagged categories with their scores', async () => {
    const moderate = createAnyIntModerationTool({ ...connection(), model: 'omni-moderation-latest' });
    const threat = (await moderate.call({ text: 'I will hurt you' })) as {
      flagged: boolean;
      categories: string[];
      scores: Record<string, number>;
    };
    expect(threat.flagged).toBe(true);
    expect(threat.categories).toContain('harassment/threatening');
    expect(Object.keys(threat.scores)).toEqual(threat.categories);
    expect(await moderate.call({ text: 'have a lovely day' })).toEqual({
      flagged: false,
      categories: [],
      scores: {},
      request_id: ctx.requestsTo('/moderations').at(-1)?.requestId,
    });
  });
});

describe('tool input validation', () => {
  const tools = () => {
    const [image, speech, transcribe, translate, moderate] = createAnyIntTools({
      ...connection(),
      ...allModels,
      inputDir: dir,
    });
    return { image, speech, transcribe, translate, moderate };
  };

  it.each([
    ['image', {}, 'prompt', /generate_image: `prompt` is required/],
    ['image', { prompt: 'fox', n: 9 }, 'n', /generate_image: `n` must be at most 4/],
    ['image', { prompt: 'fox', size: 'big' }, 'size', /`size` must be one of auto, 1024x1024/],
    ['speech', { text: '   ' }, 'text', /text_to_speech: `text` must not be empty/],
    ['speech', { text: 'hi', speed: 10 }, 'speed', /`speed` must be at most 4/],
    ['transcribe', { file_path: 'call.wav', language: 'English' }, 'language', /ISO-639-1/],
    ['translate', {}, 'file_path', /translate_audio_to_english: `file_path` is required/],
    ['moderate', { text: 42 }, 'text', /moderate_text: `text` must be a string/],
    ['moderate', 'not an object', 'input', /moderate_text: the input must be an object/],
  ] as const)('%s rejects %j naming %s, before any request', async (name, input, field, message) => {
    const error = await callRaw(tools()[name] as never, input);
    expect(AnyIntValidationError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ field });
    expect((error as Error).message).toMatch(message);
    expect(ctx.emulator.requests).toHaveLength(0);
  });

  it('rejects the promise call returns, and an agent shows the message to the model', async () => {
    const { image } = tools();
    await expect(image?.call({} as never)).rejects.toMatchObject({ field: 'prompt' });
    const logger = { log: () => undefined, warn: () => undefined, error: () => undefined };
    const output = await callTool(
      image,
      { id: 'call_1', name: 'generate_image', input: '{"size":"1024x1024"}' },
      logger,
    );
    expect(output).toMatchObject({ isError: true });
    expect(String(output.output)).toContain('`prompt` is required');
  });

  it('reads only audio files, inside inputDir, that exist', async () => {
    await writeFile(join(dir, 'notes.txt'), 'secret');
    const { transcribe } = tools();
    for (const [path, message] of [
      ['notes.txt', /is not an audio file; expected one of: wav/],
      ['../outside.wav', /is outside the input folder/],
      ['missing.wav', /no audio file at "missing.wav"/],
    ] as const) {
      const error = await callRaw(transcribe as never, { file_path: path });
      expect(error).toMatchObject({ field: 'file_path' });
      expect((error as Error).message).toMatch(message);
    }
    expect(ctx.emulator.requests).toHaveLength(0);
  });
});

describe('tool errors', () => {
  it('surfaces gateway errors as the client typed errors', async () => {
    const tool = createAnyIntImageTool({ ...connection(), model: 'no-images' });
    const error = await callRaw(tool as never, { prompt: 'a fox' });
    expect(UnsupportedRouteError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ model: 'no-images', route: 'POST /images/generations' });
  });

  it('never shows the API key in errors or tool metadata', async () => {
    const apiKey = `sk-wrong-${'y'.repeat(24)}`;
    const [moderate] = createAnyIntTools({
      apiKey,
      baseURL: ctx.emulator.url,
      moderationModel: 'omni-moderation-latest',
    });
    const error = await callRaw(moderate as never, { text: 'hello' });
    expect(AuthenticationError.isInstance(error)).toBe(true);
    for (const text of [String(error), JSON.stringify(error), JSON.stringify(moderate?.metadata)]) {
      expect(text).not.toContain(apiKey);
    }
  });
});
