import { describe, expect, it } from 'vitest';
import {
  defaultTranscriptionFormat,
  imageModelRules,
  imageSizeForAspectRatio,
  videoModelRules,
} from './model-families.js';

describe('model families', () => {
  it("sends Kling's image aspect ratios as the size itself, and OpenAI sizes only for an exact ratio", () => {
    expect(imageSizeForAspectRatio('kling-v3-omni', '16:9')).toBe('16:9');
    expect(imageSizeForAspectRatio('kling-v3', '21:9')).toBe('21:9');
    expect(imageSizeForAspectRatio('kling-v3', '5:4')).toBeUndefined();
    expect(imageSizeForAspectRatio('gpt-image-1', '3:2')).toBe('1536x1024');
    expect(imageSizeForAspectRatio('dall-e-3', '1:1')).toBe('1024x1024');
    expect(imageSizeForAspectRatio('dall-e-3', '16:9')).toBeUndefined();
    expect(imageSizeForAspectRatio('some-new-model', '1:1')).toBeUndefined();
  });

  it('lists what each image family takes', () => {
    expect(imageModelRules('kling-v3-omni')).toMatchObject({ maxImagesPerCall: 9, sizes: undefined });
    expect(imageModelRules('gpt-image-1')).toMatchObject({
      maxImagesPerCall: 10,
      takesResponseFormat: false,
    });
    expect(imageModelRules('dall-e-3').maxImagesPerCall).toBe(1);
    expect(imageModelRules('flux-pro')).toMatchObject({ maxImagesPerCall: 1, takesResponseFormat: true });
  });

  it("gives Kling's and Sora's video lengths and ratio sizes, and nothing for unknown ids", () => {
    expect(videoModelRules('kling-v3-pro').seconds).toEqual(['5', '10']);
    expect(videoModelRules('kling-v3').aspectRatios['1:1']).toBe('1:1');
    expect(videoModelRules('sora-2').seconds).toEqual(['4', '8', '12']);
    expect(videoModelRules('sora-2-pro').aspectRatios['16:9']).toBe('1280x720');
    expect(videoModelRules('sora-2').aspectRatios['1:1']).toBeUndefined();
    expect(videoModelRules('veo-3')).toEqual({ seconds: undefined, sizes: undefined, aspectRatios: {} });
  });

  it('asks gpt-4o transcribe models for json, others for verbose_json', () => {
    expect(defaultTranscriptionFormat('gpt-4o-transcribe')).toBe('json');
    expect(defaultTranscriptionFormat('gpt-4o-mini-transcribe')).toBe('json');
    expect(defaultTranscriptionFormat('whisper-1')).toBe('verbose_json');
  });
});
