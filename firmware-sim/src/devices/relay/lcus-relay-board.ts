import { ChecksumError, type Clock, type TimerHandle } from '@vaultline/shared';
import { encodeStatusText, type LcusCommand } from '@vaultline/shared/codecs/relay-lcus/lcus-codec';
import { LcusCommandFramer } from '@vaultline/shared/codecs/relay-lcus/lcus-command-framer';
import type { SimDeviceContext, SimulatedDevice } from '../simulated-device.ts';
import type { DoorHardwareState } from './door-hardware-state.ts';

/**
 * Realistic timing (protocols/relay-lcus.md §2): the board handles one command at a time, so a frame
 * that arrives within this long of the previous accepted one is lost; drivers leave ≥ 100 ms.
 */
export const LCUS_COMMAND_SPACING_MS = 100;
/** Realistic timing: time from a frame to the relay switching or the status text leaving. */
export const LCUS_PROCESSING_MS = 20;

/**
 * Firmware of an LCUS-1/2/4 USB relay board: switch frames are executed and never answered; `FF`
 * answers the status text (§3). Frames for channels the board does not have are ignored.
 */
export class LcusRelayBoard implements SimulatedDevice {
  readonly kind = 'relay' as const;
  private output: (frame: Uint8Array) => void = () => {};
  private readonly framer = new LcusCommandFramer((error) => {
    if (error instanceof ChecksumError) this.badFrames++;
  });
  private readonly timers = new Set<TimerHandle>();
  private readonly clock: Clock;
  private acceptedAt = Number.NEGATIVE_INFINITY;
  /** Frames dropped for a bad check (LCUS) or CRC (Modbus); line noise is not counted. */
  private badFrames = 0;
  private ignoredFrames = 0;

  constructor(
    readonly id: string,
    private readonly state: DoorHardwareState,
    private readonly context: SimDeviceContext,
  ) {
    this.clock = context.clock;
  }

  attach(output: (frame: Uint8Array) => void): void {
    this.output = output;
  }

  receive(chunk: Uint8Array): void {
    for (const command of this.framer.push(chunk)) this.accept(command);
  }

  snapshot(): Record<string, unknown> {
    return {
      relays: [...this.state.relays],
      switchCount: this.state.switchCount,
      badFrames: this.badFrames,
      ignoredFrames: this.ignoredFrames,
    };
  }

  close(): void {
    for (const timer of this.timers) this.clock.clearTimeout(timer);
    this.timers.clear();
  }

  private accept(command: LcusCommand): void {
    if (this.context.timing === 'realistic') {
      const now = this.clock.now();
      if (now - this.acceptedAt < LCUS_COMMAND_SPACING_MS) {
        this.ignoredFrames++;
        return;
      }
      this.acceptedAt = now;
      this.later(() => this.execute(command), LCUS_PROCESSING_MS);
    } else {
      this.execute(command);
    }
  }

  private execute(command: LcusCommand): void {
    if (command.type === 'status-query') {
      this.output(encodeStatusText(this.state.relays));
      return;
    }
    if (command.channel > this.state.relays.length) {
      this.ignoredFrames++;
      return;
    }
    this.state.relays[command.channel - 1] = command.action === 'energise';
    this.state.switchCount++;
  }

  private later(callback: () => void, ms: number): void {
    const timer = this.clock.setTimeout(() => {
      this.timers.delete(timer);
      callback();
    }, ms);
    this.timers.add(timer);
  }
}
