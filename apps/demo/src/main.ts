import { randomBytes } from 'node:crypto';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { AnyInt } from '@anyint/client';
import { type Emulator, startEmulator } from '@anyint/emulator';
import { demoModels } from './models.js';
import { Report } from './report.js';
import { runClientSection } from './sections/client.js';

const { values } = parseArgs({ options: { emulator: { type: 'boolean', default: false } } });
const useGateway = Boolean(process.env.ANYINT_API_KEY) && !values.emulator;

let emulator: Emulator | undefined;
let client: AnyInt;
if (useGateway) {
  client = new AnyInt();
  console.log(`Target: ${client.baseURL} (ANYINT_API_KEY is set; --emulator uses the local emulator)`);
} else {
  const apiKey = `sk-demo-${randomBytes(16).toString('hex')}`;
  emulator = await startEmulator({ apiKey });
  client = new AnyInt({ apiKey, baseURL: emulator.url });
  console.log(`Target: embedded emulator at ${emulator.url}`);
}

const outDir = await mkdtemp(join(tmpdir(), 'anyint-demo-'));
const report = new Report();
try {
  const context = { client, models: demoModels(), report, outDir };
  await runClientSection(context);
} finally {
  await emulator?.close();
}

console.log(`\nFiles written to ${outDir}`);
if (report.failures.length > 0) {
  console.log(`${report.failures.length} step(s) failed: ${report.failures.join('; ')}`);
  process.exit(1);
}
console.log('All steps passed.');
