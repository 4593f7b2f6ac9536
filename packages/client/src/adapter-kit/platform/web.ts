/** The web build's stand-in for `node.ts`: tools that read or write local files need Node. */
import { AnyIntError } from '../../core/errors.js';
import type { localFiles as nodeLocalFiles } from './node.js';

function nodeOnly(): never {
  throw new AnyIntError(
    "Tools that read or write local files need Node.js; this is @anyint/client's web build.",
  );
}

export const localFiles: typeof nodeLocalFiles = {
  realpath: async () => nodeOnly(),
  resolve: () => nodeOnly(),
  relative: () => nodeOnly(),
  isAbsolute: () => nodeOnly(),
  basename: () => nodeOnly(),
  extname: () => nodeOnly(),
  join: () => nodeOnly(),
  fileURLToPath: () => nodeOnly(),
  cwd: () => nodeOnly(),
  mkdir: async () => nodeOnly(),
  mkdtemp: async () => nodeOnly(),
  writeFile: async () => nodeOnly(),
  size: async () => nodeOnly(),
};
