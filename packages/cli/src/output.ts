/** What the CLI writes to: `process.stdout`/`process.stderr`, or a capture in tests. */
export interface WritableLike {
  write(chunk: string | Uint8Array): unknown;
  isTTY?: boolean | undefined;
  columns?: number | undefined;
  once?(event: 'drain', listener: () => void): unknown;
}

export type Env = Record<string, string | undefined>;

// Built from a string: a control character in a regex literal reads as a mistake.
const ANSI = new RegExp(`${String.fromCharCode(27)}\\[[0-9;]*m`, 'g');

type Paint = (text: string) => string;

export interface Palette {
  green: Paint;
  yellow: Paint;
  red: Paint;
  dim: Paint;
  bold: Paint;
}

function code(open: number, close: number): Paint {
  return (text) => `\x1b[${open}m${text}\x1b[${close}m`;
}

const COLORS: Palette = {
  green: code(32, 39),
  yellow: code(33, 39),
  red: code(31, 39),
  dim: code(2, 22),
  bold: code(1, 22),
};
const PLAIN: Palette = { green: String, yellow: String, red: String, dim: String, bold: String };

/** Colours only on a terminal, and never when `NO_COLOR` is set to anything non-empty (no-color.org). */
export function paletteFor(stream: WritableLike, env: Env): Palette {
  return stream.isTTY === true && !env.NO_COLOR && env.TERM !== 'dumb' ? COLORS : PLAIN;
}

export function visibleLength(text: string): number {
  return text.replace(ANSI, '').length;
}

/**
 * The CLI's two channels: stdout carries only data (tables, JSON, JSONL, file bytes), stderr carries
 * progress and messages. Every string written passes through `redact`, so a secret given on the
 * command line cannot reach either channel, whatever an error message or server answer contains.
 */
export class Output {
  readonly stdout: WritableLike;
  readonly stderr: WritableLike;
  /** Colours for text written to stdout / stderr, each decided by its own stream. */
  readonly color: Palette;
  readonly errorColor: Palette;
  #secrets: string[] = [];

  constructor(stdout: WritableLike, stderr: WritableLike, env: Env) {
    this.stdout = stdout;
    this.stderr = stderr;
    this.color = paletteFor(stdout, env);
    this.errorColor = paletteFor(stderr, env);
  }

  /** Text that must never be printed (the API key). Shorter strings are test keys such as `test`, which would redact words like "latest". */
  addSecret(secret: string | undefined): void {
    if (secret && secret.length >= 8 && !this.#secrets.includes(secret)) this.#secrets.push(secret);
  }

  redact(text: string): string {
    let result = text;
    for (const secret of this.#secrets) result = result.split(secret).join('[redacted]');
    return result;
  }

  /** Writes data to stdout, waiting when the stream asks for it (large JSONL through a pipe). */
  async data(chunk: string | Uint8Array): Promise<void> {
    const ok = this.stdout.write(typeof chunk === 'string' ? this.redact(chunk) : chunk);
    if (ok === false && this.stdout.once) {
      await new Promise<void>((resolve) => this.stdout.once?.('drain', resolve));
    }
  }

  /** One line of data on stdout. */
  line(text = ''): Promise<void> {
    return this.data(`${text}\n`);
  }

  /** A message on stderr. */
  message(text: string): void {
    this.stderr.write(`${this.redact(text)}\n`);
  }

  json(value: unknown): Promise<void> {
    return this.line(JSON.stringify(value, null, 2));
  }

  get stderrIsTTY(): boolean {
    return this.stderr.isTTY === true;
  }
}

export interface Column<Row> {
  header: string;
  value: (row: Row) => string;
  /** Colours the padded cell; the width is measured without colour codes. */
  paint?: (row: Row, cell: string) => string;
  align?: 'left' | 'right';
}

/** A plain-text table: a header, then one line per row, columns padded to the widest cell. */
export function renderTable<Row>(
  rows: readonly Row[],
  columns: readonly Column<Row>[],
  palette: Palette,
): string {
  const cells = rows.map((row) => columns.map((column) => column.value(row)));
  const widths = columns.map((column, i) =>
    Math.max(column.header.length, ...cells.map((line) => visibleLength(line[i] ?? ''))),
  );
  const pad = (text: string, i: number, align: 'left' | 'right' | undefined) => {
    const space = ' '.repeat(Math.max(0, (widths[i] ?? 0) - visibleLength(text)));
    return align === 'right' ? space + text : text + space;
  };
  const format = (parts: string[]) => parts.join('  ').trimEnd();
  const header = format(columns.map((column, i) => palette.bold(pad(column.header, i, column.align))));
  const lines = rows.map((row, r) =>
    format(
      columns.map((column, i) => {
        const padded = pad(cells[r]?.[i] ?? '', i, column.align);
        return column.paint ? column.paint(row, padded) : padded;
      }),
    ),
  );
  return [header, ...lines].join('\n');
}

export interface ProgressBar {
  /** `total` may arrive later (a stream whose length is unknown at first). */
  update(completed: number, total?: number | undefined, note?: string): void;
  /** Clears the bar. */
  done(): void;
}

const NO_PROGRESS: ProgressBar = { update() {}, done() {} };

/**
 * A one-line progress bar on stderr, redrawn at most ten times a second; nothing at all when stderr
 * is not a terminal, so logs and CI output stay clean.
 */
export function progressBar(
  output: Output,
  label: string,
  options: { unit?: string; bytes?: boolean; percent?: boolean } = {},
): ProgressBar {
  const stream = output.stderr;
  if (stream.isTTY !== true) return NO_PROGRESS;
  const started = performance.now();
  let lastDraw = 0;
  let known: number | undefined;
  let shown = false;
  const amount = (n: number) => (options.bytes ? formatBytes(n) : String(n));
  let lastNote = '';
  const draw = (completed: number, force: boolean) => {
    const now = performance.now();
    if (!force && now - lastDraw < 100) return;
    lastDraw = now;
    const seconds = (now - started) / 1000;
    const rate = seconds > 0 ? completed / seconds : 0;
    const rateText = options.bytes ? `${formatBytes(rate)}/s` : `${rate.toFixed(1)} ${options.unit ?? ''}/s`;
    let line: string;
    if (known !== undefined && known > 0) {
      const fraction = Math.min(1, completed / known);
      const width = Math.max(10, Math.min(30, (stream.columns ?? 80) - 60));
      const filled = Math.round(fraction * width);
      const counts = options.percent ? '' : ` ${amount(completed)}/${amount(known)} ${rateText}`;
      line = `${label} [${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${Math.floor(fraction * 100)}%${counts}`;
    } else {
      line = `${label} ${amount(completed)} ${options.bytes ? '' : (options.unit ?? '')} ${rateText}`;
    }
    stream.write(`\r\x1b[2K${line}${lastNote ? ` ${lastNote}` : ''}`);
    shown = true;
  };
  return {
    update(completed, total, note) {
      if (total !== undefined) known = total;
      const changed = note !== undefined && note !== lastNote;
      if (note !== undefined) lastNote = note;
      draw(completed, changed || (known !== undefined && completed >= known));
    },
    done() {
      if (shown) stream.write('\r\x1b[2K');
      shown = false;
    },
  };
}

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${Math.round(bytes)} B`;
  const units = ['KiB', 'MiB', 'GiB', 'TiB'];
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${value.toFixed(value < 10 ? 1 : 0)} ${units[unit]}`;
}

export function formatMs(ms: number): string {
  return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(1)} s`;
}
