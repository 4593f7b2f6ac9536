// Uses each library's public types the way an app would; compiled with and without @types/node.

import { createAnyInt } from '@anyint/ai-sdk-provider';
import { AnyInt, type ClientOptions, isRetryableError, toFile, type Uploadable } from '@anyint/client';
import { AnyIntEmbeddings } from '@anyint/langchain';
import { AnyIntAudioTranscriptLoader } from '@anyint/langchain/document_loaders';
import type { AnyIntEmbeddings as EmbeddingsEntry } from '@anyint/langchain/embeddings';
import { anyintModerationMiddleware } from '@anyint/langchain/middleware';
import { createAnyIntTools } from '@anyint/langchain/tools';
import { AnyIntEmbedding } from '@anyint/llamaindex';

const options: ClientOptions = { apiKey: 'key', baseURL: 'http://127.0.0.1:1/v1', maxRetries: 0 };
const anyint = new AnyInt(options);

export async function useClient(bytes: Uint8Array): Promise<number> {
  const upload: Uploadable = await toFile(bytes, 'a.wav');
  const { text } = await anyint.audio.transcriptions.create({ file: upload, model: 'whisper-1' });
  const { data } = await anyint.embeddings.create({ model: 'text-embedding-3-small', input: [text] });
  return data[0]?.embedding.length ?? 0;
}

export const retryable: boolean = isRetryableError(new Error('x'), true);
export const provider = createAnyInt({ apiKey: 'key' }).embedding('text-embedding-3-small');
export const langchain: EmbeddingsEntry = new AnyIntEmbeddings({
  model: 'text-embedding-3-small',
  client: anyint,
});
export const loader = new AnyIntAudioTranscriptLoader(['a.wav'], { model: 'whisper-1', client: anyint });
export const middleware = anyintModerationMiddleware({ model: 'omni-moderation-latest', client: anyint });
export const tools = createAnyIntTools({ client: anyint, moderationModel: 'omni-moderation-latest' });
export const llamaindex = new AnyIntEmbedding({ model: 'text-embedding-3-small', client: anyint });
