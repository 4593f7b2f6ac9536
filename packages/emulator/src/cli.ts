import { isBackgroundChild, serveForParent, shellExports, startEmulatorInBackground } from './background.js';
import { type CliCommand, EmulatorFlagError, parseCliArgs, USAGE } from './cli-args.js';
import { startEmulator } from './server.js';

function fail(message: string, code: number): void {
  process.stderr.write(`${message}\n`);
  process.exitCode = code;
}

async function main(): Promise<void> {
  if (isBackgroundChild()) return serveForParent();
  let command: CliCommand;
  try {
    command = await parseCliArgs(process.argv.slice(2));
  } catch (error) {
    if (error instanceof EmulatorFlagError) return fail(`${error.message}\n\n${USAGE}`, 2);
    throw error;
  }
  if (command.help) {
    process.stdout.write(USAGE);
    return;
  }
  const { options } = command;
  if (command.background) {
    const { url, apiKey, pid } = await startEmulatorInBackground(options);
    process.stdout.write(
      shellExports({ ANYINT_BASE_URL: url, ANYINT_API_KEY: apiKey, ANYINT_EMULATOR_PID: pid }),
    );
    return;
  }
  const emulator = await startEmulator(options);
  process.stderr.write(`AnyInt emulator listening on ${emulator.url}; Ctrl-C stops it.\n`);
  process.stdout.write(shellExports({ ANYINT_BASE_URL: emulator.url, ANYINT_API_KEY: options.apiKey }));
  if (!options.apiKey) process.stderr.write('No --api-key: any key is accepted.\n');
  const stop = () => {
    emulator.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((error: unknown) => {
  const code = (error as { code?: unknown }).code;
  fail(
    code === 'EADDRINUSE'
      ? `${error instanceof Error ? error.message : String(error)}: pass another --port, or --port 0 for a free one`
      : error instanceof Error
        ? error.message
        : String(error),
    // startEmulator refuses bad options (a fault kind in --faults JSON) with a TypeError.
    error instanceof TypeError ? 2 : 1,
  );
});
