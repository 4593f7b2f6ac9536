export type {
  InputFileOptions,
  OutputFileOptions,
  VideoWaitOptions,
} from '@anyint/client/adapter-kit';
export * from '@anyint/client/errors';
export type { AnyIntClientOptions } from '../connection.js';
export { AnyIntToolkit, type AnyIntToolsOptions, createAnyIntTools } from './anyint-toolkit.js';
export {
  createImageGenerationTool,
  type ImageGenerationArtifact,
  type ImageGenerationToolOptions,
} from './image-generation-tool.js';
export {
  createModerationTool,
  type ModerationArtifact,
  type ModerationToolOptions,
} from './moderation-tool.js';
export {
  createSpeechTool,
  type SpeechArtifact,
  type SpeechFormat,
  type SpeechToolOptions,
} from './speech-tool.js';
export {
  createTranscriptionTool,
  type TranscriptArtifact,
  type TranscriptionToolOptions,
} from './transcription-tool.js';
export { createTranslationTool, type TranslationToolOptions } from './translation-tool.js';
export {
  createVideoGenerationTool,
  VIDEO_PROGRESS_EVENT,
  type VideoGenerationArtifact,
  type VideoGenerationToolOptions,
  type VideoProgressEvent,
} from './video-generation-tool.js';
