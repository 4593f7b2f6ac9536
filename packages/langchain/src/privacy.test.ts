import { randomBytes } from 'node:crypto';
import { inspect } from 'node:util';
import { AuthenticationError, BadRequestError } from '@anyint/client';
import { type Emulator, startEmulator } from '@anyint/emulator';
import { HumanMessage } from '@langchain/core/messages';
import { createAgent, FakeToolCallingModel } from 'langchain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AnyIntAudioTranscriptLoader, AnyIntEmbeddings, createAnyIntTools } from './index.js';
import { anyintModerationMiddleware } from './middleware.js';
import { errorOf } from './test-support.js';

// An upstream that echoes the caller's key in its error messages, the worst case for a leak.
const apiKey = `sk-private-${randomBytes(16).toString('hex')}`;
let emulator: Emulator;
let connection: { apiKey: string; baseURL: string; maxRetries: number };

beforeAll(async () => {
  emulator = await startEmulator({
    apiKey,
    faults: [{ kind: 'status', status: 400, message: `Invalid request for key ${apiKey}` }],
  });
  connection = { apiKey, baseURL: emulator.url, maxRetries: 0 };
});
afterAll(async () => {
  await emulator.close();
});

function expectNoKey(value: unknown, key = apiKey) {
  const views = [String(value), JSON.stringify(value) ?? '', inspect(value, { depth: 8, showHidden: true })];
  if (value instanceof Error) views.push(value.message, value.stack ?? '');
  for (const view of views) expect(view).not.toContain(key);
}

describe('the API key never leaks', () => {
  it('from the adapters themselves', () => {
    expectNoKey(new AnyIntEmbeddings({ model: 'text-embedding-3-small', ...connection }));
    expectNoKey(
      createAnyIntTools({
        imageModel: 'kling-v3-omni',
        moderationModel: 'omni-moderation-latest',
        ...connection,
      }),
    );
    expectNoKey(new AnyIntAudioTranscriptLoader(new Uint8Array([1]), { model: 'whisper-1', ...connection }));
  });

  it('from errors of embeddings, tools, the loader and the middleware', async () => {
    const embeddingError = await errorOf(
      new AnyIntEmbeddings({ model: 'text-embedding-3-small', ...connection }).embedQuery('hi'),
    );
    const [image] = createAnyIntTools({ imageModel: 'kling-v3-omni', ...connection });
    const toolError = await errorOf(
      image?.invoke({ id: '1', name: 'generate_image', args: { prompt: 'a fox' }, type: 'tool_call' }) ??
        Promise.resolve(),
    );
    const loaderError = await errorOf(
      new AnyIntAudioTranscriptLoader(new Uint8Array(Buffer.from('RIFF0000WAVEfmt ')), {
        model: 'whisper-1',
        ...connection,
      }).load(),
    );
    const middlewareError = await errorOf(
      createAgent({
        model: new FakeToolCallingModel(),
        middleware: [anyintModerationMiddleware(connection)],
      }).invoke({ messages: [new HumanMessage('hello')] }),
    );
    for (const error of [embeddingError, toolError, loaderError, middlewareError]) {
      expect(BadRequestError.isInstance(error)).toBe(true);
      expect((error as Error).message).toContain('[redacted]');
      expectNoKey(error);
    }
  });

  it('from tool errors an agent hands back to the model', async () => {
    const agent = createAgent({
      model: new FakeToolCallingModel({
        toolCalls: [[{ name: 'moderate_text', args: { text: 'hello' }, id: 'm1' }], []],
      }),
      tools: createAnyIntTools({ moderationModel: 'omni-moderation-latest', ...connection }),
    });
    const { messages } = await agent.invoke({ messages: [new HumanMessage('check this')] });
    const toolMessage = messages.find((m) => m.type === 'tool');
    expect(toolMessage?.text).toContain('BadRequestError');
    expectNoKey(messages);
  });

  it('from an authentication failure with a wrong key', async () => {
    const wrongKey = `sk-wrong-${randomBytes(8).toString('hex')}`;
    const error = await errorOf(
      new AnyIntEmbeddings({ model: 'm', apiKey: wrongKey, baseURL: emulator.url }).embedQuery('hi'),
    );
    expect(AuthenticationError.isInstance(error)).toBe(true);
    expectNoKey(error, wrongKey);
  });
});
