import { describe, expect, it } from 'vitest';
import {
  AudioDecodeError,
  SPEECH_SAMPLE_RATE,
  type SpeechFormat,
  synthesizeSpeech,
  transcribeAudio,
} from './index.js';
import { modulate } from './modulate.js';
import { parseMp3 } from './mp3-frames.js';
import { encodeWav } from './wav.js';

const FILE: Record<SpeechFormat, string> = { wav: 'speech.wav', pcm: 'speech.pcm', mp3: 'speech.mp3' };
const roundTrip = (text: string, format: SpeechFormat, speed?: number, voice?: string): string =>
  transcribeAudio(synthesizeSpeech(text, { format, speed, voice }), FILE[format]).text;

const PARAGRAPH =
  'The quick brown fox jumps over the lazy dog, twice: once at 09:30 and again at 17:45! ' +
  'Did anyone see it? "Nobody," said the farmer (aged 62), "but I heard 3 loud barks." ' +
  'Prices rose 4.5% to $1,299 + tax; e-mail sales@example.com & ask for #42 * urgently * ' +
  'before 2025/01/31. Then everyone went home, and the fields were quiet again until dawn.';

describe('transcribeAudio round trip', () => {
  const texts = [
    'Hello, world.',
    'Call 555-0199 at 8:15, or 12/24!',
    'It\'s 100% right? (Yes; "quoted" & 42 = #1.)',
    'Ünïcödé façade: 東京 — naïve café ✓',
    PARAGRAPH,
  ];

  for (const format of ['wav', 'pcm'] as const) {
    for (const text of texts) {
      it(`reads back ${format}: ${text.slice(0, 30)}`, () => {
        expect(roundTrip(text, format)).toBe(text);
      });
    }
  }

  it('reads back mp3 with punctuation and digits', () => {
    expect(roundTrip('Call 555-0199, ok?', 'mp3')).toBe('Call 555-0199, ok?');
  });

  it('reads back mp3 at speed 2 and 0.5 with other voices', () => {
    expect(roundTrip('Fast talk, 2x.', 'mp3', 2, 'onyx')).toBe('Fast talk, 2x.');
    expect(roundTrip('Slow.', 'mp3', 0.5, 'shimmer')).toBe('Slow.');
  });

  it('normalises whitespace as a transcript would', () => {
    expect(roundTrip('  two\n\nlines\tand   spaces ', 'wav')).toBe('two lines and spaces');
  });

  it('decodes every voice, each at its own pitch', () => {
    const voices = [
      'alloy',
      'ash',
      'ballad',
      'coral',
      'echo',
      'fable',
      'onyx',
      'nova',
      'sage',
      'shimmer',
      'verse',
      'x',
    ];
    for (const voice of voices) expect(roundTrip('Voice check.', 'pcm', 1, voice)).toBe('Voice check.');
    const a = synthesizeSpeech('pitch', { format: 'pcm', voice: 'onyx' });
    const b = synthesizeSpeech('pitch', { format: 'pcm', voice: 'nova' });
    expect(Buffer.from(a).equals(Buffer.from(b))).toBe(false);
  });

  it('reads back at speed 0.5 and 2, with durations scaling', () => {
    const text = 'Pace test, 1 2 3.';
    const slow = transcribeAudio(synthesizeSpeech(text, { format: 'wav', speed: 0.5 }), 'a.wav');
    const normal = transcribeAudio(synthesizeSpeech(text, { format: 'wav' }), 'a.wav');
    const fast = transcribeAudio(synthesizeSpeech(text, { format: 'wav', speed: 2 }), 'a.wav');
    expect([slow.text, normal.text, fast.text]).toEqual([text, text, text]);
    expect(slow.durationSeconds / normal.durationSeconds).toBeCloseTo(2, 2);
    expect(fast.durationSeconds / normal.durationSeconds).toBeCloseTo(0.5, 2);
  });

  it('gives words and sentence segments with times from the audio', () => {
    const wav = synthesizeSpeech('Hello there, friend. How are you? Fine!', { format: 'wav' });
    const t = transcribeAudio(wav, 'hello.wav');
    expect(t.language).toBe('en');
    expect(t.durationSeconds).toBeCloseTo((wav.length - 44) / 2 / SPEECH_SAMPLE_RATE, 6);
    expect(t.words.map((w) => w.word)).toEqual(['Hello', 'there', 'friend', 'How', 'are', 'you', 'Fine']);
    expect(t.segments.map((s) => s.text)).toEqual(['Hello there, friend.', 'How are you?', 'Fine!']);
    expect(t.segments.map((s) => s.id)).toEqual([0, 1, 2]);
    let last = 0;
    for (const w of t.words) {
      expect(w.start).toBeGreaterThanOrEqual(last);
      expect(w.end).toBeGreaterThan(w.start);
      last = w.end;
    }
    expect(last).toBeLessThan(t.durationSeconds);
    // A symbol takes 60 ms at speed 1, its tone 45 of them: "Hello" is SHIFT h e l l o, six symbols.
    expect(t.words[0]!.end - t.words[0]!.start).toBeCloseTo(5 * 0.06 + 0.045, 2);
    expect(t.words[1]!.end - t.words[1]!.start).toBeCloseTo(4 * 0.06 + 0.045, 2);
    expect(t.segments[1]!.start).toBeCloseTo(t.words[3]!.start, 6);
  });

  it('reads mp3 through the decoder, from a Buffer too, and times it from the frames', () => {
    const mp3 = synthesizeSpeech('Frames.', { format: 'mp3' });
    const t = transcribeAudio(mp3, 'x.mp3');
    expect(t.text).toBe('Frames.');
    expect(t.durationSeconds).toBeCloseTo(parseMp3(mp3)!.durationSeconds, 6);
    // Uploads arrive as Buffers, possibly views into a larger allocation.
    const pooled = Buffer.concat([Buffer.alloc(3), Buffer.from(mp3)]).subarray(3);
    expect(transcribeAudio(pooled, 'x.mp3').text).toBe('Frames.');

    const id3 = new Uint8Array(10 + 20);
    id3.set([0x49, 0x44, 0x33, 4, 0, 0, 0, 0, 0, 20]);
    const v1 = new Uint8Array(128);
    v1.set([0x54, 0x41, 0x47]);
    const tagged = new Uint8Array([...id3, ...mp3, ...v1]);
    // Found by its frames whatever the name, behind an ID3v2 tag and before an ID3v1 tag.
    const fromTagged = transcribeAudio(tagged, 'upload.bin');
    expect(fromTagged.text).toBe('Frames.');
    expect(fromTagged.durationSeconds).toBeCloseTo(t.durationSeconds, 6);
  });

  it('reads wav and pcm from Buffers at odd offsets', () => {
    const wav = Buffer.concat([
      Buffer.alloc(1),
      Buffer.from(synthesizeSpeech('Odd offset.', { format: 'wav' })),
    ]);
    expect(transcribeAudio(wav.subarray(1), 'a.wav').text).toBe('Odd offset.');
    const pcm = Buffer.concat([
      Buffer.alloc(1),
      Buffer.from(synthesizeSpeech('Odd offset.', { format: 'pcm' })),
    ]);
    expect(transcribeAudio(pcm.subarray(1), 'a.pcm').text).toBe('Odd offset.');
  });

  it('prefers magic bytes to the extension', () => {
    expect(transcribeAudio(synthesizeSpeech('Really WAV.', { format: 'wav' }), 'misnamed.mp3').text).toBe(
      'Really WAV.',
    );
    expect(transcribeAudio(synthesizeSpeech('No name.', { format: 'pcm' })).text).toBe('No name.');
  });
});

