import { parseCliArgs, USAGE } from './cli-args.js';
import { startEmulator } from './server.js';

async function main(): Promise<void> {
  let command: ReturnType<typeof parseCliArgs>;
  try {
    command = parseCliArgs(process.argv.slice(2));
  } catch (error) {
    console.error(`${error instanceof Error ? error.message : String(error)}\n\n${USAGE}`);
    process.exitCode = 2;
    return;
  }
  if (command.help) {
    console.log(USAGE);
    return;
  }
  const emulator = await startEmulator(command.options);
  console.log(`AnyInt emulator listening on ${emulator.url}`);
  console.log(`export ANYINT_BASE_URL=${emulator.url}`);
  if (command.options.apiKey) console.log('# requests need Authorization: Bearer <the --api-key value>');
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
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
});
