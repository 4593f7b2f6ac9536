import { randomUUID } from '../platform/node.js';
import { localFiles } from './platform/node.js';

/** Where tools save the files they create: the same option and default in every adapter. */
export interface OutputFileOptions {
  /**
   * Folder where tools save the files they create (videos, and in LlamaIndex images and speech),
   * created if missing. Default: a new folder under the system's temporary directory, made on first use.
   */
  outputDir?: string | undefined;
}

export const OUTPUT_FILE_OPTIONS: readonly (keyof OutputFileOptions)[] = ['outputDir'];

/** The output folder of one set of tools, made on first use. */
export interface OutputFolder {
  /** The path of `<stem><extension>` in the folder; the caller knows the stem is unique (an API id). */
  path(stem: string, extension: string): Promise<string>;
  /** A new path `<prefix>-<random><extension>` in the folder: the model never chooses a path. */
  fresh(prefix: string, extension: string): Promise<string>;
  /** Saves bytes at a fresh path and returns it. */
  save(prefix: string, extension: string, bytes: Uint8Array): Promise<string>;
}

export function outputFolder(options: OutputFileOptions): OutputFolder {
  let folder: Promise<string> | undefined;
  const dir = (): Promise<string> => {
    folder ??= (async () => {
      if (options.outputDir === undefined) return localFiles.mkdtemp('anyint-tools-');
      const path = localFiles.resolve(options.outputDir);
      await localFiles.mkdir(path);
      return path;
    })();
    return folder;
  };
  const path = async (stem: string, extension: string) => localFiles.join(await dir(), `${stem}${extension}`);
  const fresh = (prefix: string, extension: string) =>
    path(`${prefix}-${randomUUID().slice(0, 8)}`, extension);
  return {
    path,
    fresh,
    async save(prefix, extension, bytes) {
      const target = await fresh(prefix, extension);
      await localFiles.writeFile(target, bytes);
      return target;
    },
  };
}
