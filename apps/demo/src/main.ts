import { randomBytes } from 'node:crypto';
import { mkdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { AnyInt, APIConnectionError, AuthenticationError } from '@anyint/client';
import { type Emulator, startEmulator } from '@anyint/emulator';
import type { DemoContext } from './context.js';
import { shown } from './files.js';
import { demoModels } from './models.js';
import { Report } from './report.js';

const DEMO_DIR = join(import.meta.dirname, '..');

const { values } = parseArgs({
  options: {
    emulator: { type: 'boolean', default: false },
    out: { type: 'string' },
  },
});
const useGateway = Boolean(process.env.ANYINT_API_KEY) && !values.emulator;
// `--out` is relative to where the user typed the command, not to apps/demo where pnpm runs it.
const outDir = values.out
  ? resolve(process.env.INIT_CWD ?? process.cwd(), values.out)
  : join(DEMO_DIR, 'out');

/**
 * One cheap request before the steps: when the gateway cannot be reached or refuses the key, every
 * step would fail the same way, so the demo says it once and stops.
 */
async function gatewayProblem(connection: { apiKey: string; baseURL: string }): Promise<string | undefined> {
  const probe = new AnyInt({ ...connection, maxRetries: 0, timeout: 15_000 });
  try {
    await probe.files.list();
  } catch (error) {
    if (APIConnectionError.isInstance(error))
      return `cannot reach the AnyInt gateway at ${connection.baseURL} (${error.message})`;
    if (AuthenticationError.isInstance(error))
      return `the AnyInt gateway at ${connection.baseURL} refused ANYINT_API_KEY (401)`;
  }
  return undefined;
}

let emulator: Emulator | undefined;
let connection: { apiKey: string; baseURL: string };
if (useGateway) {
  connection = { apiKey: process.env.ANYINT_API_KEY as string, baseURL: new AnyInt().baseURL };
  const problem = await gatewayProblem(connection);
  if (problem) {
    console.error(`demo: ${problem}. To run on the local emulator instead: pnpm demo --emulator`);
    process.exit(2);
  }
  console.log(`Target: ${connection.baseURL} (ANYINT_API_KEY is set; --emulator uses the local emulator)`);
} else {
  const apiKey = `sk-demo-${randomBytes(16).toString('hex')}`;
  emulator = await startEmulator({ apiKey, timeScale: 50 });
  connection = { apiKey, baseURL: emulator.url };
  console.log(`Target: embedded emulator at ${emulator.url}`);
}

await mkdir(outDir, { recursive: true });
const report = new Report();
const context: DemoContext = {
  client: new AnyInt(connection),
  models: demoModels(),
  report,
  outDir,
};
// The sections load every framework, which takes seconds; the checks above answer before that.
const [
  { runClientSection },
  { runStatefulSection },
  { runLangChainSection },
  { runAiSdkSection },
  { runLlamaIndexSection },
] = await Promise.all([
  import('./sections/client.js'),
  import('./sections/stateful.js'),
  import('./sections/langchain.js'),
  import('./sections/ai-sdk.js'),
  import('./sections/llamaindex.js'),
]);
try {
  await runClientSection(context);
  await runStatefulSection(context);
  await runLangChainSection(context);
  await runAiSdkSection(context, connection);
  await runLlamaIndexSection(context);
} finally {
  await emulator?.close();
}

console.log(`\nImages, audio and videos are in ${shown(outDir)}`);
if (report.failures.length > 0) {
  console.log(`${report.failures.length} step(s) failed: ${report.failures.join('; ')}`);
  process.exit(1);
}
console.log('All steps passed.');
