import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Emulator } from '../index.js';
import { startEmulator } from '../index.js';
import { postJson } from '../test-support.js';

let emulator: Emulator;
beforeAll(async () => {
  emulator = await startEmulator();
});
afterAll(() => emulator.close());

const moderate = (body: unknown) => postJson(emulator, '/moderations', body);

describe('POST /moderations', () => {
  it('flags keyword categories with scores and applied input types', async () => {
    const { status, json } = await moderate({ input: 'I will kill you, watch your back' });
    expect(status).toBe(200);
    expect(json.id).toMatch(/^modr-/);
    expect(json.model).toBe('omni-moderation-2024-09-26');
    const [result] = json.results;
    expect(result.flagged).toBe(true);
    expect(result.categories.violence).toBe(true);
    expect(result.categories['harassment/threatening']).toBe(true);
    expect(result.categories.harassment).toBe(true);
    expect(result.categories.sexual).toBe(false);
    expect(result.category_scores.violence).toBeGreaterThan(0.5);
    expect(result.category_scores.sexual).toBeLessThan(0.01);
    expect(Object.keys(result.categories)).toHaveLength(13);
    expect(result.category_applied_input_types.violence).toEqual(['text']);
  });

  it('answers one result per string and is deterministic', async () => {
    const first = await moderate({
      input: ['have a nice day', 'I want to die'],
      model: 'omni-moderation-latest',
    });
    const second = await moderate({
      input: ['have a nice day', 'I want to die'],
      model: 'omni-moderation-latest',
    });
    expect(first.json.results.map((result: { flagged: boolean }) => result.flagged)).toEqual([false, true]);
    expect(first.json.results[1].categories['self-harm/intent']).toBe(true);
    expect(first.json.results).toEqual(second.json.results);
  });

  it('judges a multimodal array as one input', async () => {
    const { json } = await moderate({
      input: [
        { type: 'text', text: 'a picture of gore' },
        { type: 'image_url', image_url: { url: 'https://example.com/a.png' } },
      ],
    });
    expect(json.results).toHaveLength(1);
    expect(json.results[0].categories['violence/graphic']).toBe(true);
    expect(json.results[0].category_applied_input_types.violence).toEqual(['text', 'image']);
    expect(json.results[0].category_applied_input_types.hate).toEqual(['text']);
  });

  it('legacy text models apply text only and give no illicit verdicts', async () => {
    const { json } = await moderate({ input: 'fine', model: 'text-moderation-latest' });
    expect(json.model).toBe('text-moderation-007');
    expect(json.results[0].category_applied_input_types.violence).toEqual(['text']);
    expect(json.results[0].categories.illicit).toBeNull();
  });

  it.each([
    [{ input: '' }, 'input'],
    [{ input: [] }, 'input'],
    [{}, 'input'],
    [{ input: 42 }, 'input'],
    [{ input: [{ type: 'audio' }] }, 'input'],
    [{ input: [{ type: 'image_url', image_url: { url: 'x' } }], model: 'text-moderation-latest' }, 'input'],
  ])('rejects %j naming %s', async (body, param) => {
    const { status, json } = await moderate(body);
    expect(status).toBe(400);
    expect(json.error.param).toBe(param);
  });
});
