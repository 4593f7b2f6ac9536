import { flacDuration, mp4Duration, oggDuration, webmDuration } from './containers.js';
import { demodulate } from './demodulate.js';
import { detectFormat } from './detect.js';
import { AudioDecodeError } from './errors.js';
import { decodeMp3 } from './mp3-decode.js';
import { parseMp3 } from './mp3-frames.js';
import { placeholderTranscript } from './placeholder.js';
import { transcriptFromSymbols } from './read-speech.js';
import { SPEECH_SAMPLE_RATE } from './speech.js';
import type { Transcript } from './transcript.js';
import { decodePcm, decodeWav } from './wav.js';

/**
 * Detects wav / mp3 / raw pcm (by magic bytes, then filename extension), decodes the samples and reads
 * back the text `synthesizeSpeech` put there. Other audio (a real recording, silence, FLAC, Ogg, M4A,
 * WebM) gets a deterministic placeholder text derived from a hash of the bytes, with its real duration.
 * Throws AudioDecodeError when the bytes are not audio at all.
 */
export function transcribeAudio(bytes: Uint8Array, filename?: string): Transcript {
  const format = detectFormat(bytes, filename);
  switch (format) {
    case 'wav': {
      const audio = decodeWav(bytes);
      return fromSamples(bytes, audio.samples, audio.sampleRate, audio.durationSeconds);
    }
    case 'pcm': {
      const audio = decodePcm(bytes, SPEECH_SAMPLE_RATE);
      return fromSamples(bytes, audio.samples, audio.sampleRate, audio.durationSeconds);
    }
    case 'mp3': {
      const info = parseMp3(bytes);
      if (!info) throw new AudioDecodeError('The file is not a valid MP3 file (no MPEG audio frames found).');
      let pcm: ReturnType<typeof decodeMp3>;
      try {
        pcm = decodeMp3(bytes);
      } catch {
        // Valid frames the decoder cannot read still have a real duration.
        return placeholderTranscript(bytes, info.durationSeconds);
      }
      return fromSamples(bytes, pcm.samples, pcm.sampleRate, info.durationSeconds);
    }
    case 'flac':
      return placeholderTranscript(bytes, flacDuration(bytes));
    case 'ogg':
      return placeholderTranscript(bytes, oggDuration(bytes));
    case 'mp4':
      return placeholderTranscript(bytes, mp4Duration(bytes));
    case 'webm':
      return placeholderTranscript(bytes, webmDuration(bytes));
  }
}

function fromSamples(
  bytes: Uint8Array,
  samples: Float32Array,
  rate: number,
  durationSeconds: number,
): Transcript {
  const decoded = demodulate(samples, rate);
  return decoded
    ? transcriptFromSymbols(decoded, durationSeconds)
    : placeholderTranscript(bytes, durationSeconds);
}
