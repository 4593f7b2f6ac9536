import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import * as clientErrors from '@anyint/client/errors';
import { describe, expect, it } from 'vitest';
import * as errors from './errors.js';

const dist = new URL('../dist/', import.meta.url);

describe('@anyint/ai-sdk-provider/errors', () => {
  // Against the client's errors entry as a namespace: a class added to the client is checked here
  // without an edit (the client's own test holds that entry to every class it has).
  it('re-exports every error class of the client, the same objects', () => {
    const classes = Object.entries(clientErrors);
    expect(classes.length).toBeGreaterThan(20);
    for (const [name, value] of classes) {
      expect((errors as Record<string, unknown>)[name], name).toBe(value);
    }
  });

  // Built files (run `tsdown` first): the entry is for a `cause` check, so it must not load the provider.
  it.each(['errors.mjs', 'errors.cjs'])(
    'dist/%s loads the client errors and no chunk of the provider',
    async (file) => {
      const code = await readFile(new URL(file, dist), 'utf8');
      const pattern = /(?:\bfrom\s*|\bimport\s*\(\s*|\bimport\s*|\brequire\s*\(\s*)["']([^"']+)["']/g;
      expect([...code.matchAll(pattern)].map((match) => match[1])).toEqual(['@anyint/client/errors']);
    },
  );

  it('dist/errors.cjs gives CommonJS users the classes of their own require of the client', () => {
    const require = createRequire(dist);
    const built = require('./errors.cjs');
    const client = require('@anyint/client/errors');
    expect(Object.keys(built).sort()).toEqual(Object.keys(client).sort());
    for (const name of Object.keys(client)) expect(built[name], name).toBe(client[name]);
  });
});
