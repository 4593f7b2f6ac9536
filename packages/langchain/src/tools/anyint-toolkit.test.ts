import { AnyIntValidationError } from '@anyint/client';
import { HumanMessage, ToolMessage } from '@langchain/core/messages';
import { createAgent, FakeToolCallingModel } from 'langchain';
import { describe, expect, it } from 'vitest';
import { AnyIntToolkit, createAnyIntTools } from '../index.js';
import { useEmulator } from '../test-support.js';

const ctx = useEmulator();
const models = {
  imageModel: 'kling-v3-omni',
  speechModel: 'tts-1',
  transcriptionModel: 'whisper-1',
  translationModel: 'whisper-1',
  moderationModel: 'omni-moderation-latest',
};

describe('createAnyIntTools', () => {
  it('makes one tool for each model given', () => {
    const all = createAnyIntTools({ ...models, client: ctx.client() });
    expect(all.map((t) => t.name)).toEqual([
      'generate_image',
      'text_to_speech',
      'transcribe_audio',
      'translate_audio_to_english',
      'check_content_safety',
    ]);
    const some = new AnyIntToolkit({ moderationModel: 'omni-moderation-latest', client: ctx.client() });
    expect(some.getTools().map((t) => t.name)).toEqual(['check_content_safety']);
  });

  it('refuses options without any model', () => {
    expect(() => createAnyIntTools({ client: ctx.client() })).toThrow(AnyIntValidationError);
  });

  it('runs in a createAgent loop: tool calls become ToolMessages with artifacts', async () => {
    const model = new FakeToolCallingModel({
      toolCalls: [
        [
          { name: 'generate_image', args: { prompt: 'a red fox' }, id: 'img' },
          { name: 'check_content_safety', args: { text: 'have a nice day' }, id: 'mod' },
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
