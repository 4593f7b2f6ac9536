import { gzipSync } from 'node:zlib';
import { build, type Message } from 'esbuild';
import { BENCH_DIR } from './child.js';

export interface BundleResult {
  name: string;
  /** What was bundled and how. */
  description: string;
  ok: boolean;
  minBytes?: number;
  gzipBytes?: number;
  /** Build errors, e.g. Node-only imports a browser/edge target cannot resolve. */
  errors: string[];
  /** Imports left out of the bundle (`external`), when the build marks some. */
  external: string[];
}

/**
 * Bundles `source` (an entry module's text) for a browser/edge target with esbuild: ESM, minified,
 * tree-shaken, `browser`/`worker`/`edge-light` export conditions. Reports min and min+gzip bytes.
 */
export async function bundleSize(
  name: string,
  description: string,
  source: string,
  external: string[] = [],
): Promise<BundleResult> {
  try {
    const result = await build({
      stdin: { contents: source, resolveDir: BENCH_DIR, loader: 'js' },
      bundle: true,
      minify: true,
      format: 'esm',
      platform: 'browser',
      target: 'es2022',
      conditions: ['edge-light', 'worker', 'browser'],
      external,
      write: false,
      logLevel: 'silent',
    });
    const code = result.outputFiles[0]?.contents ?? new Uint8Array();
    return {
      name,
      description,
      ok: true,
      minBytes: code.byteLength,
      gzipBytes: gzipSync(code, { level: 9 }).byteLength,
      errors: [],
      external,
    };
  } catch (error) {
    const errors = (error as { errors?: Message[] }).errors ?? [];
    return {
      name,
      description,
      ok: false,
      errors: errors.length
        ? errors.map((message) => `${message.location?.file ?? ''}: ${message.text}`)
        : [String(error)],
      external,
    };
  }
}
