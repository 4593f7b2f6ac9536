import type { ModerationModel } from '@anyint/client';
import { z } from 'zod';
import { type AnyIntToolOptions, defineTool, type ToolRuntime, toolRuntime } from './tool-support.js';

export const MODERATION_TOOL_NAME = 'moderate_text';

export const moderationToolInput = z.object({
  text: z.string().trim().min(1).describe('The text to check.'),
});

export interface AnyIntModerationToolOptions extends AnyIntToolOptions {
  /** Moderation model id, e.g. `'omni-moderation-latest'`. */
  model: ModerationModel;
}

/**
 * A LlamaIndex tool that checks text against moderation categories: `{ text }` -> `{ flagged,
 * categories, scores }`, where `categories` lists the flagged categories and `scores` their scores.
 *
 * @example
 * import { createAnyIntModerationTool } from '@anyint/llamaindex';
 *
 * const moderate = createAnyIntModerationTool({ model: 'omni-moderation-latest' });
 * const { flagged, categories } = await moderate.call({ text: userMessage });
 */
export function createAnyIntModerationTool(options: AnyIntModerationToolOptions) {
  return moderationTool(toolRuntime(options), options);
}

/** @internal */
export function moderationTool(runtime: ToolRuntime, options: { model: ModerationModel }) {
  return defineTool({
    name: MODERATION_TOOL_NAME,
    description:
      'Checks text for harmful content (harassment, hate, violence, self-harm, sexual content, ...). ' +
      'Returns whether it is flagged and which categories.',
    parameters: moderationToolInput,
    execute: async (input) => {
      const { results } = await runtime.client.moderations.create({
        model: options.model,
        input: input.text,
      });
      const [result] = results;
      const categories = Object.entries(result?.categories ?? {})
        .filter(([, flagged]) => flagged)
        .map(([name]) => name);
      const scores: Record<string, number> = {};
      for (const name of categories) {
        const score = result?.category_scores?.[name];
        if (typeof score === 'number') scores[name] = score;
      }
      return { flagged: result?.flagged ?? false, categories, scores };
    },
  });
}
