/**
 * `@anyint/client/adapter-kit`: the policy the @anyint adapters (LangChain, LlamaIndex, the AI SDK
 * provider, the CLI) share, each rule once, so an adapter only translates between its framework's
 * shapes and the client's. Internal to the @anyint packages: it follows their versions, not semver.
 */
export {
  CONNECTION_OPTIONS,
  type Connection,
  type ConnectionOptions,
  type ConnectionSpec,
  concurrencyOption,
  connect,
  connectAdapter,
  type NativeSpellings,
  type OpenAIClientSpelling,
  rejectUnknownOptions,
} from './connection.js';
export { isAbort, isMissingContent } from './errors.js';
export {
  audioInputDescription,
  INPUT_FILE_ARGUMENT,
  INPUT_FILE_OPTIONS,
  type InputFileOptions,
  type OpenInputOptions,
  openAudioInput,
} from './input-files.js';
export {
  AUDIO_INPUT_EXTENSIONS,
  baseMediaType,
  extensionOfMediaType,
  type MediaType,
  mediaTypeOfName,
  sniffMediaType,
} from './media-type.js';
export {
  defaultTranscriptionFormat,
  type ImageModelRules,
  imageModelRules,
  imageSizeForAspectRatio,
  type ModelFamily,
  modelFamily,
  type VideoModelRules,
  videoModelRules,
} from './model-families.js';
export { flaggedCategories, moderationResults } from './moderation.js';
export {
  OUTPUT_FILE_OPTIONS,
  type OutputFileOptions,
  type OutputFolder,
  outputFolder,
} from './output-files.js';
export { headersOf, requestIdOf } from './request-id.js';
export {
  imageToolSpec,
  moderationToolSpec,
  parseToolInput,
  speechToolSpec,
  type ToolSchema,
  type ToolSchemaProperty,
  type ToolSpec,
  transcriptionToolSpec,
  translationToolSpec,
  videoToolSpec,
} from './tool-inputs.js';
export {
  requireToolModels,
  type SpeechFormat,
  TOOL_SET_OPTIONS,
  type ToolSetOptions,
} from './tool-set.js';
export { TOOL_NAMES, type ToolName } from './tools.js';
export {
  generateVideo,
  type SavedVideo,
  VIDEO_WAIT_OPTIONS,
  type VideoWaitOptions,
} from './video.js';
