import { AssistantsStore } from './assistants-store.js';
import type { InternalInject } from './batch-runner.js';
import { BatchRunner } from './batch-runner.js';
import { EmbeddingCache } from './embedding-cache.js';
import { FaultPlan } from './faults.js';
import { FileStore } from './file-store.js';
import { ImageStore } from './image-store.js';
import type { ResolvedOptions } from './options.js';
import { profileFor } from './personalities.js';
import { RateLimits } from './rate-limits.js';
import { seededRandom } from './seeded-random.js';
import type { StorageHost } from './storage-host.js';
import { VideoStore } from './video/store.js';

/** Everything `reset()` puts back to its first state, shared by the routes of one emulator. */
export class EmulatorState {
  readonly options: ResolvedOptions;
  readonly faults: FaultPlan;
  /** Requests- and tokens-per-minute buckets per API key and model. */
  readonly rateLimits: RateLimits;
  readonly images = new ImageStore();
  readonly embeddingCache: EmbeddingCache | undefined;
  /** Uploaded and generated files, bytes on disk. */
  readonly files: FileStore;
  /** Batches, run line by line against the emulator's own routes through `inject`. */
  readonly batches: BatchRunner;
  /** Sends a request to the emulator's own routes in-process (set by the server). */
  inject: InternalInject | undefined;
  /** Assistants, threads, messages, runs and run steps. */
  readonly assistants: AssistantsStore;
  /** Video jobs, their status following the clock. */
  readonly videos = new VideoStore(() => this.options.timeScale);
  origin = '';
  /** The bucket of presigned media URLs (`presignedDownloads`), on its own port; set by the server. */
  storage: StorageHost | undefined;
  random: () => number;
  private counter = 0;

  constructor(options: ResolvedOptions) {
    this.options = options;
    this.faults = new FaultPlan(options.faults, options.seed);
    this.rateLimits = new RateLimits(
      options.rateLimits,
      (model) => profileFor(options, model).config.rateLimits,
    );
    this.embeddingCache = options.precomputed ? new EmbeddingCache() : undefined;
    this.random = seededRandom(options.seed);
    this.files = new FileStore(options.seed);
    this.batches = new BatchRunner(this);
    this.assistants = new AssistantsStore(
      (prefix) => this.nextId(prefix),
      () => this.options.timeScale,
    );
  }

  /** Ids that are unique per emulator and reproducible for a seed, e.g. 'img_000001a3f2'. */
  nextId(prefix: string): string {
    this.counter++;
    const salt = Math.floor(this.random() * 0xffffff)
      .toString(16)
      .padStart(6, '0');
    return `${prefix}_${this.counter.toString(16).padStart(6, '0')}${salt}`;
  }

  reset(): void {
    this.batches.reset();
    this.files.reset();
    this.faults.reset();
    this.rateLimits.reset();
    this.images.clear();
    this.assistants.clear();
    this.videos.clear();
    this.storage?.clear();
    this.random = seededRandom(this.options.seed);
    this.counter = 0;
  }

  /** Stops running batches and removes the files' temporary directory. */
  async close(): Promise<void> {
    await this.batches.close();
    await this.files.close();
    await this.storage?.close();
  }
}
