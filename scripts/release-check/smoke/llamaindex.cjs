// The embedding model and a tool, through LlamaIndex's own base classes.
const assert = require('node:assert/strict');

module.exports = async ({ load }) => {
  const { startEmulator } = await load('@anyint/emulator');
  const { AnyIntEmbedding, createAnyIntTools } = await load('@anyint/llamaindex');
  const emulator = await startEmulator({ apiKey: 'smoke-key' });
  try {
    const options = { apiKey: 'smoke-key', baseURL: emulator.url };
    const model = new AnyIntEmbedding({ ...options, model: 'text-embedding-3-small' });
    const vectors = await model.getTextEmbeddings(['a', 'b']);
    assert.equal(vectors.length, 2);
    assert.ok(createAnyIntTools({ ...options, moderationModel: 'omni-moderation-latest' }).length > 0);
  } finally {
    await emulator.close();
  }
};
