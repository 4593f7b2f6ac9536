import type { Moderation, ModerationCreateResponse, ModerationModel } from '@anyint/client';
import {
  flaggedCategories,
  moderationResults,
  moderationToolSpec,
  requestIdOf,
} from '@anyint/client/adapter-kit';
import { type AnyIntClientOptions, langchainConnection } from '../connection.js';
import { defineTool } from './tool-support.js';

/** Options of `createModerationTool`. */
export interface ModerationToolOptions extends AnyIntClientOptions {
  /** Moderation model id on the gateway, e.g. `'omni-moderation-latest'`. */
  model: ModerationModel;
  /** Tool name shown to the model. Default `'moderate_text'`. */
  name?: string | undefined;
}

const OWN_OPTIONS: Record<Exclude<keyof ModerationToolOptions, keyof AnyIntClientOptions>, true> = {
  model: true,
  name: true,
};

/** What the moderation tool's artifact carries. */
export interface ModerationArtifact {
  /** Whether any category was flagged. */
  flagged: boolean;
  /** The one result, checked (a malformed answer throws `InvalidResponseError` instead). */
  result: Moderation;
  /** The API response, with every category and score. */
  response: ModerationCreateResponse;
  /** Request id of the call, when the gateway sent one. */
  requestId?: string;
}

/**
 * A LangChain tool that checks text for harmful content through AnyInt's `/moderations` route:
 * `{ text }`. The content says whether the text is flagged and for what; the artifact carries the
 * result, the full response and the request id. A response without a well-formed result fails the
 * call (`InvalidResponseError`) rather than reading as "not flagged".
 *
 * @example
 * import { createModerationTool } from '@anyint/langchain';
 *
 * const moderate = createModerationTool({ model: 'omni-moderation-latest' });
 * const message = await moderate.invoke({ id: '1', name: 'moderate_text', args: { text: 'I will hurt you' }, type: 'tool_call' });
 * console.log(message.content); // Flagged: violence (0.93), ...
 */
export function createModerationTool(options: ModerationToolOptions) {
  const { client, requestOptions } = langchainConnection(options, 'createModerationTool', OWN_OPTIONS);
  return defineTool<{ text: string }, ModerationArtifact>(
    moderationToolSpec(),
    options.name,
    async (input, config) => {
      const response = await client.moderations.create(
        { model: options.model, input: input.text },
        requestOptions(config?.signal),
      );
      const [result] = moderationResults(response, 1) as [Moderation];
      const categories = flaggedCategories(result).map(
        ({ category, score }) => `${category} (${score.toFixed(2)})`,
      );
      const content = result.flagged
        ? `Flagged: ${categories.join(', ') || 'no category named'}.`
        : 'Not flagged: no harmful content found.';
      const requestId = requestIdOf(response);
      return [content, { flagged: result.flagged, result, response, ...(requestId && { requestId }) }];
    },
  );
}
