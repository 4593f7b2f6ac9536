export type {
  InputFileOptions,
  OutputFileOptions,
  SpeechFormat,
  VideoWaitOptions,
} from '@anyint/client/adapter-kit';
export {
  AnyIntAudioReader,
  type AnyIntAudioReaderOptions,
  type AudioDocumentMetadata,
} from './audio-reader.js';
export type { AnyIntClientOptions } from './connection.js';
export { AnyIntEmbedding, type AnyIntEmbeddingOptions } from './embedding.js';
export * from './errors.js';
export { type AnyIntToolsOptions, createAnyIntTools } from './tools/create-tools.js';
export {
  type AnyIntImageToolOptions,
  createAnyIntImageTool,
  IMAGE_TOOL_NAME,
  type ImageToolImage,
  type ImageToolResult,
} from './tools/image-tool.js';
export {
  type AnyIntModerationToolOptions,
  createAnyIntModerationTool,
  MODERATION_TOOL_NAME,
  type ModerationToolResult,
} from './tools/moderation-tool.js';
export {
  type AnyIntSpeechToolOptions,
  createAnyIntSpeechTool,
  SPEECH_TOOL_NAME,
  type SpeechToolResult,
} from './tools/speech-tool.js';
export type { AnyIntToolOptions } from './tools/tool-support.js';
export {
  type AnyIntTranscriptionToolOptions,
  createAnyIntTranscriptionTool,
  createAnyIntTranslationTool,
  TRANSCRIPTION_TOOL_NAME,
  TRANSLATION_TOOL_NAME,
  type TranscriptToolResult,
} from './tools/transcription-tool.js';
export {
  type AnyIntVideoToolOptions,
  createAnyIntVideoTool,
  VIDEO_TOOL_NAME,
  type VideoToolResult,
} from './tools/video-tool.js';
