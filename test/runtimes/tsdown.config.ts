import { defineConfig } from 'tsdown';

// Only the runner is built here; it bundles the conformance script for each runtime itself (esbuild).
export default defineConfig({
  entry: ['src/run.ts'],
  format: ['esm'],
  dts: false,
  platform: 'node',
  target: 'node20',
  // Every package stays an import (esbuild and playwright-core cannot be bundled).
  deps: { neverBundle: [/^[^./]/] },
});
