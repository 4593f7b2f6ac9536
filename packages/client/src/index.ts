import { AnyInt } from './client.js';

export {
  AnyInt,
  AnyIntCore,
  type ClientOptions,
  DEFAULT_BASE_URL,
  type RequestOptions,
} from './client.js';
/** The client as the default export, as the official SDK exports its own. */
export default AnyInt;
export type { APIPromise, WithRequestID } from './core/api-promise.js';
export { baseURLProblem } from './core/base-url.js';
export { BinaryResponse } from './core/binary-response.js';
export type { DispatcherLike } from './core/dispatcher.js';
export type { ResponseHeaders } from './core/http.js';
export type { Page, PagePromise } from './core/pagination.js';
export type { PollOptions } from './core/polling.js';
export { RateLimiter } from './core/rate-limiter.js';
export { isRetryableError } from './core/retry.js';
export type { ServerSentEvent } from './core/sse.js';
export {
  fileFromPath,
  type NodeReadableLike,
  StreamUpload,
  toFile,
  type Uploadable,
} from './core/uploads.js';
export * from './errors.js';
export type {
  Assistant,
  AssistantCreateParams,
  AssistantTool,
  AssistantUpdateParams,
  Deleted,
  ListParams,
} from './resources/assistants.js';
export { Assistants } from './resources/assistants.js';
export { Audio } from './resources/audio/audio.js';
export type { SpeechCreateParams, SpeechModel, SpeechVoice } from './resources/audio/speech.js';
export { Speech } from './resources/audio/speech.js';
export type {
  AudioResponseFormat,
  Transcription,
  TranscriptionCreateParams,
  TranscriptionModel,
  TranscriptionResult,
  TranscriptionSegment,
  TranscriptionVerbose,
  TranscriptionWord,
} from './resources/audio/transcriptions.js';
export { Transcriptions } from './resources/audio/transcriptions.js';
export type { TranslationCreateParams } from './resources/audio/translations.js';
export { Translations } from './resources/audio/translations.js';
export type {
  Batch,
  BatchCreateParams,
  BatchEndpoint,
  BatchError,
  BatchStatus,
} from './resources/batches.js';
export { Batches } from './resources/batches.js';
export { Beta } from './resources/beta.js';
export type { BulkEmbedding, EmbedBulkOptions, EmbedBulkParams } from './resources/embed-bulk.js';
export type {
  CreateEmbeddingResponse,
  Embedding,
  EmbeddingCreateParams,
  EmbeddingModel,
  EmbeddingUsage,
  EmbedManyOptions,
  EmbedManyParams,
  EmbedManyProgress,
  EmbedManyResult,
  EncodingFormat,
  VectorOutput,
} from './resources/embeddings.js';
export { Embeddings } from './resources/embeddings.js';
export type {
  FileCreateParams,
  FileDeleted,
  FileListParams,
  FileObject,
  FilePurpose,
} from './resources/files.js';
export { Files } from './resources/files.js';
export {
  type Image,
  type ImageGenerateOptions,
  type ImageGenerateParams,
  type ImageModel,
  Images,
  type ImagesResponse,
  imageBytes,
} from './resources/images.js';
export type {
  Moderation,
  ModerationCreateParams,
  ModerationCreateResponse,
  ModerationInputPart,
  ModerationModel,
} from './resources/moderations.js';
export { Moderations } from './resources/moderations.js';
export {
  type Message,
  type MessageContentPart,
  type MessageCreateParams,
  type MessageDeleted,
  type MessageInputPart,
  type MessageListParams,
  type MessageRetrieveParams,
  type MessageUpdateParams,
  messageText,
} from './resources/threads/messages.js';
export {
  deltaText,
  type ImageFile,
  type MessageContentDelta,
  type MessageDelta,
  type RunStep,
  type RunStepDelta,
  RunStream,
  type RunStreamEvent,
  type RunStreamEvents,
  type RunStreamPartial,
  type Text,
  type TextDelta,
  type ToolCall,
  type ToolCallDelta,
} from './resources/threads/run-stream.js';
export type {
  RequiredToolCall,
  Run,
  RunCreateParams,
  RunListParams,
  RunPollOptions,
  RunRetrieveParams,
  RunStatus,
  RunStepObject,
  RunUpdateParams,
  SubmitToolOutputsParams,
} from './resources/threads/runs.js';
export type { Thread, ThreadCreateParams, ThreadUpdateParams } from './resources/threads/threads.js';
export { Threads } from './resources/threads/threads.js';
export type { Video, VideoCreateParams, VideoModel, VideoStatus, VideoVariant } from './resources/videos.js';
export { Videos } from './resources/videos.js';
