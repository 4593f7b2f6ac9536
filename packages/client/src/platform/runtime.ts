/**
 * What the running JavaScript runtime can do, found from its globals. Shared by both builds: the Node
 * build can also run where these answers differ (a test under jsdom, a `fetch` passed in).
 */

interface RuntimeGlobals {
  window?: { document?: unknown };
  navigator?: { userAgent?: unknown };
  process?: { versions?: { node?: unknown } };
  Deno?: unknown;
  Bun?: unknown;
}

const runtime = globalThis as RuntimeGlobals;

/** A web page (a window with a document), as the official OpenAI SDK tells it. */
export function runningInBrowser(): boolean {
  return (
    typeof runtime.window === 'object' &&
    runtime.window !== null &&
    typeof runtime.window.document !== 'undefined' &&
    typeof runtime.navigator !== 'undefined'
  );
}

/**
 * Whether `fetch` here can send a `ReadableStream` body (`duplex: 'half'`) to any server. Node, Bun,
 * Deno and workerd can. Browsers cannot over HTTP/1.1 (Chromium fails with
 * `ERR_ALPN_NEGOTIATION_FAILED`, Firefox and Safari never stream), and their workers neither, so
 * only runtimes known to stream say yes.
 */
export function streamsRequestBodies(): boolean {
  if (runningInBrowser()) return false;
  if (typeof runtime.Deno !== 'undefined' || typeof runtime.Bun !== 'undefined') return true;
  if (typeof runtime.process?.versions?.node === 'string') return true;
  return runtime.navigator?.userAgent === 'Cloudflare-Workers';
}

/**
 * Whether `fetch` here hides a redirect from the caller (`redirect: 'manual'` gives an opaque
 * response without status or `Location`): browsers and their workers do. There the runtime follows
 * redirects itself, and drops `Authorization` when one leaves the origin, as the Fetch standard says.
 */
export function runtimeHidesRedirects(): boolean {
  return !streamsRequestBodies();
}
