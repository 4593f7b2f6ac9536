import { defineConfig } from 'tsdown';

export default defineConfig({
  entry: ['src/index.ts', 'src/errors.ts'],
  format: ['esm', 'cjs'],
  dts: true,
  platform: 'node',
  target: 'node20',
  // `@anyint/client` is loaded at the first call with `import()`; the CommonJS build `require`s it
  // instead, so CommonJS users get the same (CommonJS) copy of the client as their own `require`.
  outputOptions: (options, format) =>
    format === 'cjs' ? { ...options, dynamicImportInCjs: false } : options,
});
