import type { Transcript } from './transcript.js';

const WORDS = [
  'the',
  'a',
  'river',
  'morning',
  'quiet',
  'signal',
  'light',
  'garden',
  'window',
  'paper',
  'stone',
  'bright',
  'slowly',
  'under',
  'between',
  'always',
  'music',
  'city',
  'little',
  'open',
  'north',
  'table',
  'voice',
  'green',
  'winter',
  'travel',
  'simple',
  'answer',
  'market',
  'letter',
  'yellow',
  'careful',
  'forest',
  'bridge',
  'silver',
  'evening',
  'listen',
  'number',
  'across',
  'harbour',
  'gentle',
  'summer',
  'story',
  'distant',
  'coffee',
  'rain',
  'station',
  'orange',
  'ready',
  'circle',
  'record',
  'moment',
  'island',
  'second',
  'follow',
  'warm',
  'cloud',
  'engine',
  'planet',
  'house',
  'water',
  'early',
  'often',
  'together',
];

/** About the pace of conversational English. */
const WORDS_PER_SECOND = 2.5;

/**
 * Audio this module did not make (a real recording, silence, a tone) still needs a transcript: an
 * emulator cannot recognise speech, so it answers with stable pseudo-words chosen by a hash of the bytes
 * (same file, same text) and spread over the file's real duration.
 */
export function placeholderTranscript(bytes: Uint8Array, durationSeconds: number): Transcript {
  let seed = fnv1a(bytes);
  const next = (): number => {
    // mulberry32: tiny and good enough to pick words.
    seed = (seed + 0x6d2b79f5) >>> 0;
    let t = seed;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const count = Math.max(1, Math.round(durationSeconds * WORDS_PER_SECOND));
  const step = durationSeconds / count;
  const words: Transcript['words'] = [];
  const segments: Transcript['segments'] = [];
  let sentence: string[] = [];
  let sentenceStart = 0;
  for (let i = 0; i < count; i++) {
    let word = WORDS[Math.floor(next() * WORDS.length)]!;
    if (sentence.length === 0) word = word[0]!.toUpperCase() + word.slice(1);
    const start = round(i * step);
    const end = round((i + 1) * step);
    words.push({ word, start, end });
    if (sentence.length === 0) sentenceStart = start;
    sentence.push(word);
    if (sentence.length >= 4 + Math.floor(next() * 6) || i === count - 1) {
      segments.push({ id: segments.length, start: sentenceStart, end, text: `${sentence.join(' ')}.` });
      sentence = [];
    }
  }
  return {
    text: segments.map((s) => s.text).join(' '),
    language: 'en',
    durationSeconds,
    segments,
    words,
  };
}

function fnv1a(bytes: Uint8Array): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < bytes.length; i++) h = Math.imul(h ^ bytes[i]!, 0x01000193);
  return h >>> 0;
}

function round(seconds: number): number {
  return Math.round(seconds * 1000) / 1000;
}
