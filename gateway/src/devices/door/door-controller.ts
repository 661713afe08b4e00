import { type Clock, DeviceOfflineError, type Logger, type TimerHandle } from '@vaultline/shared';
import type { RelayAction } from '@vaultline/shared/codecs/relay-lcus/lcus-codec';
import { DeviceHealth, type DeviceStatus } from '../driver/device-health.ts';
import type { DeviceLink } from '../transport/device-link.ts';
import { ContactReader } from './contact-reader.ts';
import { checkDoorConfig, DEFAULT_DOORS, type DoorConfig } from './door-config.ts';
import { InterlockError } from './door-errors.ts';
import { RelayWriter } from './relay-writer.ts';

export type { DoorConfig } from './door-config.ts';
export { InterlockError } from './door-errors.ts';

export interface DoorState {
  device: string;
  door: number;
  /** null = unknown: the contact cannot be read; treat as open (fail closed). */
  open: boolean | null;
  at: number;
}

export interface DoorControllerOptions {
  id: string;
  relayLink: DeviceLink;
  contactLink: DeviceLink;
  clock: Clock;
  logger: Logger;
  /** Default: doors 1 and 2 on relay channels 1, 2 and inputs 0, 1. */
  doors?: DoorConfig[];
  /** Strike polarity (protocols/relay-lcus.md §4): true when energising the relay unlocks. Default true. */
  energiseToUnlock?: boolean;
  /** Modbus slave address of the contact module; default 1. */
  modbusAddress?: number;
  /** Contact poll period, ms; §5 suggests 100–200. Default 150. */
  pollIntervalMs?: number;
  /** Wait for a contact reply, ms. At 9600 baud request and reply take ≈ 15 ms on the line. Default 100. */
  requestTimeoutMs?: number;
}

/**
 * Drives the doors of a mantrap: LCUS relays for the strikes, a Modbus RTU module for the door contacts.
 * Fail closed: a door unlocks only while every other door is known to be closed, at most one door is
 * unlocked at a time, and every strike is relocked whenever the relay link comes up (§4).
 */
export class DoorController {
  readonly health: DeviceHealth;
  private readonly doors: DoorConfig[];
  private readonly unlockAction: RelayAction;
  private readonly lockAction: RelayAction;
  private readonly relay: RelayWriter;
  private readonly contacts: ContactReader;
  private readonly pollIntervalMs: number;
  private readonly states = new Map<number, DoorState>();
  /** Doors whose unlock frame was written and not yet followed by a lock frame → relock timer. */
  private readonly unlocked = new Map<number, TimerHandle>();
  private readonly listeners = new Set<(state: DoorState) => void>();
  private unsubscribes: Array<() => void> = [];
  private pollTimer: TimerHandle | undefined;
  private running = false;
  private relayUpHandled = false;

  constructor(private readonly options: DoorControllerOptions) {
    const { id, clock, logger } = options;
    this.doors = [...(options.doors ?? DEFAULT_DOORS)].sort((a, b) => a.door - b.door);
    checkDoorConfig(this.doors);
    const energiseToUnlock = options.energiseToUnlock ?? true;
    this.unlockAction = energiseToUnlock ? 'energise' : 'release';
    this.lockAction = energiseToUnlock ? 'release' : 'energise';
    this.pollIntervalMs = options.pollIntervalMs ?? 150;
    this.relay = new RelayWriter(options.relayLink, clock, logger);
    this.contacts = new ContactReader({
      name: `${id}.contact`,
      link: options.contactLink,
      clock,
      logger,
      address: options.modbusAddress ?? 1,
      inputs: this.doors.map((d) => d.contactInput),
      timeoutMs: options.requestTimeoutMs ?? 100,
    });
    this.health = new DeviceHealth({
      device: id,
      kind: 'door',
      link: options.contactLink,
      clock,
      logger,
      probe: () => this.refresh(),
    });
    for (const { door } of this.doors)
      this.states.set(door, { device: id, door, open: null, at: clock.now() });
  }

  async start(): Promise<void> {
    if (this.running) return;
    this.running = true;
    const { relayLink, contactLink } = this.options;
    this.unsubscribes = [
      relayLink.onState((state) => {
        if (state === 'up') this.relayUp();
        else this.health.record(this.relayOffline());
      }),
      contactLink.onState((state) => {
        if (state === 'down') this.markAllUnknown();
      }),
    ];
    this.health.start();
    await Promise.all([relayLink.start(), contactLink.start()]);
    if (relayLink.isUp && !this.relayUpHandled) this.relayUp();
    this.schedulePoll(0);
  }

  /** Relocks any unlocked door first (fail secure while the gateway is down), then closes both links. */
  async stop(): Promise<void> {
    if (!this.running) return;
    this.running = false;
    if (this.pollTimer) this.options.clock.clearTimeout(this.pollTimer);
    this.pollTimer = undefined;
    this.health.stop();
    for (const unsubscribe of this.unsubscribes) unsubscribe();
    this.unsubscribes = [];
    const stillUnlocked = [...this.unlocked.keys()];
    if (stillUnlocked.length > 0 && this.options.relayLink.isUp) {
      await this.lockDoors(stillUnlocked).catch((error) =>
        this.options.logger.error({ err: error }, 'relock on stop failed'),
      );
    }
    for (const timer of this.unlocked.values()) this.options.clock.clearTimeout(timer);
    this.unlocked.clear();
    this.relayUpHandled = false;
    await Promise.all([this.options.relayLink.stop(), this.options.contactLink.stop()]);
  }

