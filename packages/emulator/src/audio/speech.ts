import { modulate } from './modulate.js';
import { encodeMp3 } from './mp3-encode.js';
import { pitchIndexForVoice } from './tones.js';
import { encodePcm, encodeWav } from './wav.js';

export type SpeechFormat = 'mp3' | 'wav' | 'pcm';
export const SPEECH_FORMATS: readonly SpeechFormat[] = Object.freeze(['mp3', 'wav', 'pcm'] as const);
/** Like OpenAI's tts models: `pcm` is raw 16-bit signed little-endian mono at 24 kHz. */
export const SPEECH_SAMPLE_RATE = 24000;

export interface SpeechOptions {
  format: SpeechFormat;
  /** 0.25 to 4, as OpenAI accepts; the audio's length scales with 1 / speed. */
  speed?: number;
  /** Shifts the pitch of every tone; any name decodes. */
  voice?: string;
}

/**
 * Real, audible audio for `text`: one short dual tone per character (see tones.ts), which
 * `transcribeAudio` reads back from the samples. Throws RangeError on an unknown format or a speed
 * outside 0.25..4 (the route validates first; this guards direct callers).
 */
export function synthesizeSpeech(text: string, options: SpeechOptions): Uint8Array {
  const { format, speed = 1, voice } = options;
  if (!SPEECH_FORMATS.includes(format)) throw new RangeError(`Unsupported speech format: ${String(format)}`);
  if (typeof speed !== 'number' || !Number.isFinite(speed) || speed < 0.25 || speed > 4) {
    throw new RangeError(`speed must be a number from 0.25 to 4, got ${String(speed)}`);
  }
  const samples = modulate(text, { rate: SPEECH_SAMPLE_RATE, speed, pitchIndex: pitchIndexForVoice(voice) });
  switch (format) {
    case 'wav':
      return encodeWav(samples, SPEECH_SAMPLE_RATE);
    case 'pcm':
      return encodePcm(samples);
    case 'mp3':
      return encodeMp3(samples, SPEECH_SAMPLE_RATE);
  }
}
