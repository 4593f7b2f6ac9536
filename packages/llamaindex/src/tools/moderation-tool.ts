import type { Moderation, ModerationModel } from '@anyint/client';
import {
  flaggedCategories,
  moderationResults,
  moderationToolSpec,
  requestIdOf,
  TOOL_NAMES,
} from '@anyint/client/adapter-kit';
import { type AnyIntToolOptions, defineTool, type ToolRuntime, toolRuntime } from './tool-support.js';

export const MODERATION_TOOL_NAME = TOOL_NAMES.moderation;

export interface AnyIntModerationToolOptions extends AnyIntToolOptions {
  /** Moderation model id, e.g. `'omni-moderation-latest'`. */
  model: ModerationModel;
}

/** What the moderation tool returns. */
export type ModerationToolResult = {
  flagged: boolean;
  /** The flagged categories, highest score first. */
  categories: string[];
  /** The flagged categories' scores. */
  scores: Record<string, number>;
  request_id?: string;
};

/**
 * A LlamaIndex tool that checks text against moderation categories: `{ text }` -> `{ flagged,
 * categories, scores, request_id }`, where `categories` lists the flagged categories and `scores`
 * their scores. A response without a well-formed result rejects (`InvalidResponseError`) rather than
 * reading as "not flagged".
 *
 * @example
 * import { createAnyIntModerationTool } from '@anyint/llamaindex';
 *
 * const moderate = createAnyIntModerationTool({ model: 'omni-moderation-latest' });
 * const { flagged, categories } = await moderate.call({ text: userMessage });
 */
export function createAnyIntModerationTool(options: AnyIntModerationToolOptions) {
  return moderationTool(toolRuntime(options, 'createAnyIntModerationTool', { model: true }), options);
}

/** @internal */
export function moderationTool(runtime: ToolRuntime, options: { model: ModerationModel }) {
  return defineTool<{ text: string }, ModerationToolResult>(moderationToolSpec(), async (input) => {
    const response = await runtime.client.moderations.create(
      { model: options.model, input: input.text },
      runtime.requestOptions,
    );
    const [result] = moderationResults(response, 1) as [Moderation];
    const flagged = flaggedCategories(result);
    const requestId = requestIdOf(response);
    return {
      flagged: result.flagged,
      categories: flagged.map(({ category }) => category),
      scores: Object.fromEntries(flagged.map(({ category, score }) => [category, score])),
      ...(requestId && { request_id: requestId }),
    };
  });
}
