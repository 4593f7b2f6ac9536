// Every entry point loads; embeddings and a tool call go through LangChain's own APIs.
const assert = require('node:assert/strict');

module.exports = async ({ load }) => {
  const { startEmulator } = await load('@anyint/emulator');
  const root = await load('@anyint/langchain');
  const { AnyIntEmbeddings } = await load('@anyint/langchain/embeddings');
  const { createAnyIntTools } = await load('@anyint/langchain/tools');
  const { AnyIntAudioTranscriptLoader } = await load('@anyint/langchain/document_loaders');
  const { anyintModerationMiddleware } = await load('@anyint/langchain/middleware');
  assert.equal(root.AnyIntEmbeddings, AnyIntEmbeddings, 'one class whichever entry point it comes from');
  assert.equal(typeof AnyIntAudioTranscriptLoader, 'function');
  const emulator = await startEmulator({ apiKey: 'smoke-key' });
  try {
    const options = { apiKey: 'smoke-key', baseURL: emulator.url };
    const vectors = await new AnyIntEmbeddings({
      ...options,
      model: 'text-embedding-3-small',
    }).embedDocuments(['a', 'b']);
    assert.equal(vectors.length, 2);
    const tools = createAnyIntTools({ ...options, moderationModel: 'omni-moderation-latest' });
    const moderation = tools.find((tool) => tool.name === 'moderate_text');
    assert.ok(moderation, `tools: ${tools.map((tool) => tool.name).join(', ')}`);
    const message = await moderation.invoke({
      id: '1',
      name: moderation.name,
      args: { text: 'have a nice day' },
      type: 'tool_call',
    });
    assert.equal(message.tool_call_id, '1');
    assert.ok(anyintModerationMiddleware({ ...options, model: 'omni-moderation-latest' }).name);
  } finally {
    await emulator.close();
  }
};
