export {
  AnyIntAudioReader,
  type AnyIntAudioReaderOptions,
  type AudioDocumentMetadata,
} from './audio-reader.js';
export type { AnyIntClientOptions } from './client-options.js';
export { AnyIntEmbedding, type AnyIntEmbeddingOptions } from './embedding.js';
export { type AnyIntToolsOptions, createAnyIntTools } from './tools/create-tools.js';
export {
  type AnyIntImageToolOptions,
  createAnyIntImageTool,
  IMAGE_TOOL_NAME,
  type ImageToolImage,
  imageToolInput,
} from './tools/image-tool.js';
export {
  type AnyIntModerationToolOptions,
  createAnyIntModerationTool,
  MODERATION_TOOL_NAME,
  moderationToolInput,
} from './tools/moderation-tool.js';
export {
  type AnyIntSpeechToolOptions,
  createAnyIntSpeechTool,
  SPEECH_TOOL_NAME,
  type SpeechFormat,
  speechToolInput,
} from './tools/speech-tool.js';
export type { AnyIntToolOptions } from './tools/tool-support.js';
export {
  type AnyIntTranscriptionToolOptions,
  createAnyIntTranscriptionTool,
  createAnyIntTranslationTool,
  TRANSCRIPTION_TOOL_NAME,
  TRANSLATION_TOOL_NAME,
  transcriptionToolInput,
  translationToolInput,
} from './tools/transcription-tool.js';
export {
  type AnyIntVideoToolOptions,
  createAnyIntVideoTool,
  VIDEO_TOOL_NAME,
  type VideoToolResult,
  videoToolInput,
} from './tools/video-tool.js';
