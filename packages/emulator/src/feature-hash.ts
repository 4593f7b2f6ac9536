import { hashString } from './seeded-random.js';

// Each word lands in a few buckets so vectors are dense enough to look real while texts sharing
// words still overlap strongly; trigrams make 'embedding' and 'embeddings' neighbours too.
const BUCKETS_PER_WORD = 4;
const WORD_WEIGHT = 1;
const TRIGRAM_WEIGHT = 0.35;
// A faint per-text background fills the other buckets; small enough that unrelated texts stay far apart.
const BACKGROUND_NORM = 0.08;

const WORD = /[\p{L}\p{N}]+/gu;

function addFeature(vector: Float32Array, feature: string, weight: number, copies: number): void {
  const dimensions = vector.length;
  for (let copy = 0; copy < copies; copy++) {
    const hash = hashString(feature, copy * 0x9e3779b1);
    const bucket = hash % dimensions;
    // A second, independent hash gives the sign, so collisions cancel out on average.
    const sign = hashString(feature, copy * 0x9e3779b1 + 0x5bd1e995) & 1 ? 1 : -1;
    vector[bucket] = vector[bucket]! + sign * weight;
  }
}

function addBackground(vector: Float32Array, seedText: string, norm: number): void {
  let state = hashString(seedText, 0x2545f491) || 1;
  let sumSquares = 0;
  const noise = new Float32Array(vector.length);
  for (let i = 0; i < noise.length; i++) {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    const value = (state >>> 0) / 4294967296 - 0.5;
    noise[i] = value;
    sumSquares += value * value;
  }
  const scale = norm / Math.sqrt(sumSquares || 1);
  for (let i = 0; i < vector.length; i++) vector[i] = vector[i]! + noise[i]! * scale;
}

function normalise(vector: Float32Array): Float32Array {
  let sumSquares = 0;
  for (let i = 0; i < vector.length; i++) sumSquares += vector[i]! * vector[i]!;
  const scale = sumSquares > 0 ? 1 / Math.sqrt(sumSquares) : 0;
  for (let i = 0; i < vector.length; i++) vector[i] = vector[i]! * scale;
  return vector;
}

/** A deterministic, L2-normalised embedding of a text: feature hashing of lowercased words and trigrams. */
export function embedText(text: string, dimensions: number): Float32Array {
  const vector = new Float32Array(dimensions);
  const words = text.toLowerCase().match(WORD) ?? [];
  let featureNormSquared = 0;
  const counts = new Map<string, number>();
  for (const word of words) counts.set(word, (counts.get(word) ?? 0) + 1);
  for (const [word, count] of counts) {
    // Sublinear term frequency, so a repeated 'the' does not outweigh the words that carry meaning.
    const weight = Math.sqrt(count);
    addFeature(vector, `w:${word}`, WORD_WEIGHT * weight, BUCKETS_PER_WORD);
    const padded = `#${word}#`;
    for (let i = 0; i + 3 <= padded.length; i++) {
      addFeature(vector, `t:${padded.slice(i, i + 3)}`, TRIGRAM_WEIGHT * weight, 1);
    }
  }
  for (let i = 0; i < dimensions; i++) featureNormSquared += vector[i]! * vector[i]!;
  let backgroundSeed = words.join(' ');
  if (featureNormSquared === 0) {
    backgroundSeed = text;
    // Text without letters or digits (punctuation, emoji) still gets a stable direction of its own.
    addFeature(vector, `s:${text}`, WORD_WEIGHT, BUCKETS_PER_WORD);
    featureNormSquared = WORD_WEIGHT * WORD_WEIGHT * BUCKETS_PER_WORD;
  }
  addBackground(vector, backgroundSeed, BACKGROUND_NORM * Math.sqrt(featureNormSquared));
  return normalise(vector);
}

/** Token-id inputs are embedded like a text whose words are the ids. */
export function embedTokens(tokens: readonly number[], dimensions: number): Float32Array {
  return embedText(tokens.map((token) => `tok${token}`).join(' '), dimensions);
}

/** Deterministic token estimate, close to tiktoken's average of ~4 characters per token for English. */
export function countTokens(text: string): number {
  return Math.max(1, Math.ceil(text.length / 4));
}
