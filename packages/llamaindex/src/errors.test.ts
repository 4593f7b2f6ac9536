import * as clientErrors from '@anyint/client/errors';
import { describe, expect, it } from 'vitest';
import * as root from './index.js';

describe('errors', () => {
  // Against the client's errors entry as a namespace: a class added to the client is checked here
  // without an edit (the client's own test holds that entry to every class it has).
  it('re-exports every error class of the client, the same objects', () => {
    const classes = Object.entries(clientErrors);
    expect(classes.length).toBeGreaterThan(20);
    for (const [name, value] of classes) {
      expect((root as Record<string, unknown>)[name], name).toBe(value);
    }
  });
});
