import { Agent, type Dispatcher } from 'undici';
import { describe, expect, it } from 'vitest';
import { useEmulator } from '../test-support.js';

/** An undici Agent that counts the requests it carries. */
class CountingAgent extends Agent {
  dispatched = 0;
  override dispatch(options: Dispatcher.DispatchOptions, handler: Dispatcher.DispatchHandler): boolean {
    this.dispatched++;
    return super.dispatch(options, handler);
  }
}

describe('dispatcher option', () => {
  const ctx = useEmulator();

  it("sends every request through the caller's undici Agent", async () => {
    const agent = new CountingAgent();
    try {
      const client = ctx.client({ dispatcher: agent });
      await client.embeddings.create({ model: 'text-embedding-3-small', input: 'hello' });
      await client.moderations.create({ model: 'omni-moderation-latest', input: 'hello' });
      expect(agent.dispatched).toBe(2);
      expect(ctx.emulator.requests.map((r) => r.path)).toEqual([
        '/openai/v1/embeddings',
        '/openai/v1/moderations',
      ]);
    } finally {
      await agent.close();
    }
  });
});
