import { type Emulator, startEmulator } from '@anyint/emulator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { run } from './test-support.js';

const apiKey = 'sk-cli-flags';
let emulator: Emulator;
let env: Record<string, string>;

beforeAll(async () => {
  emulator = await startEmulator({
    apiKey,
    seed: 1,
    faults: [
      { route: 'files', kind: 'status', status: 503, count: 2, retryAfter: 0 },
      { model: 'slow-embedding', kind: 'delay', delayMs: 5000 },
    ],
  });
  env = { ANYINT_BASE_URL: emulator.url, ANYINT_API_KEY: apiKey };
});
afterAll(() => emulator.close());

describe('--timeout and --max-retries', () => {
  it('--max-retries sets the retries of every request', async () => {
    const none = await run(['files', 'ls', '--max-retries', '0'], { env });
    expect(none.code).not.toBe(0);
    expect(emulator.requests).toHaveLength(1);
    const one = await run(['files', 'ls', '--max-retries', '1'], { env });
    expect(one.code).toBe(0);
    expect(emulator.requests.map((r) => r.status)).toEqual([503, 503, 200]);
  });

  it('--timeout is the deadline of each attempt, in seconds', async () => {
    const slow = await run(['embed', '-', '-m', 'slow-embedding', '--timeout', '0.2', '--max-retries', '0'], {
      env,
      stdin: 'hello\n',
    });
    expect(slow.code).not.toBe(0);
    expect(slow.stderr).toMatch(/timed out/i);
    expect(emulator.requests.filter((r) => r.path.endsWith('/embeddings'))).toHaveLength(1);
  });

  it('refuses a timeout or retry count that is not a number, naming the flag', async () => {
    const badTimeout = await run(['files', 'ls', '--timeout', 'soon'], { env });
    expect(badTimeout.code).toBe(2);
    expect(badTimeout.stderr).toContain('--timeout must be a positive number of seconds');
    const badRetries = await run(['files', 'ls', '--max-retries', '-1'], { env });
    expect(badRetries.code).toBe(2);
    expect(badRetries.stderr).toContain('--max-retries');
  });
});
