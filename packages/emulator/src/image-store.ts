/** PNGs answered as `url`, served by the emulator itself; the oldest go first past the cap. */
export class ImageStore {
  private readonly images = new Map<string, Buffer>();
  private readonly capacity: number;

  constructor(capacity = 512) {
    this.capacity = capacity;
  }

  put(id: string, png: Buffer): void {
    this.images.set(id, png);
    if (this.images.size > this.capacity) {
      const oldest = this.images.keys().next().value;
      if (oldest !== undefined) this.images.delete(oldest);
    }
  }

  get(id: string): Buffer | undefined {
    return this.images.get(id);
  }

  clear(): void {
    this.images.clear();
  }
}
