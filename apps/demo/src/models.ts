/** Models the demo uses; each can be changed with an environment variable for the real gateway. */
export interface DemoModels {
  embedding: string;
  image: string;
  speech: string;
  transcription: string;
  moderation: string;
  video: string;
}

export function demoModels(env: NodeJS.ProcessEnv = process.env): DemoModels {
  return {
    embedding: env.ANYINT_EMBEDDING_MODEL ?? 'text-embedding-v4',
    image: env.ANYINT_IMAGE_MODEL ?? 'kling-v3-omni',
    speech: env.ANYINT_SPEECH_MODEL ?? 'tts-1',
    transcription: env.ANYINT_TRANSCRIPTION_MODEL ?? 'whisper-1',
    moderation: env.ANYINT_MODERATION_MODEL ?? 'omni-moderation-latest',
    video: env.ANYINT_VIDEO_MODEL ?? 'kling-v3',
  };
}
