/** One sighting of a tag by a reader, before de-duplication. */
export interface TagObservation {
  /** Uppercase hex. */
  epc: string;
  /** dBm, or NaN when the reader reports none. */
  rssi: number;
  /** 1-based. */
  antenna: number;
  at: number;
}

/**
 * Decides which tag sightings are news: a tag is reported when first seen, and again only after it went
 * unseen for `windowMs` (a box carried away and brought back), not on every inventory round it answers.
 */
export class TagDedup {
  private readonly lastSeen = new Map<string, number>();
  private lastSweep = Number.NEGATIVE_INFINITY;

  constructor(private readonly windowMs: number) {}

  /** Records a sighting of `key` at `at` (ms); true when it should be reported. */
  observe(key: string, at: number): boolean {
    this.sweep(at);
    const last = this.lastSeen.get(key);
    this.lastSeen.set(key, at);
    return last === undefined || at - last >= this.windowMs;
  }

  get size(): number {
    return this.lastSeen.size;
  }

  clear(): void {
    this.lastSeen.clear();
  }

  /** Forgets tags gone for a whole window, at most once per window, so memory follows the tags in the field. */
  private sweep(now: number): void {
    if (now - this.lastSweep < this.windowMs) return;
    this.lastSweep = now;
    for (const [key, at] of this.lastSeen) if (now - at >= this.windowMs) this.lastSeen.delete(key);
  }
}
