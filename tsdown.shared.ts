import type { UserConfig } from 'tsdown';

/**
 * For an adapter whose parts load at first use with `import()`: its CommonJS build `require`s them
 * instead, so CommonJS users get the same (CommonJS) copy of the dependency as their own `require`.
 */
export const requireLazyImportsInCjs: UserConfig['outputOptions'] = (options, format) =>
  format === 'cjs' ? { ...options, dynamicImportInCjs: false } : options;
