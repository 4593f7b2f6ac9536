import { InternalServerError } from '@anyint/client';
import { ToolMessage } from '@langchain/core/messages';
import { ToolInputParsingException } from '@langchain/core/tools';
import { describe, expect, it } from 'vitest';
import { createModerationTool } from '../index.js';
import { errorOf, useEmulator } from '../test-support.js';

const ctx = useEmulator({ faults: [{ kind: 'status', status: 503, model: 'down' }] });
const call = (args: Record<string, unknown>) => ({
  id: 'call-3',
  name: 'moderate_text',
  args,
  type: 'tool_call' as const,
});

describe('createModerationTool', () => {
  it('says what a flagged text is flagged for, highest score first', async () => {
    const moderate = createModerationTool({ model: 'omni-moderation-latest', client: ctx.client() });
    const message = await moderate.invoke(call({ text: 'I will hurt you, watch your back' }));
    expect(ToolMessage.isInstance(message)).toBe(true);
    expect(message.artifact.flagged).toBe(true);
    const result = message.artifact.response.results[0];
    expect(result?.categories['harassment/threatening']).toBe(true);
    expect(message.content).toMatch(/^Flagged: .*harassment\/threatening \(\d\.\d\d\)/);
    const scores = [...String(message.content).matchAll(/\((\d\.\d\d)\)/g)].map((m) => Number(m[1]));
    expect(scores).toEqual([...scores].sort((a, b) => b - a));
    expect(ctx.requestsTo('/moderations')[0]?.body).toEqual({
      model: 'omni-moderation-latest',
      input: 'I will hurt you, watch your back',
    });
  });

  it('says a clean text is not flagged', async () => {
    const moderate = createModerationTool({ model: 'omni-moderation-latest', client: ctx.client() });
    const message = await moderate.invoke(call({ text: 'have a lovely day' }));
    expect(message.content).toBe('Not flagged: no harmful content found.');
    expect(message.artifact.flagged).toBe(false);
  });

  it("rejects missing text with LangChain's parsing error", async () => {
    const moderate = createModerationTool({ model: 'omni-moderation-latest', client: ctx.client() });
    expect(await errorOf(moderate.invoke(call({})))).toBeInstanceOf(ToolInputParsingException);
    expect(ctx.emulator.requests).toHaveLength(0);
  });

  it('surfaces a gateway failure as the typed error after the client retries', async () => {
    const moderate = createModerationTool({ model: 'down', maxRetries: 0, client: ctx.client() });
    const error = await errorOf(moderate.invoke(call({ text: 'hello' })));
    expect(InternalServerError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ status: 503 });
    expect(ctx.requestsTo('/moderations')).toHaveLength(1);
  });
});
