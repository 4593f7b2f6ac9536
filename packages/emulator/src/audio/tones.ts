/**
 * The modem's shared constants: a DTMF-like code in the telephone voice band (400-3400 Hz), so the
 * audio is audible on any speaker and survives a low-bitrate MP3 encoder, which keeps this band intact.
 */

/** Low group: spaced 160 Hz apart, wide enough for a 10 ms Goertzel window at speed 4. */
export const LOW_TONES = [440, 600, 760, 920, 1080, 1240, 1400, 1560] as const;
/** High group: starts well above the low group, so each group's strongest tone is found on its own. */
export const HIGH_TONES = [1800, 2000, 2200, 2400, 2600, 2800, 3000, 3200] as const;
/** Preamble pair; outside both groups so no data symbol can be taken for the start. */
export const CALIBRATION_TONES = [680, 2900] as const;

/** Voices shift every tone by one of these factors; the decoder reads the factor off the preamble. */
export const PITCH_FACTORS = [0.95, 0.975, 1, 1.025, 1.05] as const;

/** At speed 1 a symbol lasts 60 ms (about 16 characters a second, close to natural speech). */
export const SYMBOL_SECONDS = 0.06;
/** Part of each symbol period that sounds; the rest is the silence that lets the decoder find onsets. */
export const TONE_FRACTION = 0.75;
/** The preamble sounds for this many symbol periods (less one gap) before the first data symbol. */
export const PREAMBLE_PERIODS = 4;
export const LEAD_SECONDS = 0.05;
/** Leaves room for the MP3 encoder's padding so the last symbol is not cut. */
export const TAIL_SECONDS = 0.12;
/** Peak of each of the two tones; together they stay below full scale. */
export const TONE_AMPLITUDE = 0.4;

const KNOWN_VOICES: Record<string, number> = {
  onyx: 0,
  echo: 0,
  ash: 1,
  ballad: 1,
  alloy: 2,
  fable: 2,
  verse: 2,
  coral: 3,
  sage: 3,
  nova: 4,
  shimmer: 4,
};

/** Deeper OpenAI voices get lower tones; unknown names get a stable choice from their hash. */
export function pitchIndexForVoice(voice: string | undefined): number {
  if (voice === undefined || voice === '') return 2;
  const known = KNOWN_VOICES[voice.toLowerCase()];
  if (known !== undefined) return known;
  let h = 0x811c9dc5;
  for (let i = 0; i < voice.length; i++) h = Math.imul(h ^ voice.charCodeAt(i), 0x01000193) >>> 0;
  return h % PITCH_FACTORS.length;
}

/**
 * Power of one frequency in `x[from, to)`, scaled so a sinusoid of amplitude A reads A^2 / 2, the same
 * unit as the window's mean square, so the two can be compared as a share of energy.
 */
export function goertzelPower(x: Float32Array, from: number, to: number, freq: number, rate: number): number {
  const n = to - from;
  if (n <= 0) return 0;
  const coeff = 2 * Math.cos((2 * Math.PI * freq) / rate);
  let s1 = 0;
  let s2 = 0;
  for (let i = from; i < to; i++) {
    const s0 = x[i]! + coeff * s1 - s2;
    s2 = s1;
    s1 = s0;
  }
  const power = s1 * s1 + s2 * s2 - coeff * s1 * s2;
  return (2 * power) / (n * n);
}

export function meanSquare(x: Float32Array, from: number, to: number): number {
  let sum = 0;
  for (let i = from; i < to; i++) sum += x[i]! * x[i]!;
  return to > from ? sum / (to - from) : 0;
}
