import { describe, expect, it } from 'vitest';
import { SPEECH_FORMATS, SPEECH_SAMPLE_RATE, synthesizeSpeech } from './index.js';
import { parseMp3, readFrameHeader } from './mp3-frames.js';

const view = (b: Uint8Array): DataView => new DataView(b.buffer, b.byteOffset, b.byteLength);
const ascii = (b: Uint8Array, from: number): string => String.fromCharCode(...b.subarray(from, from + 4));
const pcmSeconds = (text: string, speed = 1): number =>
  synthesizeSpeech(text, { format: 'pcm', speed }).length / 2 / SPEECH_SAMPLE_RATE;

describe('synthesizeSpeech', () => {
  it('lists the three formats', () => {
    expect([...SPEECH_FORMATS].sort()).toEqual(['mp3', 'pcm', 'wav']);
  });

  it('writes a canonical 16-bit mono 24 kHz WAV header', () => {
    const wav = synthesizeSpeech('Hello there.', { format: 'wav' });
    const v = view(wav);
    expect(ascii(wav, 0)).toBe('RIFF');
    expect(v.getUint32(4, true)).toBe(wav.length - 8);
    expect(ascii(wav, 8)).toBe('WAVE');
    expect(ascii(wav, 12)).toBe('fmt ');
    expect(v.getUint32(16, true)).toBe(16);
    expect(v.getUint16(20, true)).toBe(1); // PCM
    expect(v.getUint16(22, true)).toBe(1); // mono
    expect(v.getUint32(24, true)).toBe(24000);
    expect(v.getUint32(28, true)).toBe(48000);
    expect(v.getUint16(32, true)).toBe(2);
    expect(v.getUint16(34, true)).toBe(16);
    expect(ascii(wav, 36)).toBe('data');
    expect(v.getUint32(40, true)).toBe(wav.length - 44);
  });

  it('writes pcm as the same 16-bit samples, two bytes each, without a header', () => {
    const wav = synthesizeSpeech('Same samples', { format: 'wav' });
    const pcm = synthesizeSpeech('Same samples', { format: 'pcm' });
    expect(pcm.length % 2).toBe(0);
    expect(pcm.length).toBe(view(wav).getUint32(40, true));
    expect(Buffer.from(pcm).equals(Buffer.from(wav.subarray(44)))).toBe(true);
  });

  it('is audible, unclipped and in the voice band', () => {
    const pcm = synthesizeSpeech('Audible tones for every character.', { format: 'pcm' });
    const v = view(pcm);
    let sum = 0;
    let peak = 0;
    let crossings = 0;
    let previous = 0;
    const n = pcm.length / 2;
    for (let i = 0; i < n; i++) {
      const s = v.getInt16(i * 2, true) / 32768;
      sum += s * s;
      peak = Math.max(peak, Math.abs(s));
      if (s !== 0 && previous !== 0 && s > 0 !== previous > 0) crossings++;
      if (s !== 0) previous = s;
    }
    expect(Math.sqrt(sum / n)).toBeGreaterThan(0.1); // louder than -20 dBFS
    expect(peak).toBeLessThan(1);
    // Zero crossings per second / 2 estimates the dominant frequency.
    const hz = crossings / 2 / (n / SPEECH_SAMPLE_RATE);
    expect(hz).toBeGreaterThan(400);
    expect(hz).toBeLessThan(3400);
  });

  it('grows with the text', () => {
    const a = pcmSeconds('Hi.');
    const b = pcmSeconds('Hello there, general.');
    const c = pcmSeconds('Hello there, general. A much longer sentence follows the greeting.');
    expect(a).toBeLessThan(b);
    expect(b).toBeLessThan(c);
    // About 16 characters a second, like speech.
    expect(c).toBeGreaterThan(3);
    expect(c).toBeLessThan(6);
  });

  it('scales the duration with 1 / speed', () => {
    const text = 'Speed changes the pace, not the words.';
    const normal = pcmSeconds(text);
    expect(pcmSeconds(text, 0.5) / normal).toBeCloseTo(2, 2);
    expect(pcmSeconds(text, 2) / normal).toBeCloseTo(0.5, 2);
    expect(pcmSeconds(text, 4)).toBeGreaterThan(0);
  });

  it('writes MP3 frames (MPEG-2 Layer III, 24 kHz mono, 64 kbit/s) as long as the pcm', () => {
    const text = 'Valid frames.';
    const mp3 = synthesizeSpeech(text, { format: 'mp3' });
    const header = readFrameHeader(mp3, 0);
    expect(header).toMatchObject({ sampleRate: 24000, channels: 1, bitrateKbps: 64, samples: 576 });
    const info = parseMp3(mp3);
    expect(info).toMatchObject({ sampleRate: 24000, channels: 1, bitrateKbps: 64 });
    // The encoder adds its delay and pads the last frame: at most two frames more than the pcm.
    const seconds = pcmSeconds(text);
    expect(info!.durationSeconds).toBeGreaterThanOrEqual(seconds);
    expect(info!.durationSeconds).toBeLessThan(seconds + 0.1);
  });

  it('rejects an out-of-range speed and an unknown format', () => {
    expect(() => synthesizeSpeech('x', { format: 'wav', speed: 0.1 })).toThrow(RangeError);
    expect(() => synthesizeSpeech('x', { format: 'wav', speed: Number.NaN })).toThrow(RangeError);
    expect(() => synthesizeSpeech('x', { format: 'ogg' as 'wav' })).toThrow(RangeError);
  });

  it('synthesises 60 ms of audio per character of a 200-character text', () => {
    const text = 'The emulator speaks in tones. '.repeat(7).slice(0, 200);
    const wav = synthesizeSpeech(text, { format: 'wav' });
    expect(wav.length).toBeGreaterThan(44 + 200 * 0.06 * 24000 * 2);
  });
});
