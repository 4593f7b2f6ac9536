import type { AnyInt, RequestOptions } from '../client.js';
import { AnyIntValidationError } from '../core/errors.js';
import { download as downloadURL } from '../core/request-path.js';
import { fileFromPath, toFile } from '../core/uploads.js';
import { AUDIO_INPUT_EXTENSIONS, extensionOfMediaType, sniffMediaType } from './media-type.js';
import { localFiles } from './platform/node.js';

/** Where tools find the files a model names: the same option names and defaults in every adapter. */
export interface InputFileOptions {
  /**
   * Folder that paths from the model must lie in, after resolving symbolic links; relative paths
   * resolve against it and anything outside it is refused. Default `process.cwd()`.
   */
  inputDir?: string | undefined;
  /**
   * Let the model pass `http(s)` URLs, downloaded through the client (its timeouts and retries)
   * without the API key, up to the client's `maxAudioUploadBytes`. Default `false`: a model, or text
   * it read, should not make this process fetch arbitrary URLs unless you allow it.
   */
  allowInputUrls?: boolean | undefined;
}

/** The option names of `InputFileOptions`, for an adapter's list of known options. */
export const INPUT_FILE_OPTIONS: readonly (keyof InputFileOptions)[] = ['inputDir', 'allowInputUrls'];

/** The argument key under which tools take an input file, in every adapter. */
export const INPUT_FILE_ARGUMENT = 'file_path';

const EXTENSION_LIST = AUDIO_INPUT_EXTENSIONS.map((extension) => extension.slice(1)).join(', ');

/** The schema description of the file argument, saying exactly what the tool accepts. */
export function audioInputDescription(options: InputFileOptions): string {
  const kinds = options.allowInputUrls
    ? 'Path of an audio file, relative to the input folder, or an http(s) URL of one'
    : 'Path of an audio file, relative to the input folder';
  return `${kinds} (${EXTENSION_LIST}).`;
}

export interface OpenInputOptions extends InputFileOptions {
  /** Tool name, for messages. */
  tool: string;
  client: AnyInt;
  requestOptions?: RequestOptions | undefined;
}

/**
 * The audio file a model named, as an upload: a file inside `inputDir` with an audio extension, or,
 * when `allowInputUrls` is set, the bytes of an http(s) URL fetched through the client. Anything else
 * throws `AnyIntValidationError` naming `file_path`, before any request is sent.
 */
export async function openAudioInput(reference: string, options: OpenInputOptions): Promise<File> {
  const refuse = (why: string): never => {
    throw new AnyIntValidationError(INPUT_FILE_ARGUMENT, `${options.tool}: ${why}`);
  };
  if (typeof reference !== 'string' || reference.trim() === '')
    refuse('`file_path` must be a non-empty string.');
  if (/^https?:\/\//i.test(reference)) {
    if (!options.allowInputUrls) refuse('URLs are not accepted here; give the path of an audio file.');
    return download(reference, options, refuse);
  }
  const { realpath, basename, extname, isAbsolute, relative, resolve, fileURLToPath, cwd } = localFiles;
  const path = reference.startsWith('file://') ? fileURLToPath(reference) : reference;
  if (!AUDIO_INPUT_EXTENSIONS.includes(extname(path).toLowerCase())) {
    refuse(`"${reference}" is not an audio file; expected one of: ${EXTENSION_LIST}.`);
  }
  const root = await realpath(resolve(options.inputDir ?? cwd())).catch(() =>
    refuse('the input folder does not exist.'),
  );
  const outside = (candidate: string) => {
    const inside = relative(root, candidate);
    return inside === '' || inside.startsWith('..') || isAbsolute(inside);
  };
  // Checked before and after resolving links, so a missing file outside is not reported as missing.
  if (outside(resolve(root, path))) refuse(`"${reference}" is outside the input folder.`);
  const target = await realpath(resolve(root, path)).catch(() => refuse(`no audio file at "${reference}".`));
  if (outside(target)) refuse(`"${reference}" is outside the input folder.`);
  try {
    return await fileFromPath(target, basename(path));
  } catch (error) {
    if (!AnyIntValidationError.isInstance(error)) throw error;
    return refuse(`"${reference}" is empty or cannot be read.`);
  }
}

async function download(
  url: string,
  options: OpenInputOptions,
  refuse: (why: string) => never,
): Promise<File> {
  const { client } = options;
  const maxBytes = client.maxAudioUploadBytes;
  const response = await downloadURL(client, url, options.requestOptions);
  const declared = Number(response.headers.get('content-length') ?? Number.NaN);
  if (declared > maxBytes) {
    await response.discard();
    refuse(`"${url}" is larger than the ${maxBytes}-byte upload limit.`);
  }
  const chunks: Uint8Array[] = [];
  let size = 0;
  const reader = response.stream().getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.byteLength;
      if (size > maxBytes) refuse(`"${url}" is larger than the ${maxBytes}-byte upload limit.`);
      chunks.push(value);
    }
  } finally {
    // Stops the transfer when the limit was hit; a no-op after the last chunk.
    await reader.cancel().catch(() => undefined);
  }
  const bytes = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  // Upstreams reject uploads without an audio extension: take it from the URL, the type or the bytes.
  const name = new URL(url).pathname.replace(/^.*\//, '') || 'audio';
  const dot = name.lastIndexOf('.');
  const named = dot > 0 && AUDIO_INPUT_EXTENSIONS.includes(name.slice(dot).toLowerCase());
  const extension = named
    ? ''
    : (audioExtension(extensionOfMediaType(response.contentType)) ??
      audioExtension(sniffMediaType(bytes)?.extension));
  if (extension === undefined) refuse(`"${url}" does not look like audio.`);
  return toFile(bytes, name + extension);
}

function audioExtension(extension: string | undefined): string | undefined {
  return extension && AUDIO_INPUT_EXTENSIONS.includes(extension) ? extension : undefined;
}
