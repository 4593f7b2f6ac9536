import { randomUUID } from 'node:crypto';
import { createReadStream, createWriteStream, type WriteStream } from 'node:fs';
import { rename, stat, truncate, unlink } from 'node:fs/promises';
import { extname } from 'node:path';
import type { EmbeddingUsage } from '@anyint/client';
import {
  type Command,
  type CommandContext,
  helpText,
  integerOption,
  type ParsedArgs,
  requireString,
  stringOption,
} from '../command.js';
import { CliError, EXIT, UsageError } from '../errors.js';
import { formatMs, type Output, progressBar } from '../output.js';

/** One document: the id written back next to its vector, and the text embedded. */
export interface Doc {
  id: unknown;
  text: string;
}

export type InputFormat = 'txt' | 'jsonl';

/** One line of input as a document, or undefined for a blank line. */
function parseLine(raw: string, lineNumber: number, format: InputFormat, source: string): Doc | undefined {
  const line = raw.replace(/\r$/, '');
  if (line.trim() === '') return undefined;
  if (format === 'txt') return { id: lineNumber, text: line };
  let record: unknown;
  try {
    record = JSON.parse(line);
  } catch {
    throw new UsageError(
      `${source}:${lineNumber} is not valid JSON.`,
      'Each line of a .jsonl input is {"id": …, "text": "…"}.',
    );
  }
  if (typeof record === 'string' && record !== '') return { id: lineNumber, text: record };
  const { id, text } = (record ?? {}) as { id?: unknown; text?: unknown };
  if (typeof text !== 'string' || text === '') {
    throw new UsageError(
      `${source}:${lineNumber} has no "text" string.`,
      'Each line of a .jsonl input is {"id": …, "text": "…"}.',
    );
  }
  return { id: id ?? lineNumber, text };
}

/**
 * `.txt`: one document per non-blank line, its id the line number (from 1). `.jsonl`: one object per
 * line with `text` and an optional `id` (the line number when absent); a bare JSON string also works.
 */
export function parseDocs(content: string, format: InputFormat, source: string): Doc[] {
  const docs: Doc[] = [];
  const lines = content.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const doc = parseLine(lines[i] ?? '', i + 1, format, source);
    if (doc) docs.push(doc);
  }
  return docs;
}

