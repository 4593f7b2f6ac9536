// The client embeds, synthesises speech and transcribes it back (a multipart upload) over real HTTP.
const assert = require('node:assert/strict');

module.exports = async ({ load }) => {
  const { startEmulator } = await load('@anyint/emulator');
  const { AnyInt, toFile } = await load('@anyint/client');
  const emulator = await startEmulator({ apiKey: 'smoke-key' });
  try {
    const anyint = new AnyInt({ apiKey: 'smoke-key', baseURL: emulator.url, maxRetries: 0 });
    const { data } = await anyint.embeddings.create({ model: 'text-embedding-3-small', input: ['hello'] });
    assert.ok(data[0].embedding.length > 0);
    const speech = await anyint.audio.speech.create({
      model: 'tts-1',
      input: 'smoke',
      voice: 'alloy',
      response_format: 'wav',
    });
    const wav = new Uint8Array(await speech.arrayBuffer());
    const { text } = await anyint.audio.transcriptions.create({
      file: await toFile(wav, 'smoke.wav'),
      model: 'whisper-1',
    });
    assert.equal(text, 'smoke');
  } finally {
    await emulator.close();
  }
};
