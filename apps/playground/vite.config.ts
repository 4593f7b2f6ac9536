import { defineConfig } from 'vite';

export default defineConfig({
  // `pnpm playground` replaces this with the emulator it started (see scripts/start.ts).
  define: { __PLAYGROUND_EMULATOR__: 'null' },
  build: { target: 'es2022' },
});