  /**
   * Unlocks `door` for `holdMs`, then relocks it. Refuses with InterlockError while another door is open
   * or unknown (checked on call and again just before the frame leaves); relocks any other unlocked door
   * first. Resolves when the unlock frame is written.
   */
  async open(door: number, holdMs: number): Promise<void> {
    const config = this.config(door);
    if (!Number.isFinite(holdMs) || holdMs < 0) throw new RangeError(`holdMs must be ≥ 0 ms, got ${holdMs}`);
    this.checkInterlock(door);
    if (!this.options.relayLink.isUp) throw this.relayOffline();
    await this.relay.exclusive(async (write) => {
      for (const other of [...this.unlocked.keys()].filter((d) => d !== door)) {
        await write(this.config(other).relayChannel, this.lockAction);
        this.markLocked(other);
      }
      this.checkInterlock(door);
      await write(config.relayChannel, this.unlockAction);
      this.markLocked(door);
      const timer = this.options.clock.setTimeout(() => this.relockAfterHold(door), holdMs);
      this.unlocked.set(door, timer);
    });
    this.options.logger.info({ door, holdMs }, 'door unlocked');
  }

  /** Relocks `door` now; resolves when the lock frame is written. */
  async lock(door: number): Promise<void> {
    this.config(door);
    await this.lockDoors([door]);
  }

  doorStates(): DoorState[] {
    return [...this.states.values()];
  }

  onDoorState(listener: (state: DoorState) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  onStatus(listener: (status: DeviceStatus) => void): () => void {
    return this.health.onChange(listener);
  }

  private relayUp(): void {
    this.relayUpHandled = true;
    // §4: after any restart or reconnect, put every strike into its locked state before anything else.
    void this.lockDoors(this.doors.map((d) => d.door)).catch((error) =>
      this.options.logger.error(
        { err: error },
        'could not send the locked state after the relay link came up',
      ),
    );
  }

  private lockDoors(doors: number[]): Promise<void> {
    return this.relay.exclusive(async (write) => {
      for (const door of doors) {
        await write(this.config(door).relayChannel, this.lockAction);
        this.markLocked(door);
      }
    });
  }

  private relockAfterHold(door: number): void {
    this.unlocked.delete(door);
    this.lockDoors([door]).catch((error) =>
      this.options.logger.error(
        { err: error, door },
        'relock after hold failed; the doors relock when the relay link is back',
      ),
    );
  }

  private markLocked(door: number): void {
    const timer = this.unlocked.get(door);
    if (timer) this.options.clock.clearTimeout(timer);
    this.unlocked.delete(door);
  }

  private checkInterlock(door: number): void {
    for (const state of this.states.values()) {
      if (state.door === door || state.open === false) continue;
      throw new InterlockError(this.options.id, door, state.door, state.open ? 'open' : 'unknown');
    }
  }

  private schedulePoll(ms: number): void {
    if (!this.running) return;
    this.pollTimer = this.options.clock.setTimeout(() => void this.poll(), ms);
  }

  private async poll(): Promise<void> {
    this.pollTimer = undefined;
    if (this.options.contactLink.isUp) {
      try {
        await this.refresh();
        this.health.record('ok');
      } catch (error) {
        if (this.running) this.health.record(error);
      }
    }
    this.schedulePoll(this.pollIntervalMs);
  }

  /** Reads the contacts into the door states; on failure every door becomes unknown and the error is rethrown. */
  private async refresh(): Promise<void> {
    let active: Map<number, boolean>;
    try {
      active = await this.contacts.read();
    } catch (error) {
      this.markAllUnknown();
      throw error;
    }
    for (const config of this.doors) this.setDoor(config.door, active.get(config.contactInput) ?? null);
    if (!this.options.relayLink.isUp) throw this.relayOffline();
  }

  private markAllUnknown(): void {
    for (const { door } of this.doors) this.setDoor(door, null);
  }

  private setDoor(door: number, open: boolean | null): void {
    if (this.states.get(door)?.open === open) return;
    const state: DoorState = { device: this.options.id, door, open, at: this.options.clock.now() };
    this.states.set(door, state);
    this.options.logger.info({ door, open }, 'door state');
    for (const listener of this.listeners) listener(state);
  }

  private config(door: number): DoorConfig {
    const config = this.doors.find((d) => d.door === door);
    if (!config) {
      throw new RangeError(
        `${this.options.id}: no door ${door}; configured doors: ${this.doors.map((d) => d.door).join(', ')}`,
      );
    }
    return config;
  }

  private relayOffline(): DeviceOfflineError {
    return new DeviceOfflineError(`${this.options.id}.relay`);
  }
}
