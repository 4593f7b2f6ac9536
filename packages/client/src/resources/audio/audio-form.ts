import type { AnyIntCore } from '../../client.js';
import { FileTooLargeError, InvalidResponseError } from '../../core/errors.js';
import { MultipartBody, type MultipartValue } from '../../core/multipart.js';
import { isObject, readLimitedText } from '../../core/parse.js';
import type { RequestSpec } from '../../core/request-path.js';
import { resolveUpload } from '../../core/uploads.js';
import { optionalFiniteNumber, optionalString, requireObject, requireString } from '../../core/validate.js';

const TEXT_FORMATS = new Set(['text', 'srt', 'vtt']);

/** Fields shared by transcriptions and translations. */
export interface AudioFormParams {
  file: unknown;
  model: string;
  prompt?: string;
  response_format?: string;
  temperature?: number;
  [field: string]: unknown;
}

/**
 * The request for an audio file and its fields as streamed multipart, read by the format asked for:
 * a string for text, srt and vtt, an object otherwise, whichever way the upstream wrapped it.
 */
export async function audioFormRequest<T>(
  client: AnyIntCore,
  path: '/audio/transcriptions' | '/audio/translations',
  params: AudioFormParams,
): Promise<RequestSpec<T>> {
  requireObject('params', params);
  requireString('model', params.model);
  optionalString('prompt', params.prompt);
  optionalString('response_format', params.response_format);
  optionalFiniteNumber('temperature', params.temperature);
  const file = await resolveUpload('file', params.file);
  if (file.size !== undefined && file.size > client.maxAudioUploadBytes) {
    throw new FileTooLargeError('file', file.size, client.maxAudioUploadBytes);
  }
  const { file: _file, ...fields } = params;
  const form = new MultipartBody(
    { file, ...(fields as Record<string, MultipartValue | MultipartValue[]>) },
    { maxBytes: client.maxAudioUploadBytes },
  );
  const wantsText = TEXT_FORMATS.has(params.response_format ?? 'json');
  return {
    method: 'POST',
    path,
    form,
    model: params.model,
    createsNothing: true,
    media: true,
    accept: wantsText ? 'text/plain, application/json' : 'application/json',
    parse: async (response, route) => {
      const text = await readLimitedText(response, route);
      const parsed = parseMaybeJSON(text, response.headers['content-type'], route);
      if (wantsText) {
        if (typeof parsed === 'string') return parsed as T;
        if (isObject(parsed) && typeof parsed.text === 'string') return parsed.text as T;
        return text as T;
      }
      if (isObject(parsed)) {
        if (typeof parsed.text !== 'string') {
          throw new InvalidResponseError(`Invalid response (${route}): no \`text\` field.`, route);
        }
        return parsed as T;
      }
      // Some upstreams answer plain text whatever format was asked for.
      return { text: typeof parsed === 'string' ? parsed : text } as T;
    },
  };
}

/**
 * JSON when the body is JSON. A body that says it is JSON (by its type or its first character) but
 * does not parse was cut or damaged on the way: an unreadable answer, never a transcript.
 */
function parseMaybeJSON(text: string, contentType: string | undefined, route: string): unknown {
  const trimmed = text.trimStart();
  const saysJSON = trimmed.startsWith('{') || /\bjson\b/i.test(contentType ?? '');
  // A plain-text transcript may open with a quote: it is JSON only if it parses.
  if (!saysJSON && !trimmed.startsWith('"')) return undefined;
  try {
    return JSON.parse(text);
  } catch (cause) {
    if (!saysJSON) return undefined;
    const snippet = text.length > 120 ? `${text.slice(0, 120)}…` : text;
    throw new InvalidResponseError(
      `The response to ${route} is not valid JSON: ${JSON.stringify(snippet)}`,
      route,
      { cause, unreadable: true },
    );
  }
}
