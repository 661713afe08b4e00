import { type Clock, DeviceError, DeviceOfflineError, type Logger } from '@vaultline/shared';
import { R2000_DEFAULT_ADDRESS, R2000_MAX_ANTENNAS } from '@vaultline/shared/codecs/rfid-r2000/r2000-codec';
import { DeviceHealth, type DeviceStatus } from '../driver/device-health.ts';
import type { DeviceLink } from '../transport/device-link.ts';
import { Em4100Session } from './em4100-session.ts';
import { R2000Session } from './r2000-session.ts';
import { TagDedup, type TagObservation } from './tag-dedup.ts';

/** The normalised event of an RFID reader: a tag (box, vehicle or crew card) came into the field. */
export interface TagSeen {
  device: string;
  /** Uppercase hex: the EPC of a UHF tag, or the 10-digit id of an EM4100 card. */
  epc: string;
  /** dBm; NaN for EM4100 readers, which report no signal strength. */
  rssi: number;
  /** 1-based. */
  antenna: number;
  at: number;
}

export interface RfidReaderOptions {
  id: string;
  link: DeviceLink;
  clock: Clock;
  logger: Logger;
  /** `r2000` UHF reader (default) or `em4100` output-only 125 kHz card reader. */
  protocol?: 'r2000' | 'em4100';
  /** R2000 reader address, 0…254, or 0xFF to address any reader (default 1). */
  address?: number;
  /** R2000 antennas to cycle through, 1-based (default [1]). */
  antennas?: number[];
  /** A tag is reported again only after it went unseen this long, ms (default 3000). */
  dedupWindowMs?: number;
  /** How long one R2000 inventory round may take before it counts as a timeout, ms (default 2000). */
  roundTimeoutMs?: number;
  /** Pause between R2000 inventory rounds, ms (default 20, at least 1). */
  roundGapMs?: number;
}

const DEFAULT_DEDUP_WINDOW_MS = 3_000;
/** A round takes ~30 ms + ~3 ms per tag; 2 s leaves room for hundreds of boxes in the field. */
const DEFAULT_ROUND_TIMEOUT_MS = 2_000;
const DEFAULT_ROUND_GAP_MS = 20;
/** A zero gap would let a reader that answers at once (a simulator) keep the loop from ever yielding to timers. */
const MIN_ROUND_GAP_MS = 1;

/**
 * Driver for the RFID readers of DESIGN.md §5: the R2000 "0xA0" UHF reader and the EM4100 card reader.
 * Emits `TagSeen` when a tag comes into the field (de-duplicated) and `DeviceStatus` on health changes.
 */
export class RfidReader {
  readonly health: DeviceHealth;
  private readonly session: R2000Session | Em4100Session;
  private readonly dedup: TagDedup;
  private readonly logger: Logger;
  private readonly tagListeners = new Set<(tag: TagSeen) => void>();

  constructor(private readonly options: RfidReaderOptions) {
    this.logger = options.logger.child({ component: 'gateway.rfid', device: options.id });
    this.dedup = new TagDedup(options.dedupWindowMs ?? DEFAULT_DEDUP_WINDOW_MS);
    const common = {
      id: options.id,
      link: options.link,
      clock: options.clock,
      logger: this.logger,
      observe: (tag: TagObservation) => this.observe(tag),
      record: (outcome: unknown) => this.health.record(outcome),
    };
    if (options.protocol === 'em4100') {
      const session = new Em4100Session(common);
      this.session = session;
      this.health = this.createHealth(async () => {
        if (!options.link.isUp) throw new DeviceOfflineError(options.id);
      });
    } else {
      const antennas = options.antennas ?? [1];
      const address = options.address ?? R2000_DEFAULT_ADDRESS;
      checkR2000Settings(options.id, antennas, address);
      const session = new R2000Session({
        ...common,
        address,
        antennas,
        roundTimeoutMs: options.roundTimeoutMs ?? DEFAULT_ROUND_TIMEOUT_MS,
        roundGapMs: Math.max(MIN_ROUND_GAP_MS, options.roundGapMs ?? DEFAULT_ROUND_GAP_MS),
      });
      this.session = session;
      this.health = this.createHealth(async () => {
        await session.probe();
      });
    }
  }

  /** Frames dropped so far (bad checksum, garbage, impossible shapes). */
  get badFrameCount(): number {
    return this.session.badFrameCount;
  }

  async start(): Promise<void> {
    this.health.start();
    await this.options.link.start();
  }

  async stop(): Promise<void> {
    const stopped = this.session.stopInventory();
    this.health.stop();
    await this.options.link.stop();
    await stopped;
  }

  startInventory(): void {
    this.session.startInventory();
  }

  /** Resolves when no round is in flight any more. */
  stopInventory(): Promise<void> {
    return this.session.stopInventory();
  }

  /** Reports every tag in the field again from now on, e.g. when a new hand-over starts counting boxes. */
  forgetSeenTags(): void {
    this.dedup.clear();
  }

  onTag(listener: (tag: TagSeen) => void): () => void {
    this.tagListeners.add(listener);
    return () => this.tagListeners.delete(listener);
  }

  onStatus(listener: (status: DeviceStatus) => void): () => void {
    return this.health.onChange(listener);
  }

  firmwareVersion(): Promise<{ major: number; minor: number }> {
    if (this.session instanceof R2000Session) return this.session.firmwareVersion();
    return Promise.reject(
      new DeviceError(
        'DEVICE_UNSUPPORTED',
        `${this.options.id}: an EM4100 reader only sends card frames; it has no firmware query`,
      ),
    );
  }

  private createHealth(probe: () => Promise<void>): DeviceHealth {
    const { id, link, clock } = this.options;
    return new DeviceHealth({ device: id, kind: 'rfid', link, clock, logger: this.logger, probe });
  }

  private observe(tag: TagObservation): void {
    if (!this.dedup.observe(tag.epc, tag.at)) return;
    const seen: TagSeen = { device: this.options.id, ...tag };
    this.logger.debug({ epc: seen.epc, antenna: seen.antenna, rssi: seen.rssi }, 'tag seen');
    for (const listener of this.tagListeners) {
      try {
        listener(seen);
      } catch (error) {
        this.logger.error({ err: error }, 'tag listener failed');
      }
    }
  }
}

function checkR2000Settings(id: string, antennas: number[], address: number): void {
  const bad = antennas.find((a) => !Number.isInteger(a) || a < 1 || a > R2000_MAX_ANTENNAS);
  if (antennas.length === 0 || bad !== undefined) {
    throw new RangeError(
      `${id}: antennas must be a non-empty list of ports 1…${R2000_MAX_ANTENNAS}${bad === undefined ? '' : `, not antenna ${bad}`}`,
    );
  }
  if (!Number.isInteger(address) || address < 0 || address > 0xff) {
    throw new RangeError(`${id}: reader address must be 0…254, or 255 for any reader; got ${address}`);
  }
}
