import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import * as core from './core/errors.js';
import * as errors from './errors.js';
import * as index from './index.js';

/** The error classes a module exports: every export that is `AnyIntError` or extends it. */
function errorClasses(module: Record<string, unknown>): Map<string, unknown> {
  return new Map(
    Object.entries(module).filter(
      ([, value]) =>
        typeof value === 'function' &&
        (value === core.AnyIntError || value.prototype instanceof core.AnyIntError),
    ),
  );
}

describe('@anyint/client/errors', () => {
  it('exports every error class of the client and nothing else', () => {
    const classes = errorClasses(core);
    expect(classes.size).toBeGreaterThan(20);
    expect(Object.keys(errors).sort()).toEqual([...classes.keys()].sort());
    for (const [name, value] of Object.entries(errors)) expect(value, name).toBe(classes.get(name));
  });

  it('is what the root entry exports, the same objects', () => {
    for (const [name, value] of Object.entries(errors)) {
      expect((index as Record<string, unknown>)[name], name).toBe(value);
    }
  });

  // Built files (run `tsdown` first): `catch (e) { e instanceof NotFoundError }` must hold whichever
  // entry the class was imported from, so the entries share one chunk of error classes.
  it.each([
    ['errors.mjs', 'index.mjs'],
    ['errors-web.mjs', 'web.mjs'],
  ])('dist/%s exports the classes of dist/%s', async (errorsFile, rootFile) => {
    const dist = new URL('../dist/', import.meta.url);
    const built = await import(new URL(errorsFile, dist).href);
    const root = await import(new URL(rootFile, dist).href);
    expect(Object.keys(built).sort()).toEqual([...errorClasses(core).keys()].sort());
    for (const name of Object.keys(built)) expect(root[name], name).toBe(built[name]);
  });

  it.each([
    ['errors.cjs', 'index.cjs'],
    ['errors-web.cjs', 'web.cjs'],
  ])('dist/%s exports the classes of dist/%s', (errorsFile, rootFile) => {
    const require = createRequire(new URL('../dist/', import.meta.url));
    const built = require(`./${errorsFile}`);
    const root = require(`./${rootFile}`);
    expect(Object.keys(built).sort()).toEqual([...errorClasses(core).keys()].sort());
    for (const name of Object.keys(built)) expect(root[name], name).toBe(built[name]);
  });
});
