import { defineConfig } from 'tsdown';
import { requireLazyImportsInCjs } from '../../tsdown.shared.js';

export default defineConfig([
  {
    entry: ['src/index.ts'],
    format: ['esm', 'cjs'],
    dts: true,
    platform: 'node',
    target: 'node20',
    // `@anyint/client` is loaded at the first call.
    outputOptions: requireLazyImportsInCjs,
  },
  {
    // A build of its own: built with the root, the CommonJS `./errors` required the root's chunk for
    // the bundler's runtime helpers, loading the whole provider to get the error classes.
    entry: ['src/errors.ts'],
    format: ['esm', 'cjs'],
    dts: true,
    clean: false,
    platform: 'node',
    target: 'node20',
  },
]);
