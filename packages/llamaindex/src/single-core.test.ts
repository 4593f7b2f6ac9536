import { readdir } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';

// A second @llamaindex/core would give LlamaIndex two `Settings` globals and break its constructor checks.
it('installs exactly one copy of @llamaindex/core', async () => {
  const store = join(dirname(fileURLToPath(import.meta.url)), '../../../node_modules/.pnpm');
  const copies = (await readdir(store)).filter((name) => name.startsWith('@llamaindex+core@'));
  expect(copies).toHaveLength(1);
});
