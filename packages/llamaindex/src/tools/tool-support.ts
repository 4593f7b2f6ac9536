import { randomUUID } from 'node:crypto';
import { mkdir, mkdtemp, realpath, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { extname, isAbsolute, join, relative, resolve } from 'node:path';
import { type AnyInt, AnyIntValidationError, fileFromPath } from '@anyint/client';
import { FunctionTool, type JSONValue } from 'llamaindex';
import { z } from 'zod';
import { type AnyIntClientOptions, resolveClient } from '../client-options.js';

/** Options every AnyInt tool takes, besides its model. */
export interface AnyIntToolOptions extends AnyIntClientOptions {
  /**
   * Folder where the image, speech and video tools save the files they create (created if missing).
   * Default: a new folder under the system's temporary directory, made on first use.
   */
  outputDir?: string | undefined;
  /**
   * Folder the transcription and translation tools may read from: relative paths resolve against it
   * and paths outside it are refused. Default: none (any path, but only audio file extensions).
   */
  inputDir?: string | undefined;
}

/** What one tool needs at run time; shared by the tools of one `createAnyIntTools` call. */
export interface ToolRuntime {
  client: AnyInt;
  /** Saves bytes in the output folder and returns the file's absolute path. */
  save(prefix: string, extension: string, bytes: Uint8Array): Promise<string>;
  /** A new file path in the output folder (created if missing), for content streamed to disk. */
  outputPath(prefix: string, extension: string): Promise<string>;
  /** Opens an audio file the model named, checked against `inputDir` and the audio extensions. */
  openAudio(tool: string, field: string, path: string): Promise<File>;
}

export function toolRuntime(options: AnyIntToolOptions): ToolRuntime {
  const client = resolveClient(options);
  let outputDir: Promise<string> | undefined;
  const folder = () => {
    outputDir ??= options.outputDir
      ? mkdir(options.outputDir, { recursive: true }).then(() => resolve(options.outputDir as string))
      : mkdtemp(join(tmpdir(), 'anyint-llamaindex-'));
    return outputDir;
  };
  // The model never chooses the path: names are generated, in one folder.
  const outputPath = async (prefix: string, extension: string) =>
    join(await folder(), `${prefix}-${randomUUID().slice(0, 8)}${extension}`);
  return {
    client,
    outputPath,
    async save(prefix, extension, bytes) {
      const path = await outputPath(prefix, extension);
      await writeFile(path, bytes);
      return path;
    },
    async openAudio(tool, field, path) {
      const full = options.inputDir ? resolve(options.inputDir, path) : resolve(path);
      if (!AUDIO_EXTENSIONS.has(extname(full).toLowerCase())) {
        throw new AnyIntValidationError(
          field,
          `${tool}: \`${field}\` must name an audio file (${[...AUDIO_EXTENSIONS].join(', ')}); got "${path}".`,
        );
      }
      if (options.inputDir) {
        // Compare real paths, so a symbolic link cannot lead outside the folder.
        const inside = await isInside(options.inputDir, full);
        if (!inside) {
          throw new AnyIntValidationError(
            field,
            `${tool}: \`${field}\` must be inside the allowed folder; got "${path}".`,
          );
        }
      }
      try {
        return await fileFromPath(full);
      } catch (error) {
        if (!AnyIntValidationError.isInstance(error)) throw error;
        throw new AnyIntValidationError(field, `${tool}: \`${field}\` ${error.message.replace(/\.$/, '')}.`);
      }
    },
  };
}

const AUDIO_EXTENSIONS = new Set([
  '.wav',
  '.mp3',
  '.mpga',
  '.mpeg',
  '.m4a',
  '.mp4',
  '.ogg',
  '.oga',
  '.webm',
  '.flac',
  '.pcm',
]);

async function isInside(folder: string, path: string): Promise<boolean> {
  const real = async (p: string) => realpath(p).catch(() => resolve(p));
  const from = await real(folder);
  const to = await real(path);
  const rel = relative(from, to);
  return rel !== '' && !rel.startsWith('..') && !isAbsolute(rel);
}

/**
 * Checks a tool's input against its schema. LlamaIndex only logs a schema mismatch and calls the
 * tool anyway, so each tool checks for itself and throws an `AnyIntValidationError` naming the field
 * (an agent shows its message to the model, which can then correct the call).
 */
export function parseToolInput<S extends z.ZodType>(tool: string, schema: S, input: unknown): z.output<S> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const [issue] = result.error.issues;
  const field = issue && issue.path.length > 0 ? issue.path.map(String).join('.') : 'input';
  const missing = issue && issue.path.length > 0 && valueAt(input, issue.path) === undefined;
  const problem = missing ? 'is required' : `is invalid: ${issue?.message ?? 'unexpected value'}`;
  const label = field === 'input' ? 'the input' : `\`${field}\``;
  throw new AnyIntValidationError(field, `${tool}: ${label} ${problem}.`);
}

function valueAt(input: unknown, path: readonly PropertyKey[]): unknown {
  let value = input;
  for (const key of path) {
    if (typeof value !== 'object' || value === null) return undefined;
    value = (value as Record<PropertyKey, unknown>)[key];
  }
  return value;
}

type ToolLogger = NonNullable<ConstructorParameters<typeof FunctionTool>[4]>;
const noop = () => undefined;
// FunctionTool's logger only reports schema mismatches, which `execute` turns into a clearer error.
const quietLogger: ToolLogger = { log: noop, warn: noop, error: noop };

/**
 * A LlamaIndex `FunctionTool` whose `execute` receives input already checked against `parameters`
 * (an invalid call throws an `AnyIntValidationError` naming the field). The JSON schema the LLM sees
 * is the one `FunctionTool.from` would build (zod 4's `toJSONSchema`); the tool is built with the
 * constructor only to keep LlamaIndex from also logging the mismatch it does not enforce.
 */
export function defineTool<S extends z.ZodObject, R extends JSONValue>(spec: {
  name: string;
  description: string;
  parameters: S;
  execute: (input: z.output<S>) => Promise<R>;
}): FunctionTool<z.input<S>, Promise<R>> {
  // Async, so invalid input rejects the promise `call` returns rather than throwing synchronously.
  const execute = async (raw: z.input<S>) => spec.execute(parseToolInput(spec.name, spec.parameters, raw));
  const metadata = {
    name: spec.name,
    description: spec.description,
    parameters: z.toJSONSchema(spec.parameters),
  };
  return new FunctionTool(execute, metadata as never, spec.parameters as never, undefined, quietLogger);
}
