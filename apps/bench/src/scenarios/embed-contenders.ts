/**
 * The embedding contenders E1 and E6 share: our client and adapters, and the official SDK and the
 * frameworks' OpenAI integrations, each set up as its user would, with its defaults.
 */
import { API_KEY, EMBEDDING_MODEL, pooled } from './measure.js';

export type Vectors = ArrayLike<ArrayLike<number>>;
export type Embed = (docs: string[]) => Promise<Vectors>;

/** `openai` has no batching of its own: the split a user of it would write, also raw undici's in E1. */
export const BATCH = 512;
export const IN_FLIGHT = 4;

/** The contenders against the emulator at `url`, embedding at `dimensions`. */
export function embedContenders(url: string, dimensions: number) {
  async function anyintClient(output: 'float32' | 'number'): Promise<Embed> {
    const { AnyInt } = await import('@anyint/client');
    const client = new AnyInt({ apiKey: API_KEY, baseURL: url });
    return async (docs) =>
      (await client.embeddings.embedMany({ model: EMBEDDING_MODEL, input: docs, dimensions }, { output }))
        .embeddings;
  }

  async function openai(): Promise<Embed> {
    const { default: OpenAI } = await import('openai');
    const client = new OpenAI({ apiKey: API_KEY, baseURL: url });
    return (docs) =>
      pooled(docs, BATCH, IN_FLIGHT, async (input) => {
        const { data } = await client.embeddings.create({ model: EMBEDDING_MODEL, input, dimensions });
        return data.map((item) => item.embedding);
      });
  }

  async function langchainOpenAI(): Promise<Embed> {
    const { OpenAIEmbeddings } = await import('@langchain/openai');
    const embeddings = new OpenAIEmbeddings({
      model: EMBEDDING_MODEL,
      dimensions,
      apiKey: API_KEY,
      configuration: { baseURL: url },
    });
    return (docs) => embeddings.embedDocuments(docs);
  }

  async function anyintLangchain(): Promise<Embed> {
    const { AnyIntEmbeddings } = await import('@anyint/langchain');
    const embeddings = new AnyIntEmbeddings({
      model: EMBEDDING_MODEL,
      dimensions,
      apiKey: API_KEY,
      baseURL: url,
    });
    return (docs) => embeddings.embedDocuments(docs);
  }

  async function aiSdkOpenAI(): Promise<Embed> {
    const { embedMany } = await import('ai');
    const { createOpenAI } = await import('@ai-sdk/openai');
    const model = createOpenAI({ apiKey: API_KEY, baseURL: url }).embedding(EMBEDDING_MODEL);
    return async (docs) =>
      (await embedMany({ model, values: docs, providerOptions: { openai: { dimensions } } })).embeddings;
  }

  async function anyintAiSdk(): Promise<Embed> {
    const { embedMany } = await import('ai');
    const { createAnyInt } = await import('@anyint/ai-sdk-provider');
    const model = createAnyInt({ apiKey: API_KEY, baseURL: url }).embedding(EMBEDDING_MODEL);
    return async (docs) =>
      (await embedMany({ model, values: docs, providerOptions: { anyint: { dimensions } } })).embeddings;
  }

  async function llamaindexOpenAI(): Promise<Embed> {
    const { Settings } = await import('llamaindex');
    const { OpenAIEmbedding } = await import('@llamaindex/openai');
    Settings.embedModel = new OpenAIEmbedding({
      model: EMBEDDING_MODEL,
      dimensions,
      apiKey: API_KEY,
      baseURL: url,
    });
    return (docs) => Settings.embedModel.getTextEmbeddingsBatch(docs);
  }

  async function anyintLlamaindex(): Promise<Embed> {
    const { Settings } = await import('llamaindex');
    const { AnyIntEmbedding } = await import('@anyint/llamaindex');
    Settings.embedModel = new AnyIntEmbedding({
      model: EMBEDDING_MODEL,
      dimensions,
      apiKey: API_KEY,
      baseURL: url,
    });
    return (docs) => Settings.embedModel.getTextEmbeddingsBatch(docs);
  }

  return {
    anyintClient,
    openai,
    'langchain-openai': langchainOpenAI,
    'anyint-langchain': anyintLangchain,
    'ai-sdk-openai': aiSdkOpenAI,
    'anyint-ai-sdk': anyintAiSdk,
    'llamaindex-openai': llamaindexOpenAI,
    'anyint-llamaindex': anyintLlamaindex,
  };
}
