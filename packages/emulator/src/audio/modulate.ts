import { checksum, textToSymbols } from './alphabet.js';
import {
  CALIBRATION_TONES,
  HIGH_TONES,
  LEAD_SECONDS,
  LOW_TONES,
  PITCH_FACTORS,
  PREAMBLE_PERIODS,
  SYMBOL_SECONDS,
  TAIL_SECONDS,
  TONE_AMPLITUDE,
  TONE_FRACTION,
} from './tones.js';

export interface ModulateOptions {
  rate: number;
  speed: number;
  pitchIndex: number;
}

/** Renders text as 16-bit mono samples: lead silence, preamble, one dual tone per symbol, checksum, tail. */
export function modulate(text: string, { rate, speed, pitchIndex }: ModulateOptions): Int16Array {
  const { symbols } = textToSymbols(text);
  const all = [...symbols, ...checksum(symbols)];
  const factor = PITCH_FACTORS[pitchIndex] ?? 1;
  const period = Math.round((SYMBOL_SECONDS * rate) / speed);
  const tone = Math.round(period * TONE_FRACTION);
  const lead = Math.round((LEAD_SECONDS * rate) / speed);
  const tail = Math.round((TAIL_SECONDS * rate) / speed);
  const out = new Int16Array(lead + (PREAMBLE_PERIODS + all.length) * period + tail);

  const [calLow, calHigh] = CALIBRATION_TONES;
  writeTone(out, lead, PREAMBLE_PERIODS * period - (period - tone), calLow * factor, calHigh * factor, rate);
  let at = lead + PREAMBLE_PERIODS * period;
  for (const s of all) {
    const low = LOW_TONES[s >>> 3]!;
    const high = HIGH_TONES[s & 7]!;
    writeTone(out, at, tone, low * factor, high * factor, rate);
    at += period;
  }
  return out;
}

/** A dual tone with raised-cosine edges: hard edges would click and spread energy across all bins. */
function writeTone(
  out: Int16Array,
  start: number,
  length: number,
  f1: number,
  f2: number,
  rate: number,
): void {
  const ramp = Math.max(1, Math.round(length * 0.15));
  const w1 = (2 * Math.PI * f1) / rate;
  const w2 = (2 * Math.PI * f2) / rate;
  const scale = TONE_AMPLITUDE * 32767;
  for (let i = 0; i < length; i++) {
    let gain = 1;
    if (i < ramp) gain = 0.5 - 0.5 * Math.cos((Math.PI * i) / ramp);
    else if (i >= length - ramp) gain = 0.5 - 0.5 * Math.cos((Math.PI * (length - 1 - i)) / ramp);
    out[start + i] = Math.round(scale * gain * (Math.sin(w1 * i) + Math.sin(w2 * i)));
  }
}
