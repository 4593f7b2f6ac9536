import { defineConfig } from 'tsdown';
import { requireLazyImportsInCjs } from '../../tsdown.shared.js';

export default defineConfig({
  // The root has everything; the other entries let an app load only the part it uses (the tools
  // bring in `@langchain/core/tools`, by far the largest import).
  entry: {
    index: 'src/index.ts',
    embeddings: 'src/embeddings.ts',
    tools: 'src/tools/index.ts',
    document_loaders: 'src/document-loaders.ts',
    middleware: 'src/middleware.ts',
  },
  format: ['esm', 'cjs'],
  dts: true,
  platform: 'node',
  target: 'node20',
  // Parts of `@langchain/core` are loaded at first use.
  outputOptions: requireLazyImportsInCjs,
});
