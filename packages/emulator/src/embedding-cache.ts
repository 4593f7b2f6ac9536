import { float32Base64, floatArrayJson } from './embedding-encoding.js';

interface CachedVector {
  vector: Float32Array;
  json?: Buffer;
  base64?: Buffer;
}

/**
 * Benchmarks measure clients, not the emulator: in `precomputed` mode a vector and its wire text
 * bytes are computed once per (text, dimensions) and reused, so answers cost little more than a copy.
 */
export class EmbeddingCache {
  private readonly entries = new Map<string, CachedVector>();
  private readonly capacity: number;

  constructor(capacity = 200_000) {
    this.capacity = capacity;
  }

  private entry(key: string, compute: () => Float32Array): CachedVector {
    let entry = this.entries.get(key);
    if (!entry) {
      if (this.entries.size >= this.capacity) this.entries.clear();
      entry = { vector: compute() };
      this.entries.set(key, entry);
    }
    return entry;
  }

  /** The vector as JSON array bytes; kept as bytes so answers are copied, never re-encoded. */
  json(key: string, compute: () => Float32Array): Buffer {
    const entry = this.entry(key, compute);
    entry.json ??= Buffer.from(floatArrayJson(entry.vector));
    return entry.json;
  }

  /** The vector as a quoted base64 JSON string, in bytes. */
  base64(key: string, compute: () => Float32Array): Buffer {
    const entry = this.entry(key, compute);
    entry.base64 ??= Buffer.from(`"${float32Base64(entry.vector)}"`);
    return entry.base64;
  }

  clear(): void {
    this.entries.clear();
  }
}
