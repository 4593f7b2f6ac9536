/**
 * The tool names every adapter gives the model, so an agent moved from LangChain to LlamaIndex calls
 * the same tools with the same arguments.
 */
export const TOOL_NAMES = {
  image: 'generate_image',
  speech: 'text_to_speech',
  transcription: 'transcribe_audio',
  translation: 'translate_audio_to_english',
  moderation: 'moderate_text',
  video: 'generate_video',
} as const;

export type ToolName = (typeof TOOL_NAMES)[keyof typeof TOOL_NAMES];
