import type { ErrorObject, ValidateFunction } from 'ajv/dist/2020.js';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { invalidRequest } from './errors.js';
import { OPENAPI_DOCUMENT_ID, openapiDocument } from './openapi/schemas.generated.js';

export type SchemaName =
  | 'CreateEmbeddingRequest'
  | 'CreateImageRequest'
  | 'CreateSpeechRequest'
  | 'CreateTranscriptionRequest'
  | 'CreateTranslationRequest'
  | 'CreateModerationRequest'
  | 'CreateFileRequest'
  | 'CreateBatchRequest'
  // Assistants API and videos.
  | 'CreateAssistantRequest'
  | 'ModifyAssistantRequest'
  | 'CreateThreadRequest'
  | 'ModifyThreadRequest'
  | 'CreateMessageRequest'
  | 'ModifyMessageRequest'
  | 'CreateRunRequest'
  | 'ModifyRunRequest'
  | 'SubmitToolOutputsRunRequest'
  | 'CreateVideoJsonBody'
  | 'CreateVideoMultipartBody';

function createAjv(coerceTypes: boolean | 'array'): Ajv2020 {
  // strict off: the spec carries OpenAPI-only keywords (`format: binary`, `optional`) Ajv does not know.
  const ajv = new Ajv2020({
    strict: false,
    allErrors: false,
    verbose: true,
    validateFormats: false,
    coerceTypes,
  });
  ajv.addSchema(openapiDocument);
  return ajv;
}

// JSON bodies are judged as sent; multipart fields are all strings, so they are coerced like a server would.
const jsonAjv = createAjv(false);
// 'array' also lifts a lone `timestamp_granularities=word` into the array the schema asks for.
const formAjv = createAjv('array');

function validatorFor(ajv: Ajv2020, name: SchemaName): ValidateFunction {
  const validate = ajv.getSchema(`${OPENAPI_DOCUMENT_ID}#/components/schemas/${name}`);
  if (!validate) throw new Error(`Schema ${name} is missing from the generated OpenAPI document`);
  return validate;
}

/** Validates a request body against OpenAI's schema; throws an OpenAI-shaped 400 on the first problem. */
export function validateRequest(name: SchemaName, body: unknown, options: { form?: boolean } = {}): void {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) {
    throw invalidRequest(
      'We could not parse the JSON body of your request. The OpenAI API expects a JSON object.',
      null,
      null,
    );
  }
  const validate = validatorFor(options.form ? formAjv : jsonAjv, name);
  if (validate(body)) return;
  throw toApiError(validate.errors ?? []);
}

/** 'input/0/text' -> 'input[0].text', the way OpenAI names nested params. */
export function paramName(instancePath: string): string {
  let param = '';
  for (const segment of instancePath.split('/').slice(1)) {
    const key = segment.replace(/~1/g, '/').replace(/~0/g, '~');
    param += /^\d+$/.test(key) ? `[${key}]` : param === '' ? key : `.${key}`;
  }
  return param;
}

function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'an integer' : 'a decimal';
  if (typeof value === 'object') return 'an object';
  return `a ${typeof value}`;
}

function describeType(type: unknown): string {
  const name = Array.isArray(type) ? String(type[0]) : String(type);
  if (name === 'integer' || name === 'array' || name === 'object') return `an ${name}`;
  if (name === 'null') return 'null';
  return `a ${name}`;
}

/** Picks the error a person would want to read: a nullable wrapper's real branch, not "anyOf failed". */
function chooseError(errors: ErrorObject[]): ErrorObject | undefined {
  const last = errors[errors.length - 1];
  if (!last || (last.keyword !== 'anyOf' && last.keyword !== 'oneOf')) return last;
  const branches = Array.isArray(last.schema) ? (last.schema as unknown[]) : [];
  const samePath = errors.filter(
    (error) =>
      error !== last &&
      error.instancePath === last.instancePath &&
      !(error.keyword === 'type' && error.params.type === 'null'),
  );
  const isNullable = branches.some(
    (branch) =>
      typeof branch === 'object' && branch !== null && (branch as { type?: unknown }).type === 'null',
  );
  const everyBranchWrongType =
    samePath.length > 0 &&
    errors.filter((error) => error.instancePath === last.instancePath && error.keyword === 'type').length ===
      branches.length;
  if ((isNullable && branches.length === 2) || everyBranchWrongType) return samePath[0] ?? last;
  return last;
}

function toApiError(errors: ErrorObject[]) {
  const error = chooseError(errors);
  if (!error) return invalidRequest('Invalid request body.');
  const param = paramName(error.instancePath);
  const params = error.params as Record<string, unknown>;
  const data = error.data;
  switch (error.keyword) {
    case 'required': {
      const missing = String(params.missingProperty);
      const full = param ? `${param}.${missing}` : missing;
      return invalidRequest(`Missing required parameter: '${full}'.`, full, 'missing_required_parameter');
    }
    case 'additionalProperties': {
      const extra = String(params.additionalProperty);
      const full = param ? `${param}.${extra}` : extra;
      return invalidRequest(`Unknown parameter: '${full}'.`, full, 'unknown_parameter');
    }
    case 'type':
      return invalidRequest(
        `Invalid type for '${param}': expected ${describeType(params.type)}, but got ${describeValue(data)} instead.`,
        param,
        'invalid_type',
      );
    case 'enum': {
      const allowed = (Array.isArray(error.schema) ? error.schema : []).map((value) => `'${String(value)}'`);
      return invalidRequest(
        `Invalid value: '${String(data)}'. Supported values are: ${allowed.join(', ')}.`,
        param,
        'invalid_value',
      );
    }
    case 'minimum':
    case 'exclusiveMinimum':
    case 'maximum':
    case 'exclusiveMaximum': {
      const below = error.keyword.endsWith('inimum');
      const kind = Number.isInteger(data) ? 'integer' : 'decimal';
      const bound = `${below ? '>=' : '<='} ${String(params.limit)}`;
      return invalidRequest(
        `Invalid '${param}': ${kind} ${below ? 'below minimum' : 'above maximum'} value. Expected a value ${bound}, but got ${String(data)} instead.`,
        param,
        `${kind}_${below ? 'below_min' : 'above_max'}_value`,
      );
    }
    case 'minLength':
      return invalidRequest(
        `Invalid '${param}': empty string. Expected a string with minimum length ${String(params.limit)}, but got an empty string instead.`,
        param,
        'empty_string',
      );
    case 'maxLength':
      return invalidRequest(
        `Invalid '${param}': string too long. Expected a string with maximum length ${String(params.limit)}, but got a string with length ${typeof data === 'string' ? data.length : '?'} instead.`,
        param,
        'string_above_max_length',
      );
    case 'minItems':
      return invalidRequest(
        `Invalid '${param}': empty array. Expected an array with minimum length ${String(params.limit)}, but got an empty array instead.`,
        param,
        'empty_array',
      );
    case 'maxItems':
      return invalidRequest(
        `Invalid '${param}': array too long. Expected an array with maximum length ${String(params.limit)}, but got an array with length ${Array.isArray(data) ? data.length : '?'} instead.`,
        param,
        'array_above_max_length',
      );
    default:
      return invalidRequest(
        `'$.${param}' is invalid. Please check the API reference: https://platform.openai.com/docs/api-reference.`,
        param || null,
        'invalid_value',
      );
  }
}
