import { defineConfig, type UserConfig } from 'tsdown';

/**
 * The web build (edge runtimes, workers, Deno, browsers) is the same source with `platform/node.ts`
 * swapped for `platform/web.ts`, so it reaches neither undici nor any `node:` module.
 */
const webPlatform: NonNullable<UserConfig['plugins']> = {
  name: 'anyint:web-platform',
  resolveId(source, importer) {
    if (importer && /(^|\/)platform\/node(\.js)?$/.test(source)) {
      return this.resolve(source.replace(/node(\.js)?$/, 'web.ts'), importer, { skipSelf: true });
    }
    return null;
  },
};

export default defineConfig([
  {
    // `adapter-kit` is the internal entry the @anyint adapters share their policy through.
    entry: { index: 'src/index.ts', 'adapter-kit': 'src/adapter-kit/index.ts', errors: 'src/errors.ts' },
    format: ['esm', 'cjs'],
    dts: true,
    platform: 'node',
    target: 'node20',
    // The default export sits beside the named ones (as in `openai`): CommonJS gets `exports.default`.
    outputOptions: { exports: 'named' },
  },
  {
    // Types are the Node build's: the web build exports the same names (see README, "Runtimes").
    entry: {
      web: 'src/index.ts',
      'adapter-kit-web': 'src/adapter-kit/index.ts',
      'errors-web': 'src/errors.ts',
    },
    format: ['esm', 'cjs'],
    dts: false,
    fixedExtension: true,
    clean: false,
    platform: 'neutral',
    target: 'es2022',
    plugins: [webPlatform],
    outputOptions: { exports: 'named' },
  },
]);
