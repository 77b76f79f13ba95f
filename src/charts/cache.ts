import type { ChartImage } from "./draw.js";

export interface ChartCacheOptions {
  /** Most images kept; the least recently used goes first. */
  maxEntries?: number;
  /** Most bytes kept (PNG plus alt text); an image bigger than this alone is not kept. */
  maxBytes?: number;
}

/**
 * Rendered charts by key, least recently used out first, bounded by count and bytes. A key
 * should name everything the picture depends on, such as `${memberId}:${day}:${answered}`, so
 * a member who answers again gets a new picture rather than the morning's.
 */
export class ChartCache {
  readonly maxEntries: number;
  readonly maxBytes: number;
  // A Map iterates in insertion order: re-inserting on use keeps the oldest use first.
  readonly #entries = new Map<string, { image: ChartImage; bytes: number }>();
  readonly #rendering = new Map<string, Promise<ChartImage>>();
  #bytes = 0;

  constructor(options: ChartCacheOptions = {}) {
    this.maxEntries = Math.max(0, Math.floor(options.maxEntries ?? 200));
    this.maxBytes = Math.max(0, Math.floor(options.maxBytes ?? 32 * 1024 * 1024));
  }

  /** How many images are kept. */
  get size(): number {
    return this.#entries.size;
  }

  /** How many bytes the kept images take. */
  get bytes(): number {
    return this.#bytes;
  }

  get(key: string): ChartImage | undefined {
    const entry = this.#entries.get(key);
    if (!entry) return undefined;
    this.#entries.delete(key);
    this.#entries.set(key, entry);
    return entry.image;
  }

  set(key: string, image: ChartImage): void {
    this.delete(key);
    const bytes = image.png.byteLength + Buffer.byteLength(image.alt);
    if (bytes > this.maxBytes || this.maxEntries === 0) return;
    this.#entries.set(key, { image, bytes });
    this.#bytes += bytes;
    for (const [oldest, entry] of this.#entries) {
      if (this.#entries.size <= this.maxEntries && this.#bytes <= this.maxBytes) break;
      this.#entries.delete(oldest);
      this.#bytes -= entry.bytes;
    }
  }

  delete(key: string): boolean {
    const entry = this.#entries.get(key);
    if (!entry) return false;
    this.#entries.delete(key);
    this.#bytes -= entry.bytes;
    return true;
  }

  clear(): void {
    this.#entries.clear();
    this.#bytes = 0;
  }

  /**
   * The kept image, or `render()`'s, kept for next time. Calls for a key already rendering
   * share that render; a render that fails is not kept, so the next call tries again.
   */
  getOrRender(key: string, render: () => Promise<ChartImage>): Promise<ChartImage> {
    const kept = this.get(key);
    if (kept) return Promise.resolve(kept);
    const running = this.#rendering.get(key);
    if (running) return running;
    const started = (async () => render())().then(
      (image) => {
        this.#rendering.delete(key);
        this.set(key, image);
        return image;
      },
      (error: unknown) => {
        this.#rendering.delete(key);
        throw error;
      },
    );
    this.#rendering.set(key, started);
    return started;
  }
}
