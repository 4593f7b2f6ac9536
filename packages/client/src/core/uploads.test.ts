import { describe, expect, it } from 'vitest';
import { resolveUpload, sniffExtension, toFile } from './uploads.js';

const wavHead = Buffer.concat([Buffer.from('RIFF'), Buffer.alloc(4), Buffer.from('WAVEfmt ')]);

describe('upload names', () => {
  it.each([
    [wavHead, '.wav'],
    [Buffer.from('ID3\u0004\u0000'), '.mp3'],
    [Buffer.from([0xff, 0xfb, 0x90, 0x00]), '.mp3'],
    [Buffer.concat([Buffer.alloc(4), Buffer.from('ftypM4A ')]), '.m4a'],
    [Buffer.from('OggS\u0000'), '.ogg'],
    [Buffer.from('fLaC'), '.flac'],
    [Buffer.from([0x1a, 0x45, 0xdf, 0xa3]), '.webm'],
    [Buffer.from('hello'), undefined],
  ])('sniffs %s as %s', (bytes, extension) => {
    expect(sniffExtension(bytes)).toBe(extension);
  });

  it('names bytes without a name by their content, with a matching type', async () => {
    const upload = await resolveUpload('file', await toFile(Buffer.concat([wavHead, Buffer.alloc(100)])));
    expect(upload).toMatchObject({ name: 'upload.wav', type: 'audio/wav', size: 116, replayable: true });
  });

  it('takes the extension from the MIME type before the bytes, and keeps a given extension', async () => {
    expect((await resolveUpload('file', new File(['x'], 'voice', { type: 'audio/mpeg' }))).name).toBe(
      'voice.mp3',
    );
    expect((await resolveUpload('file', new File(['x'], 'notes.txt'))).name).toBe('notes.txt');
  });
});
