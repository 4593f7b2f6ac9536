// The Node-only packages, compiled only with @types/node.
import { runCli } from '@anyint/cli';
import { type Emulator, startEmulator } from '@anyint/emulator';

export const started: Promise<Emulator> = startEmulator({ apiKey: 'key' });
export const cli: typeof runCli = runCli;
