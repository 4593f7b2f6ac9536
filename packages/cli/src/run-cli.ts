import pkg from '../package.json' with { type: 'json' };
import {
  type Command,
  createContext,
  GLOBAL_HELP,
  type OptionValues,
  parseCommandLine,
  type Stdin,
  stringOption,
} from './command.js';
import { checkCommand } from './commands/check.js';
import { embedCommand } from './commands/embed.js';
import { emulatorCommand } from './commands/emulator.js';
import { filesCommand } from './commands/files.js';
import { videoCommand } from './commands/video.js';
import { CliError, EXIT, reportError, UsageError } from './errors.js';
import { type Env, Output, type WritableLike } from './output.js';

/** Streams and environment of one run; `process`'s own by default. */
export interface CliIO {
  stdout?: WritableLike;
  stderr?: WritableLike;
  stdin?: Stdin;
  /** Read for ANYINT_API_KEY, ANYINT_BASE_URL and NO_COLOR. Default `process.env`. */
  env?: Env;
  /** Aborting it stops the command as Ctrl-C does (the emulator command runs until then). */
  signal?: AbortSignal;
}

export const VERSION: string = pkg.version;

export const COMMANDS: readonly Command[] = [
  checkCommand,
  emulatorCommand,
  embedCommand,
  filesCommand,
  videoCommand,
];

const VALUE_FLAGS = new Set(['--base-url', '--api-key']);

function mainHelp(): string {
  const width = Math.max(...COMMANDS.map((command) => command.name.length));
  const list = COMMANDS.map((command) => `  ${command.name.padEnd(width)}  ${command.summary}`).join('\n');
  return `Usage: anyint <command> [options]

The AnyInt gateway from the command line: check which routes work for a model, run the local
emulator, embed corpora, manage files and generate videos.

Commands:
${list}

${GLOBAL_HELP}
  -V, --version         print the version

Run \`anyint <command> --help\` for a command's options and examples.

Examples:
  anyint check --model text-embedding-v4 --model kling-v3-omni --model whisper-1
  anyint emulator --port 8787 --personality litellm --faults 429:0.1,reset:0.02 --seed 7
  anyint embed docs.jsonl --model text-embedding-v4 --out vectors.jsonl
  anyint files upload corpus.jsonl --purpose batch
  anyint video "a red fox in snow" --model kling-v3 --seconds 5 -o fox.mp4
`;
}

/** The first argument that is neither a flag nor a global flag's value. */
function splitCommand(argv: string[]): { name: string | undefined; rest: string[] } {
  for (let i = 0; i < argv.length; i++) {
    const token = argv[i] as string;
    if (token === '--') break;
    if (VALUE_FLAGS.has(token)) {
      i++;
      continue;
    }
    if (token.startsWith('-') && token !== '-') continue;
    return { name: token, rest: [...argv.slice(0, i), ...argv.slice(i + 1)] };
  }
  return { name: undefined, rest: argv };
}

/** The value of --api-key wherever it is, so it is redacted even from argument errors. */
function apiKeyIn(argv: string[]): string | undefined {
  for (let i = 0; i < argv.length; i++) {
    const token = argv[i] as string;
    if (token === '--api-key') return argv[i + 1];
    if (token.startsWith('--api-key=')) return token.slice('--api-key='.length);
  }
  return undefined;
}

function distance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let previous = row[0] as number;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const current = row[j] as number;
      row[j] = Math.min(current + 1, (row[j - 1] as number) + 1, previous + (a[i - 1] === b[j - 1] ? 0 : 1));
      previous = current;
    }
  }
  return row[b.length] as number;
}

function unknownCommand(name: string): UsageError {
  const closest = COMMANDS.map((command) => ({ name: command.name, d: distance(name, command.name) })).sort(
    (a, b) => a.d - b.d,
  )[0];
  const suggestion = closest && closest.d <= 2 ? `Did you mean \`anyint ${closest.name}\`? ` : '';
  return new UsageError(
    `Unknown command '${name}'.`,
    `${suggestion}Commands: ${COMMANDS.map((command) => command.name).join(', ')}; see \`anyint --help\`.`,
  );
}

/** The command with its options loaded; for help, the command as it is when its package is missing. */
async function loaded(command: Command, forHelp: boolean): Promise<Command> {
  if (!command.load) return command;
  try {
    return await command.load();
  } catch (error) {
    if (forHelp && error instanceof CliError) return command;
    throw error;
  }
}

/**
 * Runs the `anyint` command line in-process and resolves to its exit code. Nothing is written to
 * `process` unless its streams are the ones passed (the default).
 *
 * @example
 * const code = await runCli(['check', '--model', 'text-embedding-v4', '--json'], { stdout, stderr, env });
 */
export async function runCli(argv: string[], io: CliIO = {}): Promise<number> {
  const env = io.env ?? process.env;
  const output = new Output(io.stdout ?? process.stdout, io.stderr ?? process.stderr, env);
  output.addSecret(apiKeyIn(argv));
  output.addSecret(env.ANYINT_API_KEY?.trim());
  const signal = io.signal ?? new AbortController().signal;
  let command: Command | undefined;
  let values: OptionValues = {};
  try {
    const { name, rest } = splitCommand(argv);
    if (name === undefined) {
      const parsed = parseCommandLine(rest, { version: { type: 'boolean', short: 'V' } });
      values = parsed.values;
      if (parsed.values.version === true) {
        await output.line(VERSION);
        return EXIT.ok;
      }
      if (parsed.values.help === true) {
        await output.data(mainHelp());
        return EXIT.ok;
      }
      output.stderr.write(mainHelp());
      return EXIT.usage;
    }
    if (name === 'help') {
      const topic = rest.find((token) => !token.startsWith('-'));
      const found = topic === undefined ? undefined : COMMANDS.find((item) => item.name === topic);
      if (topic !== undefined && !found) throw unknownCommand(topic);
      const target = found && (await loaded(found, true));
      await output.data(target ? target.help : mainHelp());
      return EXIT.ok;
    }
    command = COMMANDS.find((item) => item.name === name);
    if (!command) throw unknownCommand(name);
    command = await loaded(command, rest.includes('--help') || rest.includes('-h'));
    const args = parseCommandLine(rest, command.options);
    values = args.values;
    if (args.values.help === true) {
      await output.data(command.help);
      return EXIT.ok;
    }
    const context = createContext(args.values, {
      output,
      env,
      stdin: io.stdin ?? (process.stdin as unknown as Stdin),
      signal,
    });
    return await command.run(context, args);
  } catch (error) {
    let baseURL: string | undefined;
    try {
      baseURL = (stringOption(values, 'base-url') ?? env.ANYINT_BASE_URL) || undefined;
    } catch {
      baseURL = undefined;
    }
    const flags = argv.includes('--') ? argv.slice(0, argv.indexOf('--')) : argv;
    return await reportError(error, output, {
      command: command?.name,
      verbose: values.verbose === true || flags.includes('--verbose'),
      baseURL,
      // Also when the command line itself was wrong, so the flag could not be parsed.
      json: values.json === true || flags.includes('--json'),
    });
  }
}
