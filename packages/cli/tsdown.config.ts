import { defineConfig } from 'tsdown';

export default defineConfig({
  entry: ['src/index.ts', 'src/main.ts'],
  format: ['esm'],
  dts: true,
  platform: 'node',
  target: 'node20',
  plugins: [
    {
      // `main` is what `bin/anyint.mjs` runs; only the library entry (`runCli`) has types to import.
      name: 'anyint:no-main-types',
      generateBundle(_options, bundle) {
        for (const file of Object.keys(bundle)) {
          if (file.startsWith('main.d.')) delete bundle[file];
        }
      },
    },
  ],
});
