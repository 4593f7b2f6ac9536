import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AnyIntValidationError } from '@anyint/client';
import { HumanMessage, ToolMessage } from '@langchain/core/messages';
import { createAgent, FakeToolCallingModel } from 'langchain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AnyIntToolkit, createAnyIntTools } from '../index.js';
import { useEmulator } from '../test-support.js';

const ctx = useEmulator({ timeScale: 50 });
let outputDir: string;
beforeAll(async () => {
  outputDir = await mkdtemp(join(tmpdir(), 'anyint-langchain-toolkit-'));
});
afterAll(async () => {
  await rm(outputDir, { recursive: true, force: true });
});
const models = {
  imageModel: 'kling-v3-omni',
  speechModel: 'tts-1',
  transcriptionModel: 'whisper-1',
  translationModel: 'whisper-1',
  moderationModel: 'omni-moderation-latest',
  videoModel: 'kling-v3',
};

describe('createAnyIntTools', () => {
  it('makes one tool for each model given', () => {
    const all = createAnyIntTools({ ...models, client: ctx.client() });
    expect(all.map((t) => t.name)).toEqual([
      'generate_image',
      'text_to_speech',
      'transcribe_audio',
      'translate_audio_to_english',
      'moderate_text',
      'generate_video',
    ]);
    const some = new AnyIntToolkit({ moderationModel: 'omni-moderation-latest', client: ctx.client() });
    expect(some.getTools().map((t) => t.name)).toEqual(['moderate_text']);
  });

  it('passes the video defaults to the generate_video tool', async () => {
    const [video] = createAnyIntTools({
      videoModel: 'kling-v3',
      videoSeconds: '10',
      videoSize: '720x1280',
      outputDir,
      client: ctx.client(),
    });
    const message = await video?.invoke({
      id: 'vid',
      name: 'generate_video',
      args: { prompt: 'a paper boat' },
      type: 'tool_call',
    });
    expect(message.artifact.job).toMatchObject({ status: 'completed', seconds: '10', size: '720x1280' });
    expect(ctx.requestsTo('/videos')[0]?.body).toMatchObject({ seconds: '10', size: '720x1280' });
  });

  it('refuses options without any model', () => {
    expect(() => createAnyIntTools({ client: ctx.client() })).toThrow(AnyIntValidationError);
  });

  it('runs in a createAgent loop: tool calls become ToolMessages with artifacts', async () => {
    const model = new FakeToolCallingModel({
      toolCalls: [
        [
          { name: 'generate_image', args: { prompt: 'a red fox' }, id: 'img' },
          { name: 'moderate_text', args: { text: 'have a nice day' }, id: 'mod' },
        ],
        [],
      ],
    });
    const agent = createAgent({ model, tools: createAnyIntTools({ ...models, client: ctx.client() }) });
    const { messages } = await agent.invoke({ messages: [new HumanMessage('draw a fox and check my text')] });
    const results = messages.filter((m) => ToolMessage.isInstance(m));
    expect(results.map((m) => m.tool_call_id).sort()).toEqual(['img', 'mod']);
    const image = results.find((m) => m.tool_call_id === 'img');
    expect(image?.artifact.images[0].url).toMatch(/\.png$/);
    expect(image?.content).toContain(image?.artifact.images[0].url);
    expect(results.find((m) => m.tool_call_id === 'mod')?.content).toBe(
      'Not flagged: no harmful content found.',
    );
    expect(ctx.emulator.requests.map((r) => r.path.replace(/.*\/v1/, '')).sort()).toEqual([
      '/images/generations',
      '/moderations',
    ]);
  });
});
