import { describe, expect, it } from 'vitest';
import { AnyIntValidationError } from '../index.js';
import { imageToolSpec, parseToolInput, transcriptionToolSpec, videoToolSpec } from './tool-inputs.js';

function fieldOf(run: () => unknown): string | undefined {
  try {
    run();
  } catch (error) {
    if (AnyIntValidationError.isInstance(error)) return error.field;
    throw error;
  }
  return undefined;
}

describe('tool inputs', () => {
  it("limits a Kling video's lengths, leaves unknown models open", () => {
    expect(videoToolSpec('kling-v3').schema.properties.seconds?.enum).toEqual(['5', '10']);
    expect(videoToolSpec('veo-3').schema.properties.seconds?.pattern).toBe('^\\d+$');
  });

  it('offers Kling images their aspect ratios and OpenAI models their sizes', () => {
    expect(imageToolSpec('kling-v3-omni').schema.properties.size?.pattern).toContain('\\d+:\\d+');
    expect(imageToolSpec('dall-e-3').schema.properties.size?.enum).toEqual([
      '1024x1024',
      '1792x1024',
      '1024x1792',
    ]);
    expect(imageToolSpec('dall-e-3').schema.properties.n?.maximum).toBe(1);
  });

  it('trims strings and names the first wrong field', () => {
    const spec = transcriptionToolSpec({});
    expect(parseToolInput(spec, { file_path: ' a.wav ', language: 'en' })).toEqual({
      file_path: 'a.wav',
      language: 'en',
    });
    expect(fieldOf(() => parseToolInput(spec, {}))).toBe('file_path');
    expect(fieldOf(() => parseToolInput(spec, { file_path: 'a.wav', language: 'English' }))).toBe('language');
    expect(fieldOf(() => parseToolInput(spec, { file_path: 'a.wav', audio: 'b.wav' }))).toBe('audio');
    expect(fieldOf(() => parseToolInput(videoToolSpec('kling-v3'), { prompt: 'fox', seconds: '4' }))).toBe(
      'seconds',
    );
    expect(fieldOf(() => parseToolInput(imageToolSpec('x'), { prompt: 'fox', n: 1.5 }))).toBe('n');
  });
});
