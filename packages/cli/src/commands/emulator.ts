import type { Emulator, EmulatorOptions } from '@anyint/emulator';
import {
  type Command,
  type CommandContext,
  helpText,
  type OptionSpec,
  type OptionValues,
  type ParsedArgs,
} from '../command.js';
import { CliError, EXIT, UsageError } from '../errors.js';

type EmulatorModule = typeof import('@anyint/emulator');

/**
 * `@anyint/emulator` is an optional peer: its server stack is loaded only by this command, so the
 * CLI installs and runs (`check`, `embed`, `--version`) without it.
 */
async function loadEmulator(): Promise<EmulatorModule> {
  try {
    return await import('@anyint/emulator');
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    if (
      (code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND') &&
      String(error).includes('@anyint/emulator')
    ) {
      throw new CliError('`anyint emulator` runs @anyint/emulator, which is not installed.', {
        hint: 'Add it next to the CLI: npm i -D @anyint/emulator (or npm i -g @anyint/emulator beside a global anyint).',
        cause: error,
      });
    }
    throw error;
  }
}

const DESCRIPTION = `Starts @anyint/emulator, a local stand-in for the gateway over real HTTP, and runs until Ctrl-C.
Prints \`export ANYINT_BASE_URL=<url>\` on stdout (and ANYINT_API_KEY with --api-key); messages go
to stderr. With --background it starts detached, prints the exports (a random key unless --api-key,
and ANYINT_EMULATOR_PID) and exits, so a shell picks them up with eval and goes on:

  eval "$(anyint emulator --port 0 --background)"
  anyint check -m text-embedding-3-small
  kill "$ANYINT_EMULATOR_PID"

Needs @anyint/emulator installed next to the CLI (npm i -D @anyint/emulator).`;

const EXAMPLES = `  anyint emulator --port 8787 --personality litellm --faults 429:0.1,reset:0.02 --seed 7
  anyint emulator --port 0 --models '{"text-embedding-v4": {"maxInputs": 10, "disabledRoutes": ["images"]}}'
  anyint emulator --known-models text-embedding-3-small,whisper-1 --api-key test --time-scale 50
  eval "$(anyint emulator --port 0 --background)"`;

function usage(flags: string): string {
  return helpText({
    usage: 'anyint emulator [--port 8787] [--personality openai|litellm|kling] [--faults <list>] [...]',
    description: DESCRIPTION,
    options: flags,
    examples: EXAMPLES,
  });
}

/** The emulator's options from the one table it exports, as `startEmulator` options. */
async function emulatorOptions(emulator: EmulatorModule, values: OptionValues): Promise<EmulatorOptions> {
  try {
    return await emulator.emulatorOptionsFromFlags(values);
  } catch (error) {
    if (error instanceof emulator.EmulatorFlagError) throw new UsageError(`${error.message}.`);
    throw error;
  }
}

function startFailure(error: unknown, options: EmulatorOptions): unknown {
  if ((error as { code?: unknown }).code === 'EADDRINUSE') {
    return new CliError(`Port ${options.port} on ${options.host} is already in use.`, {
      hint: 'Pass another --port, or --port 0 for a free one.',
      cause: error,
    });
  }
  // startEmulator refuses bad options (a fault kind in --faults JSON) with a TypeError.
  if (error instanceof TypeError) return new UsageError(error.message);
  return error;
}

function runWith(emulator: EmulatorModule) {
  return async (context: CommandContext, { values, positionals }: ParsedArgs): Promise<number> => {
    if (positionals.length > 0) throw new UsageError(`Unexpected argument '${positionals[0]}'.`);
    const options = await emulatorOptions(emulator, values);
    const { output } = context;
    if (values.background === true) {
      const started = await emulator.startEmulatorInBackground(options).catch((error: unknown) => {
        throw startFailure(error, options);
      });
      output.message(`AnyInt emulator listening on ${started.url} in the background (pid ${started.pid}).`);
      // Not through the redacting writer: the key is the emulator's, and printing it is the point.
      output.stdout.write(
        emulator.shellExports({
          ANYINT_BASE_URL: started.url,
          ANYINT_API_KEY: started.apiKey,
          ANYINT_EMULATOR_PID: started.pid,
        }),
      );
      return EXIT.ok;
    }
    let server: Emulator;
    try {
      server = await emulator.startEmulator(options);
    } catch (error) {
      throw startFailure(error, options);
    }
    output.message(
      `AnyInt emulator listening on ${server.url} (personality ${options.personality ?? 'openai'}, seed ${options.seed ?? 1}); Ctrl-C stops it.`,
    );
    if (!options.apiKey) output.message('No --api-key: any key is accepted.');
    output.stdout.write(
      emulator.shellExports({ ANYINT_BASE_URL: server.url, ANYINT_API_KEY: options.apiKey }),
    );
    if (!context.signal.aborted) {
      await new Promise<void>((resolve) =>
        context.signal.addEventListener('abort', () => resolve(), { once: true }),
      );
    }
    await server.close();
    output.message(`Emulator stopped after ${server.requests.length} requests.`);
    return EXIT.ok;
  };
}

const NOT_LOADED: Command['run'] = () => {
  throw new Error('The emulator command runs after load()');
};

export const emulatorCommand: Command = {
  name: 'emulator',
  summary: 'run a local AnyInt gateway (the emulator) for tests and demos',
  options: {},
  help: usage("  (the emulator's options: install @anyint/emulator, then run `anyint emulator --help`)"),
  run: NOT_LOADED,
  async load() {
    const emulator = await loadEmulator();
    const options: OptionSpec = emulator.emulatorParseOptions();
    return { ...emulatorCommand, options, help: usage(emulator.emulatorFlagsHelp()), run: runWith(emulator) };
  },
};