describe('transcribeAudio of other WAV encodings', () => {
  const text = 'Other rates, depths & channels.';

  function wavOf(rate: number, channels: number, format: 1 | 3, bits: number): Uint8Array {
    const mono = modulate(text, { rate, speed: 1, pitchIndex: 2 });
    const bytesPerSample = bits / 8;
    const dataBytes = mono.length * channels * bytesPerSample;
    const out = new Uint8Array(44 + dataBytes);
    const v = new DataView(out.buffer);
    out.set(encodeWav(new Int16Array(0), rate).subarray(0, 44));
    v.setUint32(4, 36 + dataBytes, true);
    v.setUint16(20, format, true);
    v.setUint16(22, channels, true);
    v.setUint32(28, rate * channels * bytesPerSample, true);
    v.setUint16(32, channels * bytesPerSample, true);
    v.setUint16(34, bits, true);
    v.setUint32(40, dataBytes, true);
    for (let i = 0; i < mono.length; i++) {
      const s = mono[i]! / 32768;
      for (let c = 0; c < channels; c++) {
        const at = 44 + (i * channels + c) * bytesPerSample;
        if (format === 3) v.setFloat32(at, s, true);
        else if (bits === 8) v.setUint8(at, Math.round(s * 127) + 128);
        else if (bits === 24) {
          const x = Math.round(s * 8388607);
          v.setUint8(at, x & 0xff);
          v.setInt16(at + 1, x >> 8, true);
        } else v.setInt32(at, Math.round(s * 2147483647), true);
      }
    }
    return out;
  }

  it.each([
    [44100, 2, 1, 8],
    [48000, 1, 1, 24],
    [16000, 2, 1, 32],
    [22050, 2, 3, 32],
  ] as const)('reads %i Hz, %i channel(s), format %i, %i-bit', (rate, channels, format, bits) => {
    const t = transcribeAudio(wavOf(rate, channels, format, bits), 'x.wav');
    expect(t.text).toBe(text);
    expect(t.durationSeconds).toBeCloseTo(modulate(text, { rate, speed: 1, pitchIndex: 2 }).length / rate, 6);
  });
});

