import * as client from '@anyint/client';
import { describe, expect, it } from 'vitest';
import * as errors from './errors.js';

describe('@anyint/ai-sdk-provider/errors', () => {
  it('re-exports every error class of the client, the same objects, for the cause of AI SDK errors', () => {
    const names = Object.keys(client).filter((name) => /^[A-Z]\w*Error$/.test(name));
    expect(names.length).toBeGreaterThan(20);
    for (const name of names) {
      expect((errors as Record<string, unknown>)[name], name).toBe((client as Record<string, unknown>)[name]);
    }
  });
});
