import { AnyIntValidationError } from '../core/errors.js';
import { audioInputDescription, INPUT_FILE_ARGUMENT, type InputFileOptions } from './input-files.js';
import { imageModelRules, videoModelRules } from './model-families.js';
import { TOOL_NAMES } from './tools.js';

// The argument schemas of the media tools, as JSON Schema (what both LangChain's `tool()` and
// LlamaIndex's `FunctionTool` hand the model), and the one check of a model's arguments against them.

/** The JSON Schema subset the tools use. */
export interface ToolSchemaProperty {
  type: 'string' | 'number' | 'integer';
  description: string;
  minLength?: number;
  maxLength?: number;
  pattern?: string;
  enum?: readonly string[];
  minimum?: number;
  maximum?: number;
}

export interface ToolSchema {
  type: 'object';
  properties: Record<string, ToolSchemaProperty>;
  required: string[];
  additionalProperties: false;
}

/** One tool as the model sees it: name, description and argument schema. */
export interface ToolSpec {
  name: string;
  description: string;
  schema: ToolSchema;
}

function object(properties: Record<string, ToolSchemaProperty>, required: string[]): ToolSchema {
  return { type: 'object', properties, required, additionalProperties: false };
}

const prompt = (what: string, maxLength = 4000): ToolSchemaProperty => ({
  type: 'string',
  minLength: 1,
  maxLength,
  description: what,
});

const hint: ToolSchemaProperty = {
  type: 'string',
  maxLength: 1000,
  description: 'Optional hint: names, terms or earlier text that the speech may contain.',
};

/** `generate_image`: `{ prompt, size?, n? }`; `sizes` lists the sizes the model may choose (default: the model's own, if known). */
export function imageToolSpec(model: string, sizes?: readonly string[]): ToolSpec {
  const rules = imageModelRules(model);
  const choices = sizes ?? (rules.sizes ? [...rules.sizes, ...rules.aspectRatios] : undefined);
  const size: ToolSchemaProperty = choices
    ? { type: 'string', enum: choices, description: 'Image size; leave it out for the default.' }
    : {
        type: 'string',
        pattern: rules.aspectRatios.length > 0 ? '^(\\d+x\\d+|\\d+:\\d+|auto)$' : '^(\\d+x\\d+|auto)$',
        description:
          rules.aspectRatios.length > 0
            ? `Image size as 'WIDTHxHEIGHT' (e.g. '1024x1024') or an aspect ratio (${rules.aspectRatios.join(', ')}); leave it out for the default.`
            : "Image size as 'WIDTHxHEIGHT', e.g. '1024x1024'; leave it out for the default.",
      };
  return {
    name: TOOL_NAMES.image,
    description:
      'Create a new image from a text description. Use it when the user asks for a picture, photo, ' +
      'illustration, drawing or artwork.',
    schema: object(
      {
        prompt: prompt('What the image should show: subject, setting, style, colours, composition.'),
        size,
        n: {
          type: 'integer',
          minimum: 1,
          maximum: Math.min(4, rules.maxImagesPerCall),
          description: 'How many images to make. Default 1.',
        },
      },
      ['prompt'],
    ),
  };
}

/** `text_to_speech`: `{ text, voice?, speed? }`. */
export function speechToolSpec(): ToolSpec {
  return {
    name: TOOL_NAMES.speech,
    description:
      'Read text aloud: turns text into a spoken audio recording for the user. Use it when the user ' +
      'wants to hear something or asks for an audio or voice version of a text.',
    schema: object(
      {
        text: prompt('The exact text to speak, as it should be read aloud.', 4096),
        voice: { type: 'string', minLength: 1, description: "Voice name, e.g. 'alloy' or 'nova'. Optional." },
        speed: {
          type: 'number',
          minimum: 0.25,
          maximum: 4,
          description: 'Speaking speed from 0.25 to 4. Default 1.',
        },
      },
      ['text'],
    ),
  };
}

/** `transcribe_audio`: `{ file_path, language?, prompt? }`. */
export function transcriptionToolSpec(input: InputFileOptions): ToolSpec {
  return {
    name: TOOL_NAMES.transcription,
    description:
      'Write down the words spoken in an audio recording, in the language they were spoken. Use it when ' +
      'the user refers to an audio or voice file and wants to know what is said in it.',
    schema: object(
      {
        [INPUT_FILE_ARGUMENT]: { type: 'string', minLength: 1, description: audioInputDescription(input) },
        language: {
          type: 'string',
          pattern: '^[a-z]{2}$',
          description: "ISO-639-1 code of the spoken language, e.g. 'en' or 'de', if known.",
        },
        prompt: hint,
      },
      [INPUT_FILE_ARGUMENT],
    ),
  };
}

