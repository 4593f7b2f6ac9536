// The provider serves `ai`'s own embedMany and generateSpeech.
const assert = require('node:assert/strict');

module.exports = async ({ load }) => {
  const { startEmulator } = await load('@anyint/emulator');
  const { createAnyInt } = await load('@anyint/ai-sdk-provider');
  const ai = await load('ai');
  const emulator = await startEmulator({ apiKey: 'smoke-key' });
  try {
    const anyint = createAnyInt({ apiKey: 'smoke-key', baseURL: emulator.url });
    const { embeddings } = await ai.embedMany({
      model: anyint.embedding('text-embedding-3-small'),
      values: ['a', 'b'],
      maxRetries: 0,
    });
    assert.equal(embeddings.length, 2);
    const { audio } = await ai.experimental_generateSpeech({
      model: anyint.speech('tts-1'),
      text: 'hi',
      voice: 'alloy',
      outputFormat: 'wav',
      maxRetries: 0,
    });
    assert.ok(audio.uint8Array.length > 44);
  } finally {
    await emulator.close();
  }
};
