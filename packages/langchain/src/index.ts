// Everything, from one entry. Each part also has its own entry point, which loads less:
// `@anyint/langchain/embeddings` (without the tools, so without `@langchain/core/tools`),
// `@anyint/langchain/tools`, `@anyint/langchain/document_loaders` and `@anyint/langchain/middleware`.

// The client's error classes, so an app catches what the adapter throws without importing
// @anyint/client (LangChain has no error type of its own). Each entry re-exports them itself: a
// shared module of nothing but re-exports is bundled as an empty chunk nothing imports.
export * from '@anyint/client/errors';
export type { AnyIntClientOptions } from './connection.js';
export {
  AnyIntAudioTranscriptLoader,
  type AnyIntAudioTranscriptLoaderOptions,
  type AudioSource,
} from './document-loaders.js';
export { AnyIntEmbeddings, type AnyIntEmbeddingsOptions } from './embeddings.js';
export {
  AnyIntToolkit,
  type AnyIntToolsOptions,
  createAnyIntTools,
  createImageGenerationTool,
  createModerationTool,
  createSpeechTool,
  createTranscriptionTool,
  createTranslationTool,
  createVideoGenerationTool,
  type ImageGenerationArtifact,
  type ImageGenerationToolOptions,
  type InputFileOptions,
  type ModerationArtifact,
  type ModerationToolOptions,
  type OutputFileOptions,
  type SpeechArtifact,
  type SpeechFormat,
  type SpeechToolOptions,
  type TranscriptArtifact,
  type TranscriptionToolOptions,
  type TranslationToolOptions,
  VIDEO_PROGRESS_EVENT,
  type VideoGenerationArtifact,
  type VideoGenerationToolOptions,
  type VideoProgressEvent,
  type VideoWaitOptions,
} from './tools/index.js';
