import { writeFile } from 'node:fs/promises';
import { isAbsolute, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { imageBytes } from '@anyint/client';

/**
 * A path as the user can open it: relative to the folder they ran the command in (pnpm's
 * `INIT_CWD`, since `pnpm demo` runs the script inside apps/demo), absolute when outside it.
 */
export function shown(path: string): string {
  const rel = relative(process.env.INIT_CWD ?? process.cwd(), path);
  return rel.startsWith('..') || isAbsolute(rel) ? path : rel;
}

/** An image content block (LangChain's shape: `url`, or base64 `data`). */
export interface ImageBlock {
  url?: string;
  data?: string | Uint8Array;
}

/**
 * Writes an image to `dir/name` and returns its path. URLs are fetched at once, since the emulator's
 * (and many upstreams') image URLs stop working soon after.
 */
export async function saveImage(dir: string, name: string, image: ImageBlock): Promise<string> {
  // Tools given an output folder hand back `file://` blocks for what they have saved already.
  if (image.url?.startsWith('file:')) return fileURLToPath(image.url);
  const bytes =
    image.data instanceof Uint8Array
      ? image.data
      : await imageBytes({
          ...(image.data ? { b64_json: image.data } : {}),
          ...(image.url ? { url: image.url } : {}),
        });
  const path = join(dir, name);
  await writeFile(path, bytes);
  return path;
}
