import { randomBytes } from 'node:crypto';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { AnyInt } from '@anyint/client';
import { type Emulator, startEmulator } from '@anyint/emulator';
import type { DemoContext } from './context.js';
import { demoModels } from './models.js';
import { Report } from './report.js';
import { runAiSdkSection } from './sections/ai-sdk.js';
import { runClientSection } from './sections/client.js';
import { runLangChainSection } from './sections/langchain.js';
import { runLlamaIndexSection } from './sections/llamaindex.js';
import { runStatefulSection } from './sections/stateful.js';

const { values } = parseArgs({ options: { emulator: { type: 'boolean', default: false } } });
const useGateway = Boolean(process.env.ANYINT_API_KEY) && !values.emulator;

let emulator: Emulator | undefined;
let connection: { apiKey: string; baseURL: string };
if (useGateway) {
  const client = new AnyInt();
  connection = { apiKey: process.env.ANYINT_API_KEY as string, baseURL: client.baseURL };
  console.log(`Target: ${connection.baseURL} (ANYINT_API_KEY is set; --emulator uses the local emulator)`);
} else {
  const apiKey = `sk-demo-${randomBytes(16).toString('hex')}`;
  emulator = await startEmulator({ apiKey, timeScale: 50 });
  connection = { apiKey, baseURL: emulator.url };
  console.log(`Target: embedded emulator at ${emulator.url}`);
}

const report = new Report();
const context: DemoContext = {
  client: new AnyInt(connection),
  models: demoModels(),
  report,
  outDir: await mkdtemp(join(tmpdir(), 'anyint-demo-')),
};
try {
  await runClientSection(context);
  await runStatefulSection(context);
  await runLangChainSection(context);
  await runAiSdkSection(context, connection);
  await runLlamaIndexSection(context);
} finally {
  await emulator?.close();
}

console.log(`\nFiles written to ${context.outDir}`);
if (report.failures.length > 0) {
  console.log(`${report.failures.length} step(s) failed: ${report.failures.join('; ')}`);
  process.exit(1);
}
console.log('All steps passed.');
