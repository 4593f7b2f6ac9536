import type { WriteStream } from 'node:fs';
import { createReadStream, createWriteStream, rmSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { extname, join } from 'node:path';
import type { Readable } from 'node:stream';
import { ApiError } from './errors.js';
import { seededRandom } from './seeded-random.js';

/** OpenAI's cap on a single uploaded file. */
/** OpenAI's limit for one file. */
export const MAX_FILE_BYTES = 512 * 1024 * 1024;

export interface StoredFile {
  id: string;
  object: 'file';
  bytes: number;
  created_at: number;
  expires_at?: number;
  filename: string;
  purpose: string;
  status: 'processed';
}

interface Entry {
  file: StoredFile;
  path: string;
  contentType: string | undefined;
  /** Insertion order; `created_at` has only second resolution. */
  sequence: number;
}

const ID_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

const CONTENT_TYPES: Record<string, string> = {
  '.jsonl': 'application/jsonl',
  '.json': 'application/json',
  '.txt': 'text/plain; charset=utf-8',
  '.md': 'text/markdown; charset=utf-8',
  '.csv': 'text/csv; charset=utf-8',
  '.html': 'text/html; charset=utf-8',
  '.pdf': 'application/pdf',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.wav': 'audio/wav',
  '.mp3': 'audio/mpeg',
  '.mp4': 'video/mp4',
};

/** Random characters drawn from a seeded generator: reproducible per seed, unique per store. */
export function randomChars(random: () => number, length: number): string {
  let out = '';
  for (let i = 0; i < length; i++) out += ID_ALPHABET[Math.floor(random() * ID_ALPHABET.length)];
  return out;
}

export function nowSeconds(): number {
  return Math.floor(Date.now() / 1000);
}

export function noSuchFile(id: string): ApiError {
  return new ApiError(404, {
    message: `No such File object: ${id}`,
    type: 'invalid_request_error',
    param: 'id',
    code: null,
  });
}

/** A file being written into the store's directory; `FileStore.commit` makes it a stored file. */
export class StagedFile {
  readonly path: string;
  readonly stream: WriteStream;
  committed = false;

  constructor(path: string) {
    this.path = path;
    this.stream = createWriteStream(path);
  }

  /** Removes the bytes unless the file was committed. */
  discard(): void {
    if (this.committed) return;
    this.committed = true;
    this.stream.destroy();
    rm(this.path, { force: true }).catch(() => {});
  }
}

export class FileStore {
  private readonly seed: number;
  private random: () => number;
  private readonly entries = new Map<string, Entry>();
  /** Sequence of every id handed out since the last reset, deleted ones too, for `after` cursors. */
  private readonly sequences = new Map<string, number>();
  private sequence = 0;
  /** Disk names never repeat, even across resets, so a late removal never hits a new file. */
  private diskCounter = 0;
  private directory: Promise<string> | undefined;
  private closed = false;

  constructor(seed: number) {
    this.seed = seed;
    this.random = seededRandom(seed * 31 + 17);
  }

  private dir(): Promise<string> {
    if (this.closed) throw new Error('The emulator is closed');
    this.directory ??= mkdtemp(join(tmpdir(), 'anyint-emulator-files-'));
    return this.directory;
  }

  /** A fresh file in the store's directory, open for writing. */
  async stage(): Promise<StagedFile> {
    return new StagedFile(join(await this.dir(), `${++this.diskCounter}.bin`));
  }

  /** Registers a fully written staged file and returns its public object. */
  commit(
    staged: StagedFile,
    meta: { bytes: number; filename: string; purpose: string; contentType?: string; expiresAfter?: number },
  ): StoredFile {
    staged.committed = true;
    let id: string;
    do id = `file-${randomChars(this.random, 24)}`;
    while (this.sequences.has(id));
    const createdAt = nowSeconds();
    const file: StoredFile = {
      id,
      object: 'file',
      bytes: meta.bytes,
      created_at: createdAt,
      ...(meta.expiresAfter !== undefined ? { expires_at: createdAt + meta.expiresAfter } : {}),
      filename: meta.filename,
      purpose: meta.purpose,
      status: 'processed',
    };
    const sequence = ++this.sequence;
    this.sequences.set(id, sequence);
    this.entries.set(id, { file, path: staged.path, contentType: meta.contentType, sequence });
    return file;
  }

  get(id: string): StoredFile | undefined {
    return this.entries.get(id)?.file;
  }

  /** The stored file or OpenAI's 404. */
  require(id: string): StoredFile {
    const file = this.get(id);
    if (!file) throw noSuchFile(id);
    return file;
  }

  /** Path of the bytes on disk, for readers inside the emulator (the batch runner). */
  pathOf(id: string): string {
    const entry = this.entries.get(id);
    if (!entry) throw noSuchFile(id);
    return entry.path;
  }

  delete(id: string): boolean {
    const entry = this.entries.get(id);
    if (!entry) return false;
    this.entries.delete(id);
    // Open downloads keep reading: an unlinked file lives until its last descriptor closes.
    rm(entry.path, { force: true }).catch(() => {});
    return true;
  }

  /** The file's bytes on demand, with the headers of a download. */
  open(id: string): {
    open(options?: { end?: number }): Readable;
    bytes: number;
    contentType: string;
    filename: string;
  } {
    const entry = this.entries.get(id);
    if (!entry) throw noSuchFile(id);
    const extension = extname(entry.file.filename).toLowerCase();
    const contentType = CONTENT_TYPES[extension] ?? entry.contentType ?? 'application/octet-stream';
    return {
      open: (options = {}) => createReadStream(entry.path, options),
      bytes: entry.file.bytes,
      contentType,
      filename: entry.file.filename,
    };
  }

  /** Files in the requested order; `after` continues behind that id (deleted ids included). */
  list(options: { order: 'asc' | 'desc'; after?: string; purpose?: string }): StoredFile[] | undefined {
    let entries = [...this.entries.values()];
    if (options.purpose !== undefined)
      entries = entries.filter((entry) => entry.file.purpose === options.purpose);
    entries.sort((a, b) => (options.order === 'asc' ? a.sequence - b.sequence : b.sequence - a.sequence));
    if (options.after !== undefined) {
      const cursor = this.sequences.get(options.after);
      if (cursor === undefined) return undefined;
      entries = entries.filter((entry) =>
        options.order === 'asc' ? entry.sequence > cursor : entry.sequence < cursor,
      );
    }
    return entries.map((entry) => entry.file);
  }

  /** Forgets every file and removes its bytes. */
  reset(): void {
    for (const entry of this.entries.values()) rmSync(entry.path, { force: true });
    this.entries.clear();
    this.sequences.clear();
    this.sequence = 0;
    this.random = seededRandom(this.seed * 31 + 17);
  }

  /** Removes the temporary directory and everything in it. */
  async close(): Promise<void> {
    this.closed = true;
    this.entries.clear();
    const directory = this.directory;
    this.directory = undefined;
    if (directory) await rm(await directory, { recursive: true, force: true });
  }
}
