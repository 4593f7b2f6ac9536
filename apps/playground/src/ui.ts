/** Tiny DOM helpers: the playground has no framework, so panels build their markup with these. */

type Child = Node | string | null | undefined | false;
type Attributes = Record<string, string | number | boolean | undefined>;

/** `h('button', { class: 'primary' }, 'Go')`: an element with attributes (false/undefined skipped) and children. */
export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attributes: Attributes = {},
  ...children: Child[]
): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === undefined || value === false) continue;
    element.setAttribute(name, value === true ? '' : String(value));
  }
  element.append(...children.filter((child): child is Node | string => Boolean(child)));
  return element;
}

export function select(
  attributes: Attributes,
  options: readonly string[],
  selected: string = options[0] ?? '',
): HTMLSelectElement {
  return h(
    'select',
    attributes,
    ...options.map((option) => h('option', { value: option, selected: option === selected }, option)),
  );
}

export function field(label: string, control: HTMLElement, wide = false): HTMLLabelElement {
  return h('label', { class: wide ? 'field wide' : 'field' }, h('span', {}, label), control);
}

/** A panel: title, one line of what it does, the call it makes, controls, and where results go. */
export interface Panel {
  root: HTMLElement;
  controls: HTMLElement;
  output: HTMLElement;
  /** Runs `work` with the panel marked busy; its error, if any, is shown in the panel. */
  run(work: () => Promise<void>): Promise<void>;
}

export function panel(options: {
  id: string;
  title: string;
  blurb: string;
  call: string;
  icon: string;
}): Panel {
  const status = h('span', { class: 'status', 'data-testid': 'status' }, 'ready');
  const controls = h('div', { class: 'controls' });
  const output = h('div', { class: 'output', 'aria-live': 'polite' });
  const root = h(
    'section',
    { class: 'panel', id: options.id, 'data-state': 'idle' },
    h(
      'header',
      {},
      h('span', { class: 'icon', 'aria-hidden': 'true' }, options.icon),
      h('div', {}, h('h2', {}, options.title), h('p', { class: 'blurb' }, options.blurb)),
      status,
    ),
    h('code', { class: 'call' }, options.call),
    controls,
    output,
  );
  const run = async (work: () => Promise<void>) => {
    const started = performance.now();
    root.dataset.state = 'busy';
    status.textContent = 'working…';
    for (const button of controls.querySelectorAll('button')) button.disabled = true;
    try {
      await work();
      root.dataset.state = 'done';
      status.textContent = `done in ${formatMs(performance.now() - started)}`;
    } catch (error) {
      root.dataset.state = 'error';
      status.textContent = 'failed';
      output.replaceChildren(errorView(error));
    } finally {
      for (const button of controls.querySelectorAll('button')) button.disabled = false;
    }
  };
  return { root, controls, output, run };
}

export function formatMs(ms: number): string {
  return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(1)} s`;
}

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(2)} MB`;
}

interface ErrorDetails {
  name?: unknown;
  message?: unknown;
  status?: unknown;
  statusCode?: unknown;
  requestId?: unknown;
  cause?: unknown;
}

/**
 * The error as a card: class name, status and the upstream's request id. The AI SDK wraps client
 * errors in `APICallError` with the client error as `cause`; the client error says more.
 */
export function errorView(error: unknown): HTMLElement {
  let shown = (error ?? {}) as ErrorDetails;
  const cause = shown.cause as ErrorDetails | undefined;
  if (cause && typeof cause === 'object' && typeof cause.name === 'string') shown = cause;
  const status = shown.status ?? shown.statusCode;
  const facts = [
    typeof shown.name === 'string' ? shown.name : 'Error',
    typeof status === 'number' ? `HTTP ${status}` : undefined,
    typeof shown.requestId === 'string' ? `request ${shown.requestId}` : undefined,
  ].filter(Boolean);
  return h(
    'div',
    { class: 'error', role: 'alert', 'data-testid': 'error' },
    h('strong', {}, facts.join(' · ')),
    h('p', {}, typeof shown.message === 'string' ? shown.message : String(error)),
  );
}

/** Resolves when a media element knows its duration (it fired `loadedmetadata`). */
export function whenMetadata(media: HTMLMediaElement): Promise<void> {
  if (media.readyState >= HTMLMediaElement.HAVE_METADATA) return Promise.resolve();
  return new Promise((resolve, reject) => {
    media.addEventListener('loadedmetadata', () => resolve(), { once: true });
    media.addEventListener('error', () => reject(new Error(`The browser cannot play this media`)), {
      once: true,
    });
  });
}

/** Object URLs of the previous result are released when a panel shows a new one. */
export class ObjectUrls {
  #urls: string[] = [];
  create(blob: Blob): string {
    const url = URL.createObjectURL(blob);
    this.#urls.push(url);
    return url;
  }
  revokeAll(): void {
    for (const url of this.#urls.splice(0)) URL.revokeObjectURL(url);
  }
}
