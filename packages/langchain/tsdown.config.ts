import { defineConfig } from 'tsdown';

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
  // Parts loaded at first use with `import()` are `require`d by the CommonJS build, so CommonJS users
  // get the same (CommonJS) copy of `@langchain/core` as their own `require`.
  outputOptions: (options, format) =>
    format === 'cjs' ? { ...options, dynamicImportInCjs: false } : options,
});
