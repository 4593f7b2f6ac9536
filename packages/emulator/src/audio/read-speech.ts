import { symbolsToText } from './alphabet.js';
import type { Demodulated } from './demodulate.js';
import type { Transcript } from './transcript.js';

const EDGE_PUNCTUATION = /^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu;
const SENTENCE_END = /[.!?]["')\]]*$/u;

/** Turns decoded symbols into a transcript whose words and sentences carry the times they sounded. */
export function transcriptFromSymbols(decoded: Demodulated, durationSeconds: number): Transcript {
  const { text, firstSymbol, lastSymbol } = symbolsToText(decoded.symbols);
  const startOf = (c: number): number => round(decoded.starts[firstSymbol[c]!]!);
  const endOf = (c: number): number => round(decoded.ends[lastSymbol[c]!]!);

  const words: Transcript['words'] = [];
  const segments: Transcript['segments'] = [];
  let sentenceFrom = -1;
  for (const token of text.matchAll(/\S+/gu)) {
    const from = token.index;
    const to = from + token[0].length; // exclusive
    if (sentenceFrom < 0) sentenceFrom = from;
    // Timestamped words carry no surrounding punctuation, as OpenAI's verbose_json does.
    const bare = token[0].replace(EDGE_PUNCTUATION, '');
    if (bare !== '') {
      const lead = token[0].search(/[\p{L}\p{N}]/u);
      words.push({ word: bare, start: startOf(from + lead), end: endOf(from + lead + bare.length - 1) });
    }
    if (SENTENCE_END.test(token[0]) || to === text.length) {
      segments.push({
        id: segments.length,
        start: startOf(sentenceFrom),
        end: endOf(to - 1),
        text: text.slice(sentenceFrom, to),
      });
      sentenceFrom = -1;
    }
  }
  return { text, language: 'en', durationSeconds, segments, words };
}

function round(seconds: number): number {
  return Math.round(seconds * 1000) / 1000;
}
