import { type AnyIntProvider, createAnyInt } from '@anyint/ai-sdk-provider';
import { AnyInt, DEFAULT_BASE_URL } from '@anyint/client';
import { field, h } from './ui.js';

/** Set by `pnpm playground` (scripts/start.ts) for the emulator it started; null in a plain build. */
declare const __PLAYGROUND_EMULATOR__: { baseURL: string; apiKey: string } | null;

const REMEMBERED_KEY = 'anyint-playground:api-key';
const REMEMBERED_URL = 'anyint-playground:base-url';

export interface Connection {
  /** For routes the AI SDK has no model kind for (moderations). */
  client: AnyInt;
  /** The AI SDK provider: embeddings, images, speech, transcription, video. */
  anyint: AnyIntProvider;
  baseURL: string;
}

export interface ConnectionBar {
  root: HTMLElement;
  /** The client and provider for what the bar says now; the same objects while it does not change. */
  current(): Connection;
  /** True when talking to the emulator `pnpm playground` started (its model ids are the defaults). */
  isEmulator(): boolean;
}

/**
 * Where requests go and with which key. The key lives in memory only, unless the user ticks
 * "remember", which keeps it in this browser's localStorage (and unticking deletes it).
 */
export function connectionBar(): ConnectionBar {
  const emulator = typeof __PLAYGROUND_EMULATOR__ === 'undefined' ? null : __PLAYGROUND_EMULATOR__;
  const remembered = localStorage.getItem(REMEMBERED_KEY);
  const target = h(
    'select',
    { 'data-testid': 'target' },
    emulator ? h('option', { value: 'emulator' }, 'Local emulator') : null,
    h('option', { value: 'gateway' }, 'AnyInt gateway'),
  );
  const baseURL = h('input', {
    type: 'url',
    spellcheck: 'false',
    'data-testid': 'base-url',
    value: emulator?.baseURL ?? localStorage.getItem(REMEMBERED_URL) ?? DEFAULT_BASE_URL,
  });
  const apiKey = h('input', {
    type: 'password',
    autocomplete: 'off',
    placeholder: 'ANYINT_API_KEY',
    'data-testid': 'api-key',
    value: emulator?.apiKey ?? remembered ?? '',
  });
  const remember = h('input', { type: 'checkbox', 'data-testid': 'remember', checked: remembered !== null });
  const note = h('p', { class: 'note' });

  const describe = () => {
    note.textContent =
      target.value === 'emulator'
        ? 'The emulator runs on your machine: deterministic answers, a random key for this session.'
        : 'Your key stays in this page and goes only to the base URL above' +
          (remember.checked ? ', and is kept in this browser until you untick "remember".' : '.') +
          ' The gateway must allow this page’s origin (CORS).';
  };
  target.addEventListener('change', () => {
    if (target.value === 'emulator' && emulator) {
      baseURL.value = emulator.baseURL;
      apiKey.value = emulator.apiKey;
    } else {
      baseURL.value = localStorage.getItem(REMEMBERED_URL) ?? DEFAULT_BASE_URL;
      apiKey.value = localStorage.getItem(REMEMBERED_KEY) ?? '';
    }
    describe();
  });
  const store = () => {
    if (remember.checked && target.value !== 'emulator') {
      localStorage.setItem(REMEMBERED_KEY, apiKey.value);
      localStorage.setItem(REMEMBERED_URL, baseURL.value);
    } else if (!remember.checked) {
      localStorage.removeItem(REMEMBERED_KEY);
      localStorage.removeItem(REMEMBERED_URL);
    }
    describe();
  };
  remember.addEventListener('change', store);
  apiKey.addEventListener('change', store);
  baseURL.addEventListener('change', store);
  describe();

  let cached: { url: string; key: string; connection: Connection } | undefined;
  const current = (): Connection => {
    const url = baseURL.value.trim();
    const key = apiKey.value.trim();
    if (cached?.url === url && cached.key === key) return cached.connection;
    // Browser use is opt-in (the key is visible to the page): here the user typed it into the page.
    const client = new AnyInt({ apiKey: key, baseURL: url, dangerouslyAllowBrowser: true });
    const anyint = createAnyInt({ apiKey: key, baseURL: url, dangerouslyAllowBrowser: true });
    cached = { url, key, connection: { client, anyint, baseURL: url } };
    return cached.connection;
  };

  const root = h(
    'form',
    { class: 'connection' },
    field('Target', target),
    field('Base URL', baseURL, true),
    field('API key', apiKey),
    h('label', { class: 'remember' }, remember, 'remember the key in this browser'),
    note,
  );
  root.addEventListener('submit', (event) => event.preventDefault());
  return { root, current, isEmulator: () => target.value === 'emulator' };
}
