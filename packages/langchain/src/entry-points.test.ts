import { describe, expect, it } from 'vitest';
import * as documentLoaders from './document-loaders.js';
import * as embeddings from './embeddings.js';
import * as root from './index.js';
import * as tools from './tools/index.js';

describe('entry points', () => {
  it('the subpath entries export the same values as the root', () => {
    const rootValues = new Map(Object.entries(root));
    for (const entry of [embeddings, tools, documentLoaders]) {
      for (const [name, value] of Object.entries(entry)) {
        expect(rootValues.get(name), name).toBe(value);
      }
    }
  });

  it('the root exports what the subpath entries export, together', () => {
    const names = [embeddings, tools, documentLoaders].flatMap((entry) => Object.keys(entry));
    expect(Object.keys(root).sort()).toEqual([...new Set(names)].sort());
  });
});
