import { type Clock, type Logger, sleep, toHex } from '@vaultline/shared';
import { encodeSwitch, type RelayAction } from '@vaultline/shared/codecs/relay-lcus/lcus-codec';
import type { DeviceLink } from '../transport/device-link.ts';

/** protocols/relay-lcus.md §2: the board handles one command at a time; leave ≥ 100 ms between frames. */
export const LCUS_FRAME_SPACING_MS = 100;

export type RelayWrite = (channel: number, action: RelayAction) => Promise<void>;

/**
 * Writes LCUS switch frames one at a time, at least `spacingMs` apart. The board never answers a switch
 * frame, so there is nothing to wait for but the spacing. `exclusive` lets a caller write several frames
 * and check conditions between them without another frame slipping in.
 */
export class RelayWriter {
  private tail: Promise<unknown> = Promise.resolve();
  private lastWriteAt = Number.NEGATIVE_INFINITY;

  constructor(
    private readonly link: DeviceLink,
    private readonly clock: Clock,
    private readonly logger: Logger,
    private readonly spacingMs = LCUS_FRAME_SPACING_MS,
  ) {}

  exclusive<T>(job: (write: RelayWrite) => Promise<T>): Promise<T> {
    const run = this.tail.then(() => job((channel, action) => this.write(channel, action)));
    this.tail = run.catch(() => {});
    return run;
  }

  private async write(channel: number, action: RelayAction): Promise<void> {
    const wait = this.lastWriteAt + this.spacingMs - this.clock.now();
    if (wait > 0) await sleep(this.clock, wait);
    const frame = encodeSwitch(channel, action);
    this.logger.trace({ channel, action }, `--> ${toHex(frame)}`);
    await this.link.write(frame);
    this.lastWriteAt = this.clock.now();
  }
}