function formatOf(path: string | undefined, firstLine: string, flag: string | undefined): InputFormat {
  if (flag !== undefined) {
    if (flag !== 'txt' && flag !== 'jsonl')
      throw new UsageError(`--format must be txt or jsonl, got '${flag}'.`);
    return flag;
  }
  const extension = path ? extname(path).toLowerCase() : '';
  if (extension === '.jsonl' || extension === '.ndjson') return 'jsonl';
  if (extension === '.txt') return 'txt';
  // Anything else (stdin, .md, no extension): a JSON object or string on the first line means JSONL.
  return /^\s*[{"]/.test(firstLine) ? 'jsonl' : 'txt';
}

/** Lines of a byte stream, one at a time: memory holds a line, never the input. */
async function* linesOf(chunks: AsyncIterable<Uint8Array | string>): AsyncGenerator<string> {
  const decoder = new TextDecoder();
  let rest = '';
  for await (const chunk of chunks) {
    rest += typeof chunk === 'string' ? chunk : decoder.decode(chunk, { stream: true });
    let from = 0;
    for (let newline = rest.indexOf('\n'); newline !== -1; newline = rest.indexOf('\n', from)) {
      yield rest.slice(from, newline);
      from = newline + 1;
    }
    rest = rest.slice(from);
  }
  rest += decoder.decode();
  if (rest !== '') yield rest;
}

/** Where documents come from: a file (read again for each pass) or stdin (read once). */
interface DocSource {
  name: string;
  /** The documents, streamed; the format is decided by the first non-blank line when not given. */
  docs(): AsyncGenerator<Doc>;
  /** A file is checked whole before any request (and its documents counted); stdin is not. */
  rereadable: boolean;
}

function openSource(context: CommandContext, path: string | undefined, flag: string | undefined): DocSource {
  const fromStdin = path === undefined || path === '-';
  if (fromStdin && path === undefined && context.stdin.isTTY) {
    throw new UsageError(
      'No input.',
      'Pass a .txt or .jsonl file, or pipe text in: `cat docs.txt | anyint embed -m <model>`.',
    );
  }
  const name = fromStdin ? 'stdin' : (path as string);
  if (flag !== undefined) formatOf(path, '', flag);
  return {
    name,
    rereadable: !fromStdin,
    async *docs() {
      const chunks = fromStdin ? context.stdin : createReadStream(path as string);
      let format: InputFormat | undefined;
      let lineNumber = 0;
      try {
        for await (const line of linesOf(chunks)) {
          lineNumber++;
          if (format === undefined) {
            if (line.trim() === '') continue;
            format = formatOf(fromStdin ? undefined : path, line, flag);
          }
          const doc = parseLine(line, lineNumber, format, name);
          if (doc) yield doc;
        }
      } catch (error) {
        throw readError(error, path);
      }
    },
  };
}

function readError(error: unknown, path: string | undefined): unknown {
  const code = (error as { code?: unknown }).code;
  if (typeof code !== 'string' || !code.startsWith('E')) return error;
  const why = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'it is a folder' : code;
  return new UsageError(`Cannot read '${path}': ${why}.`);
}

/** Where vectors go: stdout, or a file that appears only when complete (or, when resuming, grows). */
interface Sink {
  write(line: string): Promise<void>;
  /** Makes the file final (renames the temporary file); `ok: false` removes it. */
  close(ok: boolean): Promise<void>;
}

function stdoutSink(output: Output): Sink {
  return { write: (line) => output.data(line), close: async () => undefined };
}

async function writeTo(stream: WriteStream, text: string): Promise<void> {
  if (!stream.write(text)) await new Promise<void>((resolve) => stream.once('drain', resolve));
}

async function end(stream: WriteStream): Promise<void> {
  await new Promise<void>((resolve, reject) => {
    stream.once('error', reject);
    stream.end(() => resolve());
  });
}

function fileSink(path: string): Sink {
  const temporary = `${path}.${randomUUID().slice(0, 8)}.part`;
  const stream = createWriteStream(temporary);
  return {
    write: (line) => writeTo(stream, line),
    async close(ok) {
      await end(stream);
      if (ok) await rename(temporary, path);
      else await unlink(temporary).catch(() => undefined);
    },
  };
}

/**
 * For a resumable bulk job: the file is appended to as results arrive, and a rerun keeps its complete
 * lines, so the result of the resumed job is the same file a single run would have written.
 */
async function resumableSink(path: string, resuming: boolean): Promise<{ sink: Sink; have: number }> {
  let have = 0;
  if (resuming) {
    // Counted as it streams by, so a large output costs no memory; a line cut by a crash is dropped
    // (its vector comes again).
    let bytes = 0;
    let complete = 0;
    try {
      for await (const chunk of createReadStream(path) as AsyncIterable<Buffer>) {
        for (let at = chunk.indexOf(10); at !== -1; at = chunk.indexOf(10, at + 1)) {
          have++;
          complete = bytes + at + 1;
        }
        bytes += chunk.length;
      }
    } catch (error) {
      if ((error as { code?: unknown }).code !== 'ENOENT') throw error;
    }
    if (complete < bytes) await truncate(path, complete);
  }
  const stream = createWriteStream(path, { flags: resuming ? 'a' : 'w' });
  return { sink: { write: (line) => writeTo(stream, line), close: () => end(stream) }, have };
}

function vectorLine(doc: Doc, embedding: ArrayLike<number>): string {
  return `${JSON.stringify({ id: doc.id, embedding: Array.from(embedding) })}\n`;
}

async function exists(path: string): Promise<boolean> {
  return stat(path).then(
    () => true,
    () => false,
  );
}

const OPTIONS = {
  model: { type: 'string', short: 'm' },
  out: { type: 'string', short: 'o' },
  format: { type: 'string' },
  dimensions: { type: 'string' },
  'batch-size': { type: 'string' },
  concurrency: { type: 'string' },
  bulk: { type: 'boolean' },
  state: { type: 'string' },
  'shard-size': { type: 'string' },
  'poll-interval': { type: 'string' },
} as const;

async function run(context: CommandContext, { values, positionals }: ParsedArgs): Promise<number> {
  if (positionals.length > 1) throw new UsageError(`Expected one input file, got ${positionals.length}.`);
  const model = requireString(values, 'model', 'id');
  const out = stringOption(values, 'out');
  const dimensions = integerOption(values, 'dimensions');
  const batchSize = integerOption(values, 'batch-size');
  const concurrency = integerOption(values, 'concurrency', { min: 1, max: 64 });
  const bulk = values.bulk === true;
  const statePath = stringOption(values, 'state');
  const shardSize = integerOption(values, 'shard-size');
  const pollIntervalMs = integerOption(values, 'poll-interval', { min: 10 });
  if (!bulk && (statePath || shardSize || pollIntervalMs)) {
    throw new UsageError('--state, --shard-size and --poll-interval need --bulk.');
  }
  if (statePath && (!out || out === '-')) {
    throw new UsageError('--state needs --out <file>: a resumed job appends to that file.');
  }
  const path = positionals[0];
  const source = openSource(context, path, stringOption(values, 'format'));
  // A file is checked and counted in one streamed pass first: bad input fails before any request,
  // and the progress bar knows the total. Stdin is read once, so it is checked as it goes.
  let total: number | undefined;
  if (source.rereadable) {
    total = 0;
    for await (const _ of source.docs()) total++;
    if (total === 0) throw new UsageError(`${source.name} has no documents.`);
  }

  const client = context.client();
  const { output, signal } = context;
  const started = performance.now();
  let usage: EmbeddingUsage | undefined;
  let written = 0;
  let read = 0;
  const bar = progressBar(output, bulk ? 'bulk embedding' : 'embedding', { unit: 'docs' });

  let sink: Sink;
  let have = 0;
  const resuming = statePath !== undefined && (await exists(statePath));
  if (statePath && out) ({ sink, have } = await resumableSink(out, resuming));
  else sink = out && out !== '-' ? fileSink(out) : stdoutSink(output);
  if (resuming) output.message(`Resuming from ${statePath}: ${have} vectors already in ${out}.`);

  let ok = false;
  const leftovers: string[] = [];
  try {
    if (bulk) {
      // Ids wait here from when their text is read until its vector comes: at most the shards in flight.
      const ids: unknown[] = [];
      let firstId = 0;
      const texts = async function* () {
        for await (const doc of source.docs()) {
          read++;
          ids.push(doc.id);
          yield doc.text;
        }
      };
      const idOf = (index: number) => {
        const id = ids[index - firstId];
        // Delivered ids are dropped in blocks, so the queue stays short without shifting on each result.
        if (index - firstId >= 4096) {
          ids.splice(0, index - firstId);
          firstId = index;
        }
        return id;
      };
      const results = client.embeddings.embedBulk(
        { model, input: texts(), dimensions },
        {
          statePath,
          shardSize,
          pollIntervalMs,
          signal,
          onProgress: ({ completed, total: known }) => bar.update(completed, known ?? total),
          onLeftover: ({ kind, id, error }) => {
            leftovers.push(id);
            output.message(
              `warning: could not remove ${kind} ${id} (${error instanceof Error ? error.message : String(error)}).`,
            );
          },
        },
      );
      for await (const { index, embedding } of results) {
        const id = idOf(index);
        if (index < have) continue;
        if (index > have) {
          throw new CliError(`${out} has ${have} vectors but the resumed job continues at ${index}.`, {
            hint: `Delete ${statePath} and ${out} to start over.`,
          });
        }
        await sink.write(vectorLine({ id, text: '' }, embedding));
        have = index + 1;
        written++;
      }
    } else {
      // Chunks bound the memory to a few thousand vectors while keeping every request in flight.
      const chunk = Math.max(1, (batchSize ?? 512) * (concurrency ?? 4) * 2);
      usage = { prompt_tokens: 0, total_tokens: 0 };
      let part: Doc[] = [];
      const flush = async () => {
        if (part.length === 0) return;
        const start = written;
        const result = await client.embeddings.embedMany(
          { model, input: part.map((doc) => doc.text), dimensions },
          {
            batchSize,
            concurrency,
            signal,
            output: 'float32',
            onProgress: ({ completed, waitingMs }) =>
              bar.update(start + completed, total, rateLimitNote(waitingMs)),
          },
        );
        usage =
          usage && result.usage
            ? {
                prompt_tokens: usage.prompt_tokens + result.usage.prompt_tokens,
                total_tokens: usage.total_tokens + result.usage.total_tokens,
              }
            : undefined;
        for (let i = 0; i < part.length; i++) {
          await sink.write(vectorLine(part[i] as Doc, result.embeddings[i] as Float32Array));
          written++;
        }
        part = [];
      };
      for await (const doc of source.docs()) {
        read++;
        part.push(doc);
        if (part.length === chunk) await flush();
      }
      await flush();
    }
    if (read === 0) throw new UsageError(`${source.name} has no documents.`);
    ok = true;
  } catch (error) {
    if (statePath && signal.aborted)
      output.message(`Stopped; rerun the same command to resume from ${statePath}.`);
    throw error;
  } finally {
    bar.done();
    await sink.close(ok);
  }
  if (leftovers.length > 0) {
    output.message(
      `warning: ${leftovers.length} file(s) or batch(es) could not be removed; delete them with \`anyint files rm ${leftovers.join(' ')}\` (batches: cancel them in the dashboard).`,
    );
  }

  const seconds = (performance.now() - started) / 1000;
  const tokens = usage ? `${usage.total_tokens} tokens` : 'tokens not reported';
  const rate = seconds > 0 ? (written / seconds).toFixed(1) : String(written);
  output.message(
    `Embedded ${written} docs (${tokens}) in ${seconds.toFixed(1)} s, ${rate} docs/s${out && out !== '-' ? ` -> ${out}` : ''}.`,
  );
  return EXIT.ok;
}

export const embedCommand: Command = {
  name: 'embed',
  summary: 'embed a .txt/.jsonl file or stdin into JSONL vectors, in input order',
  options: OPTIONS,
  run,
  help: helpText({
    usage: 'anyint embed [FILE|-] --model <id> [--out vectors.jsonl] [--bulk [--state PATH]]',
    description: `Reads documents from a .txt file (one per non-blank line, id = line number), a .jsonl file
({"id": …, "text": "…"} per line) or stdin, and writes {"id": …, "embedding": [...]} per line, in input
order, to --out or stdout. A progress bar shows on a terminal; a summary (docs, tokens, docs/s) goes to
stderr. --out is written to a temporary file and renamed when complete.

--bulk goes through the Batch API (upload JSONL shards, batch jobs, results streamed back in order).
With --state, an interrupted run (Ctrl-C, crash) resumes when the same command is run again: finished
shards are not embedded twice and --out is continued. The input is streamed line by line; a file is
checked whole first (before any request). Files or batches the job could not remove are printed as
warnings.`,
    options: `  -m, --model <id>        embedding model (required)
  -o, --out <file>        output file (default stdout)
  --format txt|jsonl      input format (default: by extension, else sniffed from the first line)
  --dimensions <n>        output size, for models that can shorten their vectors
  --batch-size <n>        inputs per request (default 512)
  --concurrency <n>       requests in flight (default 4)
  --bulk                  use the Batch API
  --state <file>          with --bulk: resumable state file (needs --out)
  --shard-size <n>        with --bulk: inputs per batch job (default 10000)
  --poll-interval <ms>    with --bulk: first wait between batch polls, growing to 30 s (default 1000)`,
    examples: `  anyint embed docs.jsonl --model text-embedding-v4 --out vectors.jsonl
  anyint embed notes.txt -m text-embedding-3-small --dimensions 256 > vectors.jsonl
  cat docs.txt | anyint embed - -m text-embedding-v4 --batch-size 10
  anyint embed corpus.jsonl -m text-embedding-v4 -o vectors.jsonl --bulk --state .anyint-state`,
  }),
};

/** The progress bar's note while a request waits on the upstream's rate limit; empty otherwise. */
function rateLimitNote(waitingMs: number): string {
  return waitingMs > 0 ? `(waiting ${formatMs(waitingMs)} on the rate limit)` : '';
}
