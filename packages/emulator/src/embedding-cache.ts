import { float32Base64, floatArrayJson } from './embedding-encoding.js';

interface CachedVector {
  vector: Float32Array;
  json?: string;
  base64?: string;
}

/**
 * Benchmarks measure clients, not the emulator: in `precomputed` mode a vector and its wire text
 * are computed once per (text, dimensions) and reused, so answers cost little more than a copy.
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

  json(key: string, compute: () => Float32Array): string {
    const entry = this.entry(key, compute);
    entry.json ??= floatArrayJson(entry.vector);
    return entry.json;
  }

  base64(key: string, compute: () => Float32Array): string {
    const entry = this.entry(key, compute);
    entry.base64 ??= float32Base64(entry.vector);
    return entry.base64;
  }

  clear(): void {
    this.entries.clear();
  }
}