/** `translate_audio_to_english`: `{ file_path, prompt? }`. */
export function translationToolSpec(input: InputFileOptions): ToolSpec {
  return {
    name: TOOL_NAMES.translation,
    description:
      'Translate the speech in an audio recording (any language) into English text. Use it when the ' +
      'user wants to understand a recording in another language.',
    schema: object(
      {
        [INPUT_FILE_ARGUMENT]: { type: 'string', minLength: 1, description: audioInputDescription(input) },
        prompt: { ...hint, description: 'Optional hint in English: names or terms the speech may contain.' },
      },
      [INPUT_FILE_ARGUMENT],
    ),
  };
}

/** `moderate_text`: `{ text }`. */
export function moderationToolSpec(): ToolSpec {
  return {
    name: TOOL_NAMES.moderation,
    description:
      'Check a text for harmful content: harassment, hate, violence, self-harm, sexual or illicit ' +
      'content. Use it before repeating or publishing text you did not write. Says whether the text is ' +
      'flagged and for which categories.',
    schema: object({ text: prompt('The text to check, exactly as written.', 32_000) }, ['text']),
  };
}

/** `generate_video`: `{ prompt, seconds?, size? }`, limited to the model's lengths and sizes where they are known. */
export function videoToolSpec(
  model: string,
  choices: { seconds?: readonly string[] | undefined; sizes?: readonly string[] | undefined } = {},
): ToolSpec {
  const rules = videoModelRules(model);
  const seconds = choices.seconds ?? rules.seconds;
  const sizes = choices.sizes ?? rules.sizes;
  return {
    name: TOOL_NAMES.video,
    description:
      'Create a short video clip from a text description. Use it when the user asks for a video, clip, ' +
      'animation or moving picture. It takes a minute or more; you get its id, length, size and where it is.',
    schema: object(
      {
        prompt: prompt('What the video should show: subject, action, setting, camera movement, style.'),
        seconds: seconds
          ? {
              type: 'string',
              enum: seconds,
              description: `Length in seconds, one of ${seconds.join(', ')}; leave it out for the default.`,
            }
          : {
              type: 'string',
              pattern: '^\\d+$',
              description: "Length in whole seconds as a string, e.g. '5'; leave it out for the default.",
            },
        size: sizes
          ? { type: 'string', enum: sizes, description: 'Frame size; leave it out for the default.' }
          : {
              type: 'string',
              pattern: '^\\d+x\\d+$',
              description:
                "Frame size as 'WIDTHxHEIGHT', e.g. '1280x720' (landscape) or '720x1280' (portrait).",
            },
      },
      ['prompt'],
    ),
  };
}

/**
 * A model's arguments checked against a tool's schema, strings trimmed. Throws `AnyIntValidationError`
 * naming the first wrong field (an agent shows the message to the model, which can correct the call),
 * before any request is sent.
 */
export function parseToolInput<T = Record<string, unknown>>(spec: ToolSpec, input: unknown): T {
  const fail = (field: string, problem: string): never => {
    throw new AnyIntValidationError(
      field,
      `${spec.name}: ${field === 'input' ? 'the input' : `\`${field}\``} ${problem}.`,
    );
  };
  if (typeof input !== 'object' || input === null || Array.isArray(input))
    return fail('input', 'must be an object');
  const { properties, required } = spec.schema;
  const parsed: Record<string, unknown> = {};
  for (const [key, raw] of Object.entries(input)) {
    const property = properties[key];
    if (!property)
      fail(key, `is not an argument of this tool (it takes ${Object.keys(properties).join(', ')})`);
    if (raw === undefined || raw === null) continue;
    parsed[key] = checked(key, property as ToolSchemaProperty, raw, fail);
  }
  for (const key of required) if (parsed[key] === undefined) fail(key, 'is required');
  return parsed as T;
}

function checked(
  key: string,
  property: ToolSchemaProperty,
  raw: unknown,
  fail: (field: string, problem: string) => never,
): unknown {
  if (property.type === 'string') {
    if (typeof raw !== 'string') return fail(key, 'must be a string');
    const value = raw.trim();
    if (property.minLength !== undefined && value.length < property.minLength) fail(key, 'must not be empty');
    if (property.maxLength !== undefined && value.length > property.maxLength) {
      fail(key, `must be at most ${property.maxLength} characters`);
    }
    if (property.enum && !property.enum.includes(value))
      fail(key, `must be one of ${property.enum.join(', ')}`);
    if (property.pattern && !new RegExp(property.pattern).test(value))
      fail(key, `is invalid: ${property.description}`);
    return value;
  }
  if (typeof raw !== 'number' || !Number.isFinite(raw)) return fail(key, 'must be a number');
  if (property.type === 'integer' && !Number.isInteger(raw)) fail(key, 'must be a whole number');
  if (property.minimum !== undefined && raw < property.minimum)
    fail(key, `must be at least ${property.minimum}`);
  if (property.maximum !== undefined && raw > property.maximum)
    fail(key, `must be at most ${property.maximum}`);
  return raw;
}