describe('transcribeAudio of audio it did not make', () => {
  function sineWav(seconds: number, hz: number, rate = 24000): Uint8Array {
    const samples = new Int16Array(Math.round(seconds * rate));
    for (let i = 0; i < samples.length; i++)
      samples[i] = Math.round(12000 * Math.sin((2 * Math.PI * hz * i) / rate));
    return encodeWav(samples, rate);
  }

  it('gives a deterministic placeholder with the real duration of a 1.5 s sine', () => {
    const wav = sineWav(1.5, 440);
    const a = transcribeAudio(wav, 'tone.wav');
    const b = transcribeAudio(Uint8Array.from(wav), 'tone.wav');
    expect(a.durationSeconds).toBeCloseTo(1.5, 9);
    expect(a.text.length).toBeGreaterThan(0);
    expect(b).toEqual(a);
    expect(transcribeAudio(sineWav(1.5, 523), 'tone.wav').text).not.toBe(a.text);
    expect(a.words.length).toBeGreaterThan(0);
    expect(a.words.at(-1)!.end).toBeCloseTo(1.5, 3);
    expect(a.segments.map((s) => s.text).join(' ')).toBe(a.text);
  });

  it('gives a placeholder with the real duration for a compressed (mu-law) WAV', () => {
    const wav = encodeWav(new Int16Array(6000), 8000); // 12000 data bytes
    const v = new DataView(wav.buffer);
    v.setUint16(20, 7, true); // WAVE_FORMAT_MULAW, 8-bit: 8000 bytes a second
    v.setUint32(28, 8000, true);
    v.setUint16(32, 1, true);
    v.setUint16(34, 8, true);
    wav.fill(0xff, 44); // mu-law silence
    const t = transcribeAudio(wav, 'call.wav');
    expect(t.durationSeconds).toBeCloseTo(1.5, 9);
    expect(t.text.length).toBeGreaterThan(0);
  });

  it('gives a placeholder for silence, timed by the byte count', () => {
    const t = transcribeAudio(new Uint8Array(48000 * 2), 'quiet.pcm');
    expect(t.durationSeconds).toBeCloseTo(2, 9);
    expect(t.text).toMatch(/^[A-Z]/);
  });

  it('times FLAC from its STREAMINFO', () => {
    const flac = new Uint8Array(64);
    flac.set([0x66, 0x4c, 0x61, 0x43, 0x80, 0, 0, 34]);
    // 44100 Hz, 2 channels, 16 bits, 88200 samples = 2 s
    flac.set([0x0a, 0xc4, 0x42, 0xf0, 0x00, 0x01, 0x58, 0x88], 18);
    const t = transcribeAudio(flac, 'a.flac');
    expect(t.durationSeconds).toBeCloseTo(2, 9);
  });
});

describe('transcribeAudio of bytes that are not audio', () => {
  it.each([
    ['empty', new Uint8Array(0), 'a.wav'],
    ['PNG', new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0]), 'a.png'],
    ['JSON', new TextEncoder().encode('{"text": "hello, this is not audio"}'), 'a.mp3'],
    ['text', new TextEncoder().encode('just some words that someone uploaded by mistake'), undefined],
    ['binary named .wav', new Uint8Array(100).fill(7), 'a.wav'],
    ['binary named .mp3', new Uint8Array(100).fill(7), 'a.mp3'],
    ['binary named .docx', new Uint8Array(100).fill(7), 'a.docx'],
  ])('rejects %s with AudioDecodeError', (_name, bytes, filename) => {
    expect(() => transcribeAudio(bytes, filename)).toThrow(AudioDecodeError);
    try {
      transcribeAudio(bytes, filename);
    } catch (error) {
      expect((error as Error).message.length).toBeGreaterThan(10);
      expect((error as Error).name).toBe('AudioDecodeError');
    }
  });
});
