import type * as AnyIntClientModule from '@anyint/client';

/** The `@anyint/client` module: its classes and helpers, loaded at the provider's first call. */
export type ClientModule = typeof AnyIntClientModule;

let loading: Promise<ClientModule> | undefined;

/**
 * Loads `@anyint/client` once, at the first call that needs it, so that importing the provider costs
 * only its own small modules (the client parses every resource at load). A failed load is retried at
 * the next call.
 */
export function loadClientModule(): Promise<ClientModule> {
  if (!loading) {
    const started = import('@anyint/client');
    loading = started;
    started.catch(() => {
      if (loading === started) loading = undefined;
    });
  }
  return loading;
}
