import { checksum } from './alphabet.js';
import {
  CALIBRATION_TONES,
  goertzelPower,
  HIGH_TONES,
  LOW_TONES,
  meanSquare,
  PITCH_FACTORS,
  PREAMBLE_PERIODS,
  TONE_FRACTION,
} from './tones.js';

export interface Demodulated {
  symbols: number[];
  /** Seconds from the start of the samples. */
  starts: number[];
  ends: number[];
  checksumOk: boolean;
}

interface Burst {
  start: number;
  end: number;
}

/** Share of a window's energy the expected tones must hold: a pure dual tone reads close to 1. */
const PREAMBLE_SHARE = 0.6;
const SYMBOL_SHARE = 0.5;
/** Bursts quieter than this share of the loud part of the file are gaps (MP3 leaves noise in them). */
const BURST_LEVEL = 0.1;

/**
 * Reads symbols back from samples at any rate. Timing comes from the bursts themselves (each symbol is
 * a tone followed by a short silence), so the decoder needs no sample-exact alignment, survives the
 * delay an MP3 codec adds and re-synchronises on every onset it can see. Returns null when the samples
 * do not start with the preamble, i.e. are not speech this module made.
 */
export function demodulate(x: Float32Array, rate: number): Demodulated | null {
  const hop = Math.max(1, Math.round(rate / 1000));
  const hops = Math.floor(x.length / hop);
  if (hops < 20) return null;
  const energy = new Float64Array(hops);
  for (let k = 0; k < hops; k++) energy[k] = meanSquare(x, k * hop, (k + 1) * hop);
  const loud = quantile(energy, 0.95);
  if (loud < 1e-7) return null;
  const threshold = loud * BURST_LEVEL;
  const bursts = findBursts(energy, threshold, hop);

  const found = findPreamble(x, rate, bursts);
  if (!found) return null;
  const { index, factor } = found;
  const preamble = bursts[index]!;

  // The preamble sounds for PREAMBLE_PERIODS periods less one gap; onsets after it refine the period.
  const roughPeriod = (preamble.end - preamble.start) / (PREAMBLE_PERIODS - 1 + TONE_FRACTION);
  const onsets = bursts.slice(index + 1).map((b) => b.start);
  const period = refinePeriod(onsets, roughPeriod);
  const tone = period * TONE_FRACTION;

  const symbols: number[] = [];
  const starts: number[] = [];
  const ends: number[] = [];
  let quality = 0;
  let t = preamble.start + PREAMBLE_PERIODS * period;
  let j = 0;
  for (;;) {
    while (j < onsets.length && onsets[j]! < t - 0.35 * period) j++;
    const onset = onsets[j];
    if (onset !== undefined && Math.abs(onset - t) <= 0.35 * period) t = onset;
    const from = Math.round(t + 0.2 * tone);
    const to = Math.round(t + 0.85 * tone);
    if (to > x.length) break;
    const total = meanSquare(x, from, to);
    if (total < threshold) break;
    const low = strongest(x, from, to, LOW_TONES, factor, rate);
    const high = strongest(x, from, to, HIGH_TONES, factor, rate);
    quality += (low.power + high.power) / total;
    symbols.push(low.index * 8 + high.index);
    starts.push(t / rate);
    ends.push((t + tone) / rate);
    t += period;
  }
  if (symbols.length < 2) return null;
  const meanQuality = quality / symbols.length;
  const data = symbols.slice(0, -2);
  const [c1, c2] = checksum(data);
  const checksumOk = symbols[symbols.length - 2] === c1 && symbols[symbols.length - 1] === c2;
  // A clean read proves itself; otherwise only tone-like audio is trusted to be ours.
  if (!checksumOk && meanQuality < SYMBOL_SHARE) return null;
  return { symbols: data, starts: starts.slice(0, -2), ends: ends.slice(0, -2), checksumOk };
}

function findBursts(energy: Float64Array, threshold: number, hop: number): Burst[] {
  const bursts: Burst[] = [];
  let start = -1;
  for (let k = 0; k <= energy.length; k++) {
    const on = k < energy.length && energy[k]! >= threshold;
    if (on && start < 0) start = k;
    else if (!on && start >= 0) {
      // One-hop blips are codec noise, not symbols.
      if (k - start >= 2) bursts.push({ start: start * hop, end: k * hop });
      start = -1;
    }
  }
  return bursts;
}

function findPreamble(
  x: Float32Array,
  rate: number,
  bursts: Burst[],
): { index: number; factor: number } | null {
  const [calLow, calHigh] = CALIBRATION_TONES;
  for (let i = 0; i < bursts.length; i++) {
    const b = bursts[i]!;
    if (b.end - b.start < 0.02 * rate) continue;
    const margin = Math.round((b.end - b.start) * 0.15);
    const from = b.start + margin;
    const to = b.end - margin;
    const total = meanSquare(x, from, to);
    let best = 0;
    let factor = 1;
    for (const f of PITCH_FACTORS) {
      const p = goertzelPower(x, from, to, calLow * f, rate) + goertzelPower(x, from, to, calHigh * f, rate);
      if (p > best) {
        best = p;
        factor = f;
      }
    }
    if (total > 0 && best / total >= PREAMBLE_SHARE) return { index: i, factor };
  }
  return null;
}

/** Median spacing of neighbouring onsets near the rough period; merged bursts (2T, 3T) fall outside. */
function refinePeriod(onsets: number[], rough: number): number {
  const diffs: number[] = [];
  for (let i = 1; i < onsets.length; i++) {
    const d = onsets[i]! - onsets[i - 1]!;
    if (d > 0.6 * rough && d < 1.4 * rough) diffs.push(d);
  }
  if (diffs.length < 3) return rough;
  diffs.sort((a, b) => a - b);
  return diffs[diffs.length >> 1]!;
}

function strongest(
  x: Float32Array,
  from: number,
  to: number,
  tones: readonly number[],
  factor: number,
  rate: number,
): { index: number; power: number } {
  let index = 0;
  let power = -1;
  for (let i = 0; i < tones.length; i++) {
    const p = goertzelPower(x, from, to, tones[i]! * factor, rate);
    if (p > power) {
      power = p;
      index = i;
    }
  }
  return { index, power };
}

function quantile(values: Float64Array, q: number): number {
  const sorted = Float64Array.from(values).sort();
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;
}
