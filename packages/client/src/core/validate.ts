import { AnyIntValidationError } from './errors.js';

// Checks for input that is always wrong, whatever the model. Model-specific limits are the gateway's to judge.

function describe(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (typeof value === 'string') return value === '' ? 'an empty string' : JSON.stringify(value.slice(0, 40));
  if (Array.isArray(value)) return value.length === 0 ? 'an empty array' : `an array of ${value.length}`;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return typeof value;
}

export function invalid(field: string, expected: string, value: unknown): AnyIntValidationError {
  return new AnyIntValidationError(field, `"${field}" must be ${expected}; got ${describe(value)}.`);
}

export function requireObject(field: string, value: unknown): asserts value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw invalid(field, 'an object', value);
}

export function requireString(field: string, value: unknown): asserts value is string {
  if (typeof value !== 'string' || value.trim() === '') throw invalid(field, 'a non-empty string', value);
}

export function optionalString(field: string, value: unknown): void {
  if (value != null) requireString(field, value);
}

export function optionalPositiveInteger(field: string, value: unknown): void {
  if (value != null && !(Number.isInteger(value) && (value as number) > 0)) {
    throw invalid(field, 'a positive integer', value);
  }
}

export function optionalFiniteNumber(field: string, value: unknown): void {
  if (value != null && !(typeof value === 'number' && Number.isFinite(value))) {
    throw invalid(field, 'a finite number', value);
  }
}

export function optionalPositiveNumber(field: string, value: unknown): void {
  if (value != null && !(typeof value === 'number' && Number.isFinite(value) && value > 0)) {
    throw invalid(field, 'a positive finite number', value);
  }
}

export function requireOneOf(field: string, value: unknown, allowed: readonly string[]): void {
  if (!allowed.includes(value as string)) {
    throw invalid(field, `one of ${allowed.map((a) => `'${a}'`).join(', ')}`, value);
  }
}

export function optionalOneOf(field: string, value: unknown, allowed: readonly string[]): void {
  if (value != null) requireOneOf(field, value, allowed);
}

/** A string or a non-empty array of non-empty strings. */
export function requireTextInput(field: string, value: unknown): asserts value is string | string[] {
  if (typeof value === 'string') {
    if (value === '') throw invalid(field, 'a non-empty string or array of strings', value);
    return;
  }
  if (!Array.isArray(value) || value.length === 0) {
    throw invalid(field, 'a non-empty string or array of strings', value);
  }
  for (let i = 0; i < value.length; i++) {
    const item: unknown = value[i];
    if (typeof item !== 'string' || item === '') throw invalid(`${field}[${i}]`, 'a non-empty string', item);
  }
}

/**
 * The params without top-level fields set to null or undefined. On pass-through routes optional
 * fields travel only when set: the validators above take null for "unset", and some upstreams
 * (OpenAI among them) reject an explicit null on a field their schema does not make nullable.
 */
export function withoutNulls<T extends object>(params: T): T {
  return Object.fromEntries(Object.entries(params).filter(([, value]) => value != null)) as T;
}

/** A resource id as a path segment: non-empty, and escaped so it cannot change the path. */
export function pathId(field: string, value: unknown): string {
  requireString(field, value);
  return encodeURIComponent(value);
}
