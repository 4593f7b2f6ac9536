import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { type Emulator, startEmulator } from '@anyint/emulator';
import { createServer } from 'vite';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

export interface Playground {
  /** The page, e.g. 'http://127.0.0.1:5173/'. */
  url: string;
  emulator: Emulator;
  close(): Promise<void>;
}

export interface PlaygroundOptions {
  /** Port of the page (default 5173; the next free one when taken). */
  port?: number;
  /** Port of the emulator (default 0, a free one). */
  emulatorPort?: number;
  /** Vite's own logging (default 'info'). */
  logLevel?: 'info' | 'warn' | 'error' | 'silent';
}

/**
 * Starts the emulator (CORS for any origin, a random key) and Vite's dev server for the page, which
 * gets the emulator's URL and key as its default connection. The page and the emulator are on
 * different origins, so every call is a real cross-origin request.
 */
export async function startPlayground(options: PlaygroundOptions = {}): Promise<Playground> {
  const apiKey = `sk-emulator-${randomBytes(12).toString('hex')}`;
  // Half speed makes a 4 s video take about 2 s to render: long enough to watch its progress.
  const emulator = await startEmulator({ apiKey, port: options.emulatorPort ?? 0, timeScale: 0.5 });
  try {
    const server = await createServer({
      root: ROOT,
      configFile: `${ROOT}/vite.config.ts`,
      logLevel: options.logLevel ?? 'info',
      define: { __PLAYGROUND_EMULATOR__: JSON.stringify({ baseURL: emulator.url, apiKey }) },
      server: { host: '127.0.0.1', port: options.port ?? 5173, strictPort: false },
    });
    await server.listen();
    const url = server.resolvedUrls?.local[0];
    if (!url) throw new Error('Vite did not report a local URL');
    return {
      url,
      emulator,
      async close() {
        await server.close();
        await emulator.close();
      },
    };
  } catch (error) {
    await emulator.close();
    throw error;
  }
}

function portOption(name: string, text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const value = Number(text);
  if (!(Number.isInteger(value) && value >= 0 && value <= 65_535)) {
    throw new Error(`${name} must be a port number (0-65535), got '${text}'`);
  }
  return value;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { port: { type: 'string' }, 'emulator-port': { type: 'string' } },
    strict: true,
  });
  const port = portOption('--port', values.port);
  const emulatorPort = portOption('--emulator-port', values['emulator-port']);
  const playground = await startPlayground({ port, emulatorPort, logLevel: 'warn' });
  console.log(`\n  AnyInt playground   ${playground.url}`);
  console.log(`  emulator            ${playground.emulator.url} (CORS for any origin; its key is prefilled)`);
  console.log('\n  Open the first URL in a browser. Ctrl-C stops both.\n');
  const stop = () => {
    playground.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  main().catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exitCode = 1;
  });
}
