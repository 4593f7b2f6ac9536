import { AnyIntError, type Moderation, type ModerationModel } from '@anyint/client';
import { moderationResults } from '@anyint/client/adapter-kit';
import { AIMessage, type BaseMessage, HumanMessage, ToolMessage } from '@langchain/core/messages';
import { type AgentMiddleware, createMiddleware } from 'langchain';
import { type AnyIntClientOptions, langchainConnection } from './connection.js';

/** Options of `anyintModerationMiddleware`; the same checks and behaviours as LangChain's `openAIModerationMiddleware`. */
export interface AnyIntModerationMiddlewareOptions extends AnyIntClientOptions {
  /** Moderation model id on the gateway. Default `'omni-moderation-latest'`. */
  model?: ModerationModel | undefined;
  /** Check the user's latest message before the model answers it. Default `true`. */
  checkInput?: boolean | undefined;
  /** Check each model answer. Default `true`. */
  checkOutput?: boolean | undefined;
  /** Check tool results before the model reads them. Default `false`. */
  checkToolResults?: boolean | undefined;
  /**
   * What to do with flagged content: `'end'` stops the agent with an AI message saying why, `'error'`
   * throws `AnyIntModerationError`, `'replace'` swaps the flagged message's text for the violation
   * message (a flagged model answer also loses its tool calls) and goes on. Default `'end'`.
   */
  exitBehavior?: 'error' | 'end' | 'replace' | undefined;
  /**
   * Text of the violation message, with placeholders `{categories}`, `{category_scores}` (JSON) and
   * `{original_content}`. Default: "I'm sorry, but I can't comply with that request. It was flagged for {categories}."
   */
  violationMessage?: string | undefined;
}

const OWN_OPTIONS: Record<
  Exclude<keyof AnyIntModerationMiddlewareOptions, keyof AnyIntClientOptions>,
  true
> = {
  model: true,
  checkInput: true,
  checkOutput: true,
  checkToolResults: true,
  exitBehavior: true,
  violationMessage: true,
};

/** Where flagged content was found. */
export type ModerationStage = 'input' | 'output' | 'tool';

const DEFAULT_VIOLATION_TEMPLATE =
  "I'm sorry, but I can't comply with that request. It was flagged for {categories}.";

/** Thrown by `anyintModerationMiddleware` with `exitBehavior: 'error'` when content is flagged. */
export class AnyIntModerationError extends AnyIntError {
  static override readonly kind: string = 'AnyIntModerationError';
  /** The flagged text. */
  readonly content: string;
  /** Where it was found. */
  readonly stage: ModerationStage;
  /** The moderation result that flagged it. */
  readonly result: Moderation;

  constructor(init: { message: string; content: string; stage: ModerationStage; result: Moderation }) {
    super(init.message);
    this.content = init.content;
    this.stage = init.stage;
    this.result = init.result;
  }
}

type Update = { messages: BaseMessage[]; jumpTo?: 'end' };

function lastIndexOf(messages: BaseMessage[], isKind: (message: BaseMessage) => boolean): number {
  for (let i = messages.length - 1; i >= 0; i--) if (isKind(messages[i] as BaseMessage)) return i;
  return -1;
}

function textOf(message: BaseMessage): string {
  return message.content == null ? '' : message.text;
}

/**
 * An agent middleware that moderates user input, model output and (optionally) tool results through
 * AnyInt's `/moderations` route, so it works with any chat model. The options and behaviours are
 * those of LangChain's `openAIModerationMiddleware`, except that `model` names the moderation model
 * (no chat model is needed). Moderation requests fail with the client's typed errors.
 *
 * @example
 * import { anyintModerationMiddleware } from '@anyint/langchain/middleware';
 * import { createAgent } from 'langchain';
 *
 * const agent = createAgent({
 *   model: 'anthropic:claude-sonnet-4-5',
 *   middleware: [anyintModerationMiddleware({ model: 'omni-moderation-latest', exitBehavior: 'replace' })],
 * });
 */
