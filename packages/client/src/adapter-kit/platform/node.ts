/**
 * The file-system side of the kit's tool policy (input and output folders). The web build swaps this
 * module for `web.ts` (see tsdown.config.ts), where tools that read or write files cannot run.
 */
import { mkdir, mkdtemp, realpath, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, extname, isAbsolute, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const localFiles = {
  realpath: (path: string): Promise<string> => realpath(path),
  resolve: (...paths: string[]): string => resolve(...paths),
  relative,
  isAbsolute,
  basename: (path: string): string => basename(path),
  extname,
  join,
  fileURLToPath: (url: string): string => fileURLToPath(url),
  cwd: (): string => process.cwd(),
  mkdir: async (path: string): Promise<void> => {
    await mkdir(path, { recursive: true });
  },
  mkdtemp: (prefix: string): Promise<string> => mkdtemp(join(tmpdir(), prefix)),
  writeFile: (path: string, bytes: Uint8Array): Promise<void> => writeFile(path, bytes),
  size: async (path: string): Promise<number> => (await stat(path)).size,
};
