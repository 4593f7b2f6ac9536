import { Ajv2020 } from 'ajv/dist/2020.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Emulator } from './index.js';
import { startEmulator } from './index.js';
import { OPENAPI_DOCUMENT_ID, openapiDocument } from './openapi/schemas.generated.js';
import { postJson } from './test-support.js';

// The emulator's answers are checked against OpenAI's response schemas, so a client tested here
// is tested against the real wire shapes, not against the emulator's own idea of them.
const ajv = new Ajv2020({ strict: false, allErrors: true, validateFormats: false });
ajv.addSchema(openapiDocument);
function expectSchema(name: string, value: unknown): void {
  const validate = ajv.getSchema(`${OPENAPI_DOCUMENT_ID}#/components/schemas/${name}`);
  if (!validate) throw new Error(`no schema ${name}`);
  expect(validate(value) ? [] : validate.errors).toEqual([]);
}

let emulator: Emulator;
let wav: Uint8Array<ArrayBuffer>;
beforeAll(async () => {
  emulator = await startEmulator();
  const speech = await fetch(`${emulator.url}/audio/speech`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ model: 'tts-1', input: 'conformance', voice: 'alloy', response_format: 'wav' }),
  });
  wav = new Uint8Array(await speech.arrayBuffer());
});
afterAll(() => emulator.close());

async function audio(route: string, fields: Record<string, string>) {
  const form = new FormData();
  form.append('file', new Blob([wav]), 'a.wav');
  for (const [name, value] of Object.entries(fields)) form.append(name, value);
  const response = await fetch(`${emulator.url}/audio/${route}`, { method: 'POST', body: form });
  return response.json();
}

describe('responses match OpenAI’s schemas', () => {
  it('embeddings', async () => {
    expectSchema(
      'CreateEmbeddingResponse',
      (await postJson(emulator, '/embeddings', { model: 'm', input: ['a', 'b'] })).json,
    );
  });

  it('images', async () => {
    for (const model of ['dall-e-2', 'dall-e-3', 'gpt-image-1']) {
      const { json } = await postJson(emulator, '/images/generations', {
        model,
        prompt: 'p',
        response_format: 'b64_json',
      });
      expectSchema('ImagesResponse', json);
    }
  });

  it('moderations', async () => {
    for (const model of ['omni-moderation-latest', 'text-moderation-latest']) {
      expectSchema(
        'CreateModerationResponse',
        (await postJson(emulator, '/moderations', { model, input: 'kill' })).json,
      );
    }
  });

  it('transcriptions and translations', async () => {
    expectSchema('CreateTranscriptionResponseJson', await audio('transcriptions', { model: 'whisper-1' }));
    expectSchema(
      'CreateTranscriptionResponseJson',
      await audio('transcriptions', { model: 'gpt-4o-transcribe' }),
    );
    expectSchema(
      'CreateTranscriptionResponseVerboseJson',
      await audio('transcriptions', {
        model: 'whisper-1',
        response_format: 'verbose_json',
        'timestamp_granularities[]': 'word',
      }),
    );
    expectSchema('CreateTranslationResponseJson', await audio('translations', { model: 'whisper-1' }));
    expectSchema(
      'CreateTranslationResponseVerboseJson',
      await audio('translations', { model: 'whisper-1', response_format: 'verbose_json' }),
    );
  });

  it('errors', async () => {
    expectSchema('ErrorResponse', (await postJson(emulator, '/embeddings', { model: 'm', input: '' })).json);
    expectSchema(
      'ErrorResponse',
      (await postJson(emulator, '/images/generations', { prompt: 'x', n: 0 })).json,
    );
    expectSchema('ErrorResponse', (await postJson(emulator, '/missing', {})).json);
  });
});
