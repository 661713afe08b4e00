import { performance } from 'node:perf_hooks';
import type { Clock } from '@vaultline/shared';
import type { FaultKind } from './fault.ts';

/** One write to the line, after `delayMs` from the previous one. */
export interface LineWrite {
  bytes: Uint8Array;
  delayMs: number;
}

export type RandomSource = () => number;

/**
 * Applies the device's current fault to one outgoing frame and returns the writes the line performs.
 * Pure apart from the random source, so faults are reproducible in tests with a seeded source.
 */
export function applyFault(
  frame: Uint8Array,
  fault: FaultKind,
  random: RandomSource = Math.random,
): LineWrite[] {
  switch (fault) {
    case 'none':
      return [{ bytes: frame, delayMs: 0 }];
    case 'silent':
    case 'disconnect':
      return [];
    case 'garbage': {
      const bytes = new Uint8Array(Math.max(1, frame.length));
      for (let i = 0; i < bytes.length; i++) bytes[i] = Math.floor(random() * 256);
      return [{ bytes, delayMs: 0 }];
    }
    case 'corrupt': {
      const bytes = Uint8Array.from(frame);
      if (bytes.length > 0) bytes[bytes.length - 1] = (bytes[bytes.length - 1] ?? 0) ^ 0xff;
      return [{ bytes, delayMs: 0 }];
    }
    case 'split': {
      const writes: LineWrite[] = [];
      for (let offset = 0; offset < frame.length; ) {
        const size = 1 + Math.floor(random() * 5);
        writes.push({ bytes: frame.subarray(offset, offset + size), delayMs: writes.length === 0 ? 0 : 2 });
        offset += size;
      }
      return writes;
    }
  }
}

/**
 * Serialises writes to a line: frames leave in order, split pieces keep their gaps, and (when pacing)
 * each write takes as long as the bytes need at the configured baud (10 bits per byte for 8N1).
 */
export class LineWriter {
  private tail: Promise<void> = Promise.resolve();
  /** When the last byte queued so far has left the UART (performance.now() ms). */
  private lineFreeAt = 0;

  constructor(
    private readonly clock: Clock,
    private readonly sink: (bytes: Uint8Array) => Promise<void> | void,
    private readonly pacing: { baud: number } | undefined,
  ) {}

  enqueue(writes: LineWrite[]): Promise<void> {
    const queuedAt = performance.now();
    for (const write of writes) {
      this.tail = this.tail.then(async () => {
        if (write.delayMs > 0) await wait(this.clock, write.delayMs);
        await this.paced(write.bytes, write.delayMs > 0 ? performance.now() : queuedAt);
      });
    }
    this.tail = this.tail.catch(() => {});
    return this.tail;
  }

  /** Resolves when everything queued so far has been written. */
  drain(): Promise<void> {
    return this.tail;
  }

  private async paced(bytes: Uint8Array, readyAt: number): Promise<void> {
    if (!this.pacing) {
      await this.sink(bytes);
      return;
    }
    // A UART sends a write queued while it is busy right after the previous one, and the receiver has a
    // byte only once its 10 bits are on the wire. So the line schedule starts when both the write and
    // the line are ready (a late timer delays delivery but does not stretch the schedule), and each
    // slice of ~10 ms of line time is handed over when its last byte would have arrived, never before.
    const bytesPerMs = this.pacing.baud / 10 / 1000;
    const slice = Math.max(1, Math.round(bytesPerMs * 10));
    const started = Math.max(readyAt, this.lineFreeAt);
    this.lineFreeAt = started + bytes.length / bytesPerMs;
    for (let offset = 0; offset < bytes.length; offset += slice) {
      const piece = bytes.subarray(offset, offset + slice);
      const ahead = started + (offset + piece.length) / bytesPerMs - performance.now();
      // Node truncates a fractional delay, which could hand bytes over early: round up.
      if (ahead > 0) await new Promise((resolve) => setTimeout(resolve, Math.ceil(ahead)));
      await this.sink(piece);
    }
  }
}

function wait(clock: Clock, ms: number): Promise<void> {
  return new Promise((resolve) => clock.setTimeout(resolve, ms));
}
