// The emulator answers a speech request in MP3 (lamejs) and an image request (PNG with CRC-32 chunks).
const assert = require('node:assert/strict');

module.exports = async ({ load }) => {
  const { startEmulator } = await load('@anyint/emulator');
  const emulator = await startEmulator({ apiKey: 'smoke-key' });
  try {
    const post = (path, body) =>
      fetch(`${emulator.url}${path}`, {
        method: 'POST',
        headers: { authorization: 'Bearer smoke-key', 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
    const speech = await post('/audio/speech', { model: 'tts-1', input: 'hello', voice: 'alloy' });
    assert.equal(speech.status, 200);
    const mp3 = new Uint8Array(await speech.arrayBuffer());
    assert.equal(mp3[0], 0xff, 'an MP3 frame sync byte');
    const image = await post('/images/generations', {
      model: 'gpt-image-1',
      prompt: 'a fox',
      response_format: 'b64_json',
    });
    assert.equal(image.status, 200);
    const png = Buffer.from((await image.json()).data[0].b64_json, 'base64');
    assert.equal(png.subarray(1, 4).toString('latin1'), 'PNG');
  } finally {
    await emulator.close();
  }
};