export function anyintModerationMiddleware(options: AnyIntModerationMiddlewareOptions = {}): AgentMiddleware {
  const {
    model = 'omni-moderation-latest',
    checkInput = true,
    checkOutput = true,
    checkToolResults = false,
    exitBehavior = 'end',
    violationMessage = DEFAULT_VIOLATION_TEMPLATE,
  } = options;
  const { client, requestOptions } = langchainConnection(options, 'anyintModerationMiddleware', OWN_OPTIONS);

  const moderate = async (texts: string[], signal: AbortSignal | undefined): Promise<Moderation[]> => {
    const response = await client.moderations.create({ model, input: texts }, requestOptions(signal));
    // One checked result per text: a malformed answer fails the step instead of letting content through.
    return moderationResults(response, texts.length);
  };

  const formatViolation = (content: string, result: Moderation): string => {
    const categories = Object.entries(result.categories)
      .filter(([, flagged]) => flagged)
      .map(([name]) => name.replace(/_/g, ' '));
    return violationMessage
      .replaceAll('{categories}', categories.length > 0 ? categories.join(', ') : 'the content policy')
      .replaceAll('{category_scores}', JSON.stringify(result.category_scores, null, 2))
      .replaceAll('{original_content}', content);
  };

  /** Applies `exitBehavior` to the flagged message at `index`. */
  const violation = (
    messages: BaseMessage[],
    index: number,
    stage: ModerationStage,
    content: string,
    result: Moderation,
  ): Update => {
    const text = formatViolation(content, result);
    if (exitBehavior === 'error') throw new AnyIntModerationError({ message: text, content, stage, result });
    if (exitBehavior === 'end') return { jumpTo: 'end', messages: [new AIMessage({ content: text })] };
    const original = messages[index] as BaseMessage;
    const replaced = [...messages];
    // Same id, so the agent's message reducer replaces the message instead of appending one.
    if (AIMessage.isInstance(original)) {
      // A flagged answer must not go on to call tools with what it asked for.
      replaced[index] = new AIMessage({ id: original.id, content: text });
    } else if (ToolMessage.isInstance(original)) {
      // Without the artifact too: it may carry what was flagged.
      replaced[index] = new ToolMessage({
        id: original.id,
        content: text,
        tool_call_id: original.tool_call_id,
        name: original.name,
      });
    } else {
      replaced[index] = new HumanMessage({ id: original.id, content: text, name: original.name });
    }
    return { messages: replaced };
  };

  const moderateToolResults = async (messages: BaseMessage[], signal: AbortSignal | undefined) => {
    const lastAI = lastIndexOf(messages, AIMessage.isInstance);
    if (lastAI < 0) return undefined;
    const pending: { index: number; text: string }[] = [];
    for (let i = lastAI + 1; i < messages.length; i++) {
      const message = messages[i] as BaseMessage;
      const text = ToolMessage.isInstance(message) ? textOf(message) : '';
      if (text) pending.push({ index: i, text });
    }
    if (pending.length === 0) return undefined;
    // One request for all the tool results of a step.
    const results = await moderate(
      pending.map((p) => p.text),
      signal,
    );
    let working = messages;
    let changed = false;
    for (const [n, { index, text }] of pending.entries()) {
      const result = results[n];
      if (!result?.flagged) continue;
      const update = violation(working, index, 'tool', text, result);
      if (update.jumpTo) return update;
      working = update.messages;
      changed = true;
    }
    return changed ? { messages: working } : undefined;
  };

  const moderateInput = async (messages: BaseMessage[], signal: AbortSignal | undefined) => {
    const index = lastIndexOf(messages, HumanMessage.isInstance);
    // Only a message the model has not answered yet: it was checked before the first model call.
    if (index < 0 || index < lastIndexOf(messages, AIMessage.isInstance)) return undefined;
    const text = textOf(messages[index] as BaseMessage);
    if (!text) return undefined;
    const [result] = await moderate([text], signal);
    return result?.flagged ? violation(messages, index, 'input', text, result) : undefined;
  };

  return createMiddleware({
    name: 'AnyIntModerationMiddleware',
    beforeModel: {
      canJumpTo: ['end'],
      hook: async (state, runtime) => {
        if (!checkInput && !checkToolResults) return undefined;
        let messages: BaseMessage[] = state.messages ?? [];
        let changed = false;
        if (checkToolResults) {
          const update = await moderateToolResults(messages, runtime.signal);
          if (update?.jumpTo) return update;
          if (update) {
            messages = update.messages;
            changed = true;
          }
        }
        if (checkInput) {
          const update = await moderateInput(messages, runtime.signal);
          if (update?.jumpTo) return update;
          if (update) {
            messages = update.messages;
            changed = true;
          }
        }
        return changed ? { messages } : undefined;
      },
    },
    afterModel: {
      canJumpTo: ['end'],
      hook: async (state, runtime) => {
        if (!checkOutput) return undefined;
        const messages: BaseMessage[] = state.messages ?? [];
        const index = lastIndexOf(messages, AIMessage.isInstance);
        if (index < 0) return undefined;
        const text = textOf(messages[index] as BaseMessage);
        if (!text) return undefined;
        const [result] = await moderate([text], runtime.signal);
        return result?.flagged ? violation(messages, index, 'output', text, result) : undefined;
      },
    },
  });
}
