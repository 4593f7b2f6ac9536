import { AssistantsStore } from './assistants-store.js';
import { EmbeddingCache } from './embedding-cache.js';
import { FaultPlan } from './faults.js';
import { ImageStore } from './image-store.js';
import type { ResolvedOptions } from './options.js';
import { seededRandom } from './seeded-random.js';

/** Everything `reset()` puts back to its first state, shared by the routes of one emulator. */
export class EmulatorState {
  readonly options: ResolvedOptions;
  readonly faults: FaultPlan;
  readonly images = new ImageStore();
  readonly embeddingCache: EmbeddingCache | undefined;
  /** Assistants, threads, messages, runs and run steps. */
  readonly assistants: AssistantsStore;
  origin = '';
  random: () => number;
  private counter = 0;

  constructor(options: ResolvedOptions) {
    this.options = options;
    this.faults = new FaultPlan(options.faults, options.seed);
    this.embeddingCache = options.precomputed ? new EmbeddingCache() : undefined;
    this.random = seededRandom(options.seed);
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
    this.faults.reset();
    this.images.clear();
    this.assistants.clear();
    this.random = seededRandom(this.options.seed);
    this.counter = 0;
  }
}
