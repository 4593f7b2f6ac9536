import { describe, expect, it } from 'vitest';
import { extensionOfMediaType, mediaTypeOfName, sniffMediaType } from './media-type.js';

const bytes = (...parts: (string | number[])[]) =>
  new Uint8Array(
    parts.flatMap((part) => (typeof part === 'string' ? [...part].map((c) => c.charCodeAt(0)) : part)),
  );

describe('media types', () => {
  it.each([
    [bytes('RIFF', [0, 0, 0, 0], 'WAVE'), 'audio/wav', '.wav'],
    [bytes('ID3', [3, 0]), 'audio/mpeg', '.mp3'],
    [bytes([0xff, 0xfb, 0x90]), 'audio/mpeg', '.mp3'],
    [bytes('fLaC'), 'audio/flac', '.flac'],
    [bytes('OggS'), 'audio/ogg', '.ogg'],
    [bytes([0x1a, 0x45, 0xdf, 0xa3]), 'audio/webm', '.webm'],
    [bytes([0, 0, 0, 0x20], 'ftypM4A '), 'audio/mp4', '.m4a'],
    [bytes([0, 0, 0, 0x20], 'ftypisom'), 'video/mp4', '.mp4'],
    [bytes([0x89], 'PNG'), 'image/png', '.png'],
    [bytes([0xff, 0xd8, 0xff]), 'image/jpeg', '.jpg'],
    [bytes('RIFF', [0, 0, 0, 0], 'WEBP'), 'image/webp', '.webp'],
    [bytes('GIF89a'), 'image/gif', '.gif'],
    [bytes('%PDF-1.7'), 'application/pdf', '.pdf'],
  ])('recognises %s by its first bytes', (head, type, extension) => {
    expect(sniffMediaType(head)).toEqual({ type, extension });
  });

  it('knows nothing of other bytes, and maps names and types both ways', () => {
    expect(sniffMediaType(bytes('hello world'))).toBeUndefined();
    expect(mediaTypeOfName('dir/CALL.MP3')).toBe('audio/mpeg');
    expect(mediaTypeOfName('notes')).toBe('application/octet-stream');
    expect(extensionOfMediaType('audio/x-wav; codecs=1')).toBe('.wav');
    expect(extensionOfMediaType('audio/mpeg')).toBe('.mp3');
    expect(extensionOfMediaType('audio/mp4')).toBe('.m4a');
    expect(extensionOfMediaType('image/jpeg')).toBe('.jpg');
    expect(extensionOfMediaType('application/x-unknown')).toBeUndefined();
  });
});
