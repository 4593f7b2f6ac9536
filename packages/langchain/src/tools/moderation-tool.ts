import type { Moderation, ModerationCreateResponse, ModerationModel } from '@anyint/client';
import { tool } from '@langchain/core/tools';
import { z } from 'zod';
import { type AnyIntClientOptions, requestOptions, resolveClient } from '../client-options.js';

/** Options of `createModerationTool`. */
export interface ModerationToolOptions extends AnyIntClientOptions {
  /** Moderation model id on the gateway, e.g. `'omni-moderation-latest'`. */
  model: ModerationModel;
  /** Tool name shown to the model. Default `'check_content_safety'`. */
  name?: string | undefined;
}

/** What the moderation tool's artifact carries. */
export interface ModerationArtifact {
  /** Whether any category was flagged. */
  flagged: boolean;
  /** The API response, with every category and score. */
  response: ModerationCreateResponse;
}

// Built by the factory, not at import: importing the package defines no schema.
function moderationInput() {
  return z.object({
    text: z.string().trim().min(1).max(32_000).describe('The text to check, exactly as written.'),
  });
}

/** Flagged categories, highest score first, as `'violence (0.93)'`. */
export function flaggedCategories(result: Moderation): string[] {
  return Object.entries(result.categories)
    .filter(([, flagged]) => flagged)
    .map(([name]) => [name, result.category_scores[name] ?? 0] as const)
    .sort((a, b) => b[1] - a[1])
    .map(([name, score]) => `${name} (${score.toFixed(2)})`);
}

/**
 * A LangChain tool that checks text for harmful content through AnyInt's `/moderations` route. The
 * content says whether the text is flagged and for what; the artifact carries the full response.
 *
 * @example
 * import { createModerationTool } from '@anyint/langchain';
 *
 * const moderate = createModerationTool({ model: 'omni-moderation-latest' });
 * const message = await moderate.invoke({ id: '1', name: 'check_content_safety', args: { text: 'I will hurt you' }, type: 'tool_call' });
 * console.log(message.content); // Flagged: violence (0.93), ...
 */
export function createModerationTool(options: ModerationToolOptions) {
  const client = resolveClient(options);
  return tool(
    async (input, config): Promise<[string, ModerationArtifact]> => {
      const response = await client.moderations.create(
        { model: options.model, input: input.text },
        requestOptions(options.maxRetries, config?.signal),
      );
      const result = response.results[0];
      const flagged = result?.flagged ?? false;
      const content =
        flagged && result
          ? `Flagged: ${flaggedCategories(result).join(', ') || 'no category named'}.`
          : 'Not flagged: no harmful content found.';
      return [content, { flagged, response }];
    },
    {
      name: options.name ?? 'check_content_safety',
      description:
        'Check a text for harmful content: harassment, hate, violence, self-harm, sexual or illicit ' +
        'content. Use it before repeating or publishing text you did not write. Says whether the text is ' +
        'flagged and for which categories.',
      schema: moderationInput(),
      responseFormat: 'content_and_artifact',
    },
  );
}
