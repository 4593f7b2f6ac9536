// Everything, from one entry. Each part also has its own entry point, which loads less:
// `@anyint/langchain/embeddings` (without the tools, so without `@langchain/core/tools`),
// `@anyint/langchain/tools`, `@anyint/langchain/document_loaders` and `@anyint/langchain/middleware`.
export type { AnyIntClientOptions } from './client-options.js';
export {
  AnyIntAudioTranscriptLoader,
  type AnyIntAudioTranscriptLoaderOptions,
  type AudioSource,
} from './document-loaders.js';
export { AnyIntEmbeddings, type AnyIntEmbeddingsOptions } from './embeddings.js';
export { AnyIntToolkit, type AnyIntToolsOptions, createAnyIntTools } from './tools/anyint-toolkit.js';
export type { AudioInputOptions } from './tools/audio-input.js';
export {
  createImageGenerationTool,
  type ImageGenerationArtifact,
  type ImageGenerationToolOptions,
} from './tools/image-generation-tool.js';
export {
  createModerationTool,
  type ModerationArtifact,
  type ModerationToolOptions,
} from './tools/moderation-tool.js';
export {
  createSpeechTool,
  type SpeechArtifact,
  type SpeechFormat,
  type SpeechToolOptions,
} from './tools/speech-tool.js';
export {
  createTranscriptionTool,
  type TranscriptArtifact,
  type TranscriptionToolOptions,
} from './tools/transcription-tool.js';
export { createTranslationTool, type TranslationToolOptions } from './tools/translation-tool.js';
export {
  createVideoGenerationTool,
  VIDEO_PROGRESS_EVENT,
  type VideoGenerationArtifact,
  type VideoGenerationToolOptions,
  type VideoProgressEvent,
} from './tools/video-generation-tool.js';
