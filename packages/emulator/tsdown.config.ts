import { defineConfig } from 'tsdown';

export default defineConfig([
  {
    // `bin/anyint-emulator.mjs` imports `dist/cli.mjs`; nothing imports the CLI's types or a CommonJS
    // copy of it, so only the library entry has declarations and a CommonJS build.
    entry: ['src/index.ts', 'src/cli.ts'],
    format: ['esm'],
    dts: true,
    platform: 'node',
    target: 'node20',
    plugins: [
      {
        name: 'anyint:no-cli-types',
        generateBundle(_options, bundle) {
          for (const file of Object.keys(bundle)) {
            if (file.startsWith('cli.d.')) delete bundle[file];
          }
        },
      },
    ],
  },
  {
    entry: ['src/index.ts'],
    format: ['cjs'],
    dts: true,
    clean: false,
    platform: 'node',
    target: 'node20',
  },
]);
