import { realpath } from 'node:fs/promises';
import { basename, extname, isAbsolute, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { AnyIntValidationError, fileFromPath, toFile } from '@anyint/client';
import { AUDIO_TYPES, audioExtensionOf, sniffAudioExtension } from '../media.js';

/** Where the audio tools find the audio a model names. */
export interface AudioInputOptions {
  /**
   * Folder that relative and absolute paths from the model must lie in (after resolving symlinks);
   * anything outside it is refused. Default `process.cwd()`.
   */
  audioDir?: string | undefined;
  /**
   * Let the model pass `http(s)` URLs, downloaded without credentials (up to the client's
   * `maxAudioUploadBytes`). Default `false`: a model, or text it read, should not make this process
   * fetch arbitrary URLs unless you allow it.
   */
  allowAudioUrls?: boolean | undefined;
}

const EXTENSIONS = Object.keys(AUDIO_TYPES)
  .map((extension) => extension.slice(1))
  .join(', ');

/** The schema description of the `audio` field, saying exactly what this tool accepts. */
export function audioFieldDescription(options: AudioInputOptions): string {
  const kinds = options.allowAudioUrls
    ? 'Path of an audio file, relative to the audio folder, or an http(s) URL of one'
    : 'Path of an audio file, relative to the audio folder';
  return `${kinds} (${EXTENSIONS}).`;
}

function refuse(message: string): never {
  throw new AnyIntValidationError('audio', message);
}

/**
 * Turns the reference a model gave into an upload: a file inside `audioDir` with an audio extension,
 * or, when allowed, the bytes of an http(s) URL.
 */
export async function resolveAudioInput(
  reference: string,
  options: AudioInputOptions,
  maxBytes: number,
  signal: AbortSignal | undefined,
): Promise<File> {
  if (/^https?:\/\//i.test(reference)) {
    if (!options.allowAudioUrls) refuse('URLs are not accepted here; give the path of an audio file.');
    return download(reference, maxBytes, signal);
  }
  const path = reference.startsWith('file://') ? fileURLToPath(reference) : reference;
  if (!(extname(path).toLowerCase() in AUDIO_TYPES)) {
    refuse(`"${reference}" is not an audio file; expected one of: ${EXTENSIONS}.`);
  }
  const root = await realpath(resolve(options.audioDir ?? process.cwd())).catch(() =>
    refuse('The audio folder does not exist.'),
  );
  const target = await realpath(resolve(root, path)).catch(() => refuse(`No audio file at "${reference}".`));
  const inside = relative(root, target);
  if (inside === '' || inside.startsWith('..') || isAbsolute(inside)) {
    refuse(`"${reference}" is outside the audio folder.`);
  }
  return fileFromPath(target, basename(path));
}

async function download(url: string, maxBytes: number, signal: AbortSignal | undefined): Promise<File> {
  let response: Response;
  try {
    // No credentials: audio URLs point at storage or web hosts, which must never see the API key.
    response = await fetch(url, { signal: signal ?? null, redirect: 'follow' });
  } catch (error) {
    if (signal?.aborted) throw error;
    return refuse(`Could not download "${url}".`);
  }
  if (!response.ok) {
    await response.body?.cancel();
    refuse(`Could not download "${url}": HTTP ${response.status}.`);
  }
  const declared = Number(response.headers.get('content-length') ?? Number.NaN);
  if (declared > maxBytes) {
    await response.body?.cancel();
    refuse(`"${url}" is larger than the ${maxBytes}-byte upload limit.`);
  }
  const chunks: Uint8Array[] = [];
  let size = 0;
  for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
    size += chunk.byteLength;
    if (size > maxBytes) refuse(`"${url}" is larger than the ${maxBytes}-byte upload limit.`);
    chunks.push(chunk);
  }
  const bytes = Buffer.concat(chunks);
  // Upstreams reject uploads without an audio extension: take it from the URL, the type or the bytes.
  const name = basename(new URL(url).pathname) || 'audio';
  const extension =
    extname(name).toLowerCase() in AUDIO_TYPES
      ? ''
      : (audioExtensionOf(response.headers.get('content-type') ?? '') ?? sniffAudioExtension(bytes));
  if (extension === undefined) refuse(`"${url}" does not look like audio.`);
  return toFile(bytes, name + extension);
}
