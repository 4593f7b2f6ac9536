export { AudioDecodeError } from './errors.js';
export {
  SPEECH_FORMATS,
  SPEECH_SAMPLE_RATE,
  type SpeechFormat,
  synthesizeSpeech,
} from './speech.js';
export { transcribeAudio } from './transcribe.js';
export type { Transcript } from './transcript.js';
