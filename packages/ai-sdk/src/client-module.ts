import type * as AnyIntClientModule from '@anyint/client';
import type * as AdapterKitModule from '@anyint/client/adapter-kit';

/** The `@anyint/client` module: its classes and helpers, loaded at the provider's first call. */
export type ClientModule = typeof AnyIntClientModule;

/** `@anyint/client/adapter-kit`: the connection and model-family rules every adapter shares. */
export type KitModule = typeof AdapterKitModule;

let loading: Promise<ClientModule> | undefined;
let loadingKit: Promise<KitModule> | undefined;

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

/** Loads `@anyint/client/adapter-kit` once, at the first call, as `loadClientModule` does. */
export function loadKitModule(): Promise<KitModule> {
  if (!loadingKit) {
    const started = import('@anyint/client/adapter-kit');
    loadingKit = started;
    started.catch(() => {
      if (loadingKit === started) loadingKit = undefined;
    });
  }
  return loadingKit;
}
