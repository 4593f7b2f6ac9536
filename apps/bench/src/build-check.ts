import { readdir, readFile, realpath } from 'node:fs/promises';
import { join } from 'node:path';

/**
 * The bench measures our packages' `dist`, so without a build its figures are of nothing (a missing
 * client build shows as an E5 size miss). Returns the `workspace:` dependencies of the package at
 * `appDir` that have no `dist` yet. Whether a `dist` is current is turbo's to decide (`pnpm bench`
 * runs the build first); file times cannot tell, since a cached build keeps its old ones.
 */
export async function unbuiltWorkspaceDependencies(appDir: string): Promise<string[]> {
  const manifest = JSON.parse(await readFile(join(appDir, 'package.json'), 'utf8')) as {
    dependencies?: Record<string, string>;
  };
  const names = Object.entries(manifest.dependencies ?? {})
    .filter(([, range]) => range.startsWith('workspace:'))
    .map(([name]) => name);
  const unbuilt = await Promise.all(
    names.map(async (name) => {
      const dir = await realpath(join(appDir, 'node_modules', name));
      const files = await readdir(join(dir, 'dist')).catch(() => []);
      return files.length === 0 ? name : undefined;
    }),
  );
  return unbuilt.filter((name) => name !== undefined);
}
