import { extname } from 'node:path';
import type { FileObject, FilePurpose } from '@anyint/client';
import {
  type Command,
  type CommandContext,
  helpText,
  integerOption,
  type ParsedArgs,
  stringOption,
} from '../command.js';
import { type ErrorDocument, EXIT, errorDocument, reportError, UsageError } from '../errors.js';
import { type Column, formatBytes, progressBar, renderTable } from '../output.js';
import { destinationFor, saveBinary, uploadFromPath } from '../transfer.js';

const PURPOSES: readonly FilePurpose[] = ['assistants', 'batch', 'fine-tune', 'vision', 'user_data', 'evals'];

const COLUMNS: Column<FileObject>[] = [
  { header: 'id', value: (file) => file.id },
  { header: 'filename', value: (file) => file.filename ?? '' },
  { header: 'bytes', value: (file) => String(file.bytes ?? ''), align: 'right' },
  { header: 'purpose', value: (file) => String(file.purpose ?? '') },
  {
    header: 'created',
    value: (file) =>
      typeof file.created_at === 'number' ? new Date(file.created_at * 1000).toISOString() : '',
  },
];

async function printFiles(context: CommandContext, files: FileObject[], json: boolean): Promise<void> {
  if (json) await context.output.json(files);
  else await context.output.line(renderTable(files, COLUMNS, context.output.color));
}

function purposeFor(path: string, flag: string | undefined): FilePurpose {
  if (flag !== undefined) {
    if (!PURPOSES.includes(flag as FilePurpose)) {
      throw new UsageError(`--purpose must be one of ${PURPOSES.join(', ')}, got '${flag}'.`);
    }
    return flag as FilePurpose;
  }
  return extname(path).toLowerCase() === '.jsonl' ? 'batch' : 'user_data';
}

async function upload(context: CommandContext, { values, positionals }: ParsedArgs): Promise<number> {
  if (positionals.length === 0) throw new UsageError('Name a file to upload: anyint files upload <path>.');
  const client = context.client();
  const uploaded: FileObject[] = [];
  for (const path of positionals) {
    const bar = progressBar(context.output, `uploading ${path}`, { bytes: true });
    try {
      const file = await uploadFromPath(path, bar);
      const purpose = purposeFor(path, stringOption(values, 'purpose'));
      uploaded.push(await client.files.create({ file, purpose }, { signal: context.signal }));
    } finally {
      bar.done();
    }
  }
  await printFiles(context, uploaded, values.json === true);
  return EXIT.ok;
}

async function list(context: CommandContext, { values, positionals }: ParsedArgs): Promise<number> {
  if (positionals.length > 0) throw new UsageError(`Unexpected argument '${positionals[0]}'.`);
  const limit = integerOption(values, 'limit');
  const purpose = stringOption(values, 'purpose');
  const client = context.client();
  const files: FileObject[] = [];
  const pages = client.files.list(
    { purpose, limit: limit === undefined ? undefined : Math.min(limit, 100) },
    { signal: context.signal },
  );
  for await (const file of pages) {
    files.push(file);
    if (limit !== undefined && files.length >= limit) break;
  }
  await printFiles(context, files, values.json === true);
  return EXIT.ok;
}

async function info(context: CommandContext, { values, positionals }: ParsedArgs): Promise<number> {
  if (positionals.length === 0) throw new UsageError('Name a file id: anyint files info <file-id>.');
  const client = context.client();
  const files: FileObject[] = [];
  for (const id of positionals) files.push(await client.files.retrieve(id, { signal: context.signal }));
  await printFiles(context, files, values.json === true);
  return EXIT.ok;
}

async function download(context: CommandContext, { values, positionals }: ParsedArgs): Promise<number> {
  const [id, extra] = positionals;
  if (!id) throw new UsageError('Name a file id: anyint files download <file-id> -o <path>.');
  if (extra !== undefined) throw new UsageError(`Unexpected argument '${extra}'.`);
  const destination = destinationFor(context.output, stringOption(values, 'out'), undefined);
  const client = context.client();
  const content = await client.files.content(id, { signal: context.signal });
  const bytes = await saveBinary(content, destination, context.output, `downloading ${id}`);
  if (destination !== '-') context.output.message(`Saved ${formatBytes(bytes)} to ${destination}.`);
  return EXIT.ok;
}

async function remove(context: CommandContext, { values, positionals }: ParsedArgs): Promise<number> {
  if (positionals.length === 0) throw new UsageError('Name file ids: anyint files rm <file-id> [...].');
  const client = context.client();
  const results: { id: string; deleted: boolean; error?: ErrorDocument['error'] }[] = [];
  let code: number = EXIT.ok;
  for (const id of positionals) {
    try {
      const result = await client.files.delete(id, { signal: context.signal });
      results.push({ id, deleted: result.deleted !== false });
    } catch (error) {
      if (context.signal.aborted) throw error;
      // One missing id does not stop the others; the exit code says something failed.
      const errorContext = { command: 'files', verbose: context.verbose, baseURL: context.baseURL };
      code = Math.max(code, await reportError(error, context.output, errorContext));
      results.push({ id, deleted: false, error: errorDocument(error, errorContext).error });
    }
  }
  if (values.json === true) await context.output.json(results);
  else {
    await context.output.line(
      renderTable(
        results,
        [
          { header: 'id', value: (row) => row.id },
          { header: 'deleted', value: (row) => String(row.deleted) },
        ],
        context.output.color,
      ),
    );
  }
  return code;
}

const SUBCOMMANDS: Record<string, (context: CommandContext, args: ParsedArgs) => Promise<number>> = {
  upload,
  ls: list,
  list,
  info,
  download,
  rm: remove,
  delete: remove,
};

async function run(context: CommandContext, args: ParsedArgs): Promise<number> {
  const [name, ...rest] = args.positionals;
  if (!name) throw new UsageError('Missing subcommand: upload, ls, info, download or rm.');
  const subcommand = SUBCOMMANDS[name];
  if (!subcommand)
    throw new UsageError(
      `Unknown subcommand 'files ${name}'.`,
      'Subcommands: upload, ls, info, download, rm.',
    );
  return subcommand(context, { values: args.values, positionals: rest });
}

export const filesCommand: Command = {
  name: 'files',
  summary: 'upload, list, inspect, download and delete files',
  options: {
    purpose: { type: 'string' },
    out: { type: 'string', short: 'o' },
    limit: { type: 'string' },
    json: { type: 'boolean' },
  },
  run,
  help: helpText({
    usage: `anyint files upload <path> [...] [--purpose batch]
       anyint files ls [--purpose <p>] [--limit <n>]
       anyint files info <file-id> [...]
       anyint files download <file-id> -o <path>
       anyint files rm <file-id> [...]`,
    description: `Files on the gateway: uploads stream from disk and downloads stream to disk (through a temporary
file, renamed when complete), each with a progress bar on a terminal. Listings print a table, or
JSON with --json. \`ls\` pages through every file.`,
    options: `  --purpose <p>           upload: ${PURPOSES.join(', ')} (default batch for .jsonl, else user_data);
                          ls: only files with this purpose
  -o, --out <path>        download: where to write (- for stdout)
  --limit <n>             ls: at most n files
  --json                  JSON instead of a table`,
    examples: `  anyint files upload corpus.jsonl --purpose batch
  anyint files ls --purpose batch --json
  anyint files download file-abc123 -o output.jsonl
  anyint files rm file-abc123 file-def456`,
  }),
};
