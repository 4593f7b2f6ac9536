import { UnsupportedRouteError } from '@anyint/client';
import { AIMessage, type BaseMessage, HumanMessage, ToolMessage } from '@langchain/core/messages';
import { tool } from '@langchain/core/tools';
import { createAgent, FakeToolCallingModel } from 'langchain';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  AnyIntModerationError,
  type AnyIntModerationMiddlewareOptions,
  anyintModerationMiddleware,
} from './middleware.js';
import { errorOf, useEmulator } from './test-support.js';

const ctx = useEmulator({ models: { 'no-moderation': { disabledRoutes: ['moderations'] } } });
const threat = 'I will hurt you';

const lookup = tool(
  async ({ topic }) => (topic === 'bad' ? 'They said: watch your back, I will hurt you' : 'All good here'),
  {
    name: 'lookup',
    description: 'Look something up.',
    schema: z.object({ topic: z.string() }),
  },
);

function agentWith(
  options: AnyIntModerationMiddlewareOptions,
  toolCalls: { name: string; args: Record<string, unknown>; id: string }[][] = [],
) {
  return createAgent({
    model: new FakeToolCallingModel({ toolCalls }),
    tools: [lookup],
    middleware: [anyintModerationMiddleware({ client: ctx.client(), ...options })],
  });
}

const moderated = () => ctx.requestsTo('/moderations').map((r) => (r.body as { input: string[] }).input);
const aiTexts = (messages: BaseMessage[]) =>
  messages.filter((m) => AIMessage.isInstance(m)).map((m) => m.text);

describe('anyintModerationMiddleware', () => {
  it('ends the run on flagged input with a message naming the categories, before the model runs', async () => {
    const { messages } = await agentWith({}).invoke({ messages: [new HumanMessage(threat)] });
    expect(messages).toHaveLength(2);
    const last = messages.at(-1) as BaseMessage;
    expect(AIMessage.isInstance(last)).toBe(true);
    expect(last.text).toMatch(
      /^I'm sorry, but I can't comply with that request\. It was flagged for .*harassment\/threatening/,
    );
    expect(last.text).toContain('violence');
    // Only the input was moderated: the model never answered, so there was no output to check.
    expect(moderated()).toEqual([[threat]]);
  });

  it('throws AnyIntModerationError with the stage, content and result when exitBehavior is error', async () => {
    const error = await errorOf(
      agentWith({ exitBehavior: 'error' }).invoke({ messages: [new HumanMessage(threat)] }),
    );
    expect(AnyIntModerationError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ name: 'AnyIntModerationError', stage: 'input', content: threat });
    expect((error as AnyIntModerationError).result.flagged).toBe(true);
  });

  it('replaces flagged input with the violation message and lets the model answer that', async () => {
    const { messages } = await agentWith({
      exitBehavior: 'replace',
      checkOutput: false,
      violationMessage: 'Removed ({categories}): {original_content}',
    }).invoke({ messages: [new HumanMessage(`${threat}!`)] });
    expect(HumanMessage.isInstance(messages[0])).toBe(true);
    expect(messages[0]?.text).toMatch(/^Removed \(.*violence.*\): I will hurt you!$/);
    expect(messages).toHaveLength(2);
    // The fake model echoes what it was sent: the replaced text.
    expect(aiTexts(messages)).toEqual([messages[0]?.text]);
  });

  it('ends on a flagged model answer, without running its tool calls', async () => {
    const agent = agentWith({ checkInput: false }, [[{ name: 'lookup', args: { topic: 'x' }, id: 't1' }]]);
    const { messages } = await agent.invoke({ messages: [new HumanMessage('stab the pillow')] });
    expect(messages.some((m) => ToolMessage.isInstance(m))).toBe(false);
    expect(messages.at(-1)?.text).toBe(
      "I'm sorry, but I can't comply with that request. It was flagged for violence.",
    );
    expect(moderated()).toEqual([['stab the pillow']]);
  });

  it('replaces a flagged model answer and drops its tool calls', async () => {
    const agent = agentWith({ checkInput: false, exitBehavior: 'replace', violationMessage: 'withheld' }, [
      [{ name: 'lookup', args: { topic: 'x' }, id: 't1' }],
    ]);
    const { messages } = await agent.invoke({ messages: [new HumanMessage('stab the pillow')] });
    expect(messages).toHaveLength(2);
    const answer = messages[1] as AIMessage;
    expect(answer.text).toBe('withheld');
    expect(answer.tool_calls ?? []).toEqual([]);
  });

  it('checks tool results in one request per step and ends or replaces as configured', async () => {
    const calls = [
      [
        { name: 'lookup', args: { topic: 'bad' }, id: 't1' },
        { name: 'lookup', args: { topic: 'good' }, id: 't2' },
      ],
      [],
    ];
    const ended = await agentWith(
      { checkToolResults: true, checkInput: false, checkOutput: false },
      calls,
    ).invoke({
      messages: [new HumanMessage('look it up')],
    });
    expect(ended.messages.at(-1)?.text).toContain('flagged for');
    expect(AIMessage.isInstance(ended.messages.at(-1))).toBe(true);
    expect(moderated()).toEqual([['They said: watch your back, I will hurt you', 'All good here']]);

    ctx.emulator.reset();
    const replaced = await agentWith(
      {
        checkToolResults: true,
        checkInput: false,
        checkOutput: false,
        exitBehavior: 'replace',
        violationMessage: '[removed]',
      },
      calls,
    ).invoke({ messages: [new HumanMessage('look it up')] });
    const results = replaced.messages.filter((m) => ToolMessage.isInstance(m)) as ToolMessage[];
    expect(results.map((m) => [m.tool_call_id, m.text])).toEqual([
      ['t1', '[removed]'],
      ['t2', 'All good here'],
    ]);
    // The model read the replaced result, never the flagged one.
    expect(aiTexts(replaced.messages).at(-1)).toContain('[removed]');
    expect(aiTexts(replaced.messages).join(' ')).not.toContain('watch your back');
  });

  it('checks the user message once per turn and every model answer, through a tool loop', async () => {
    const agent = agentWith({}, [[{ name: 'lookup', args: { topic: 'good' }, id: 't1' }], []]);
    const { messages } = await agent.invoke({ messages: [new HumanMessage('look up the weather')] });
    expect(messages.map((m) => m.type)).toEqual(['human', 'ai', 'tool', 'ai']);
    const inputs = moderated();
    expect(inputs).toHaveLength(3);
    expect(inputs[0]).toEqual(['look up the weather']);
    expect(ctx.requestsTo('/moderations')[0]?.body).toMatchObject({ model: 'omni-moderation-latest' });
  });

  it('fails the run with the typed error when moderation is unavailable', async () => {
    const error = await errorOf(
      agentWith({ model: 'no-moderation' }).invoke({ messages: [new HumanMessage('hello')] }),
    );
    expect(UnsupportedRouteError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ model: 'no-moderation', route: 'POST /moderations' });
  });
});
