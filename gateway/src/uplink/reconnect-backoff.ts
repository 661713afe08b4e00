/**
 * Delays between reconnection attempts: doubling from `minMs` up to `maxMs`, each drawn from the upper
 * half of its step ("equal jitter") so a thousand gateways that lost the same broker do not all come
 * back in the same millisecond.
 */
export class ReconnectBackoff {
  private attempt = 0;

  constructor(
    private readonly minMs: number,
    private readonly maxMs: number,
    private readonly random: () => number = Math.random,
  ) {}

  /** The delay before the next attempt; each call backs off further. */
  next(): number {
    const step = Math.min(this.maxMs, this.minMs * 2 ** Math.min(this.attempt, 30));
    this.attempt += 1;
    return Math.round(step / 2 + (this.random() * step) / 2);
  }

  /** After a successful connection: the next loss starts from `minMs` again. */
  reset(): void {
    this.attempt = 0;
  }
}
