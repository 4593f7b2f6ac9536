import type { EmbeddingModelV3, SharedV3Warning } from '@ai-sdk/provider';
import { TooManyEmbeddingValuesForCallError } from '@ai-sdk/provider';
import { definedFields, requestOptionsOf } from '../anyint-config.js';
import { callAnyInt } from '../anyint-error.js';
import { AnyIntModel } from '../anyint-model.js';
import { type AnyIntEmbeddingModelId, anyintEmbeddingOptionsSchema } from './anyint-embedding-options.js';

type DoEmbed = EmbeddingModelV3['doEmbed'];

/**
 * An AI SDK embedding model on AnyInt's `/embeddings`. One `doEmbed` call may carry up to 2048
 * values: the client's `embedMany` splits them into requests (`batchSize`), runs them with bounded
 * concurrency and sums the usage, so the AI SDK's own parallelism stays off.
 */
export class AnyIntEmbeddingModel extends AnyIntModel<AnyIntEmbeddingModelId> implements EmbeddingModelV3 {
  readonly maxEmbeddingsPerCall = 2048;
  readonly supportsParallelCalls = false;
  async doEmbed({
    values,
    abortSignal,
    providerOptions,
    headers,
  }: Parameters<DoEmbed>[0]): Promise<Awaited<ReturnType<DoEmbed>>> {
    if (values.length > this.maxEmbeddingsPerCall) {
      throw new TooManyEmbeddingValuesForCallError({
        provider: this.provider,
        modelId: this.modelId,
        maxEmbeddingsPerCall: this.maxEmbeddingsPerCall,
        values,
      });
    }
    const options = await this.anyintOptions(providerOptions, anyintEmbeddingOptionsSchema);
    const connection = await this.config.connection();
    const client = connection.client;
    const body = definedFields({
      model: this.modelId,
      input: values,
      dimensions: options.dimensions,
      user: options.user,
      encoding_format: options.encodingFormat,
    });
    const result = await callAnyInt(
      {
        url: `${client.baseURL}/embeddings`,
        requestBodyValues: body,
        createsNothing: true,
        abortSignal,
      },
      () =>
        client.embeddings.embedMany(body, {
          batchSize: options.batchSize,
          concurrency: options.concurrency,
          ...requestOptionsOf(connection, abortSignal, headers),
        }),
    );

    const warnings: SharedV3Warning[] = [];
    // ai@6 turns a missing usage into NaN tokens; report 0 and say why instead.
    if (!result.usage && values.length > 0) {
      warnings.push({
        type: 'other',
        message: `The upstream of "${result.model}" reported no token usage; usage.tokens is 0.`,
      });
    }
    return {
      embeddings: result.embeddings,
      usage: { tokens: result.usage?.prompt_tokens ?? 0 },
      warnings,
      providerMetadata: {
        anyint: definedFields({
          model: result.model,
          totalTokens: result.usage?.total_tokens,
        }),
      },
    };
  }
}
