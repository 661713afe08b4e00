import type { TimerHandle } from '@vaultline/shared';
import {
  encodeFirmwareVersionReply,
  encodeRoundError,
  encodeStatusReply,
  encodeTemperatureReply,
  encodeWorkAntennaReply,
  R2000_BAUD_CODES,
  R2000_BROADCAST_ADDRESS,
  R2000_CMD,
  R2000_DEFAULT_ADDRESS,
  R2000_MAX_ANTENNAS,
  R2000_STATUS,
  type R2000FirmwareVersion,
  type R2000Frame,
} from '@vaultline/shared/codecs/rfid-r2000/r2000-codec';
import { R2000Framer } from '@vaultline/shared/codecs/rfid-r2000/r2000-framer';
import type { SimDeviceContext, SimulatedDevice } from '../simulated-device.ts';
import { normaliseEpcs, RfidSettingError } from './rfid-tags.ts';
import {
  type FieldTag,
  FrequencyHopper,
  planInventoryRound,
  rssiBaseFor,
  type TimedFrame,
} from './uhf-inventory-round.ts';

export interface UhfRfidReaderOptions {
  id: string;
  /** Reader address on the bus (protocols/rfid-uhf-r2000.md §3); the vendor demos use 0x01. */
  address?: number;
  /** Antenna ports fitted, 1…4. */
  antennas?: number;
  /** 1-based ports with no antenna plugged in: inventory there ends with error 0x22. */
  disconnectedAntennas?: number[];
  firmware?: R2000FirmwareVersion;
  temperatureC?: number;
  /** Realistic timing only: chance that a tag in the field is missed in one round (UHF reads are not certain). */
  missProbability?: number;
  /** Random source for misses, RSSI jitter; inject a seeded one for reproducible runs. */
  random?: () => number;
}

/** Command decode and answer inside the reader's MCU, ms (realistic timing). */
const COMMAND_MS = 2;
/** The reader measures reflected power before it reports a missing antenna, ms. */
const ANTENNA_CHECK_MS = 10;
/** The reader reboots after `0x70`/`0x71` and hears nothing meanwhile, ms. */
const REBOOT_MS = 200;
const DEFAULT_MISS_PROBABILITY = 0.05;

/**
 * Firmware of an R2000 "0xA0" UHF reader: answers firmware version, work antenna, temperature, reset and
 * baud commands, and runs real-time inventory rounds over the tags in its field.
 */
export class UhfRfidReader implements SimulatedDevice {
  readonly kind = 'rfid' as const;
  readonly id: string;
  private readonly address: number;
  private readonly antennaCount: number;
  private readonly firmware: R2000FirmwareVersion;
  private readonly temperatureC: number;
  private readonly missProbability: number;
  private readonly random: () => number;
  private readonly framer = new R2000Framer();
  private readonly hopper = new FrequencyHopper();
  private readonly timers = new Set<TimerHandle>();
  private output: (frame: Uint8Array) => void = () => {};
  private tags: FieldTag[] = [];
  private disconnected: Set<number>;
  private workAntenna = 1;
  private baud = 115_200;
  /** Commands that arrived while the reader was busy with a round; the MCU handles them in order. */
  private queue: R2000Frame[] = [];
  private busy = false;
  private draining = false;
  private deaf = false;
  private closed = false;

  constructor(
    options: UhfRfidReaderOptions,
    private readonly ctx: SimDeviceContext,
  ) {
    this.id = options.id;
    this.address = options.address ?? R2000_DEFAULT_ADDRESS;
    this.antennaCount = options.antennas ?? R2000_MAX_ANTENNAS;
    if (
      !Number.isInteger(this.antennaCount) ||
      this.antennaCount < 1 ||
      this.antennaCount > R2000_MAX_ANTENNAS
    ) {
      throw new RfidSettingError(
        `reader ${this.id}: antennas must be 1…${R2000_MAX_ANTENNAS}, not ${this.antennaCount}`,
      );
    }
    this.disconnected = new Set(this.checkAntennas(options.disconnectedAntennas ?? []));
    this.firmware = options.firmware ?? { major: 1, minor: 5 };
    this.temperatureC = options.temperatureC ?? 35;
    this.missProbability = options.missProbability ?? DEFAULT_MISS_PROBABILITY;
    this.random = options.random ?? Math.random;
  }

  attach(output: (frame: Uint8Array) => void): void {
    this.output = output;
  }

  /**
   * Tags in the field until replaced; `[]` clears. `antennas` (1-based) limits which ports reach them;
   * by default every connected antenna sees every tag.
   */
  setTags(epcs: string[], antennas?: number[]): void {
    const reach = antennas === undefined ? undefined : this.checkAntennas(antennas);
    this.tags = normaliseEpcs(epcs).map((epc) => ({ epc, antennas: reach, rssiBase: rssiBaseFor(epc) }));
  }

  /** Plugs antennas in or out (1-based ports with no antenna). */
  setDisconnectedAntennas(antennas: number[]): void {
    this.disconnected = new Set(this.checkAntennas(antennas));
  }

  receive(chunk: Uint8Array): void {
    if (this.closed || this.deaf) return;
    this.queue.push(...this.framer.push(chunk));
    this.drain();
  }

  snapshot(): Record<string, unknown> {
    return {
      tags: this.tags.map((tag) => tag.epc),
      tagAntennas: Object.fromEntries(
        this.tags.flatMap((tag) => (tag.antennas ? [[tag.epc, tag.antennas]] : [])),
      ),
      workAntenna: this.workAntenna,
      firmware: { ...this.firmware },
      temperatureC: this.temperatureC,
      disconnectedAntennas: [...this.disconnected].sort((a, b) => a - b),
      address: this.address,
      baud: this.baud,
    };
  }

  close(): void {
    this.closed = true;
    for (const timer of this.timers) this.ctx.clock.clearTimeout(timer);
    this.timers.clear();
    this.queue = [];
  }

  /** One command at a time, in arrival order, even when a host answers synchronously from inside `output`. */
  private drain(): void {
    if (this.draining) return;
    this.draining = true;
    while (!this.busy && !this.closed) {
      const frame = this.queue.shift();
      if (!frame) break;
      if (frame.address === this.address || frame.address === R2000_BROADCAST_ADDRESS) this.handle(frame);
    }
    this.draining = false;
  }

  private handle(frame: R2000Frame): void {
    const { address } = this;
    const now = (bytes: Uint8Array): TimedFrame[] => [{ atMs: COMMAND_MS, bytes }];
    switch (frame.cmd) {
      case R2000_CMD.getFirmwareVersion:
        this.reply(now(encodeFirmwareVersionReply(address, this.firmware)));
        break;
      case R2000_CMD.getWorkAntenna:
        this.reply(now(encodeWorkAntennaReply(address, this.workAntenna)));
        break;
      case R2000_CMD.getTemperature:
        this.reply(now(encodeTemperatureReply(address, this.temperatureC)));
        break;
      case R2000_CMD.setWorkAntenna:
        this.reply(now(encodeStatusReply(address, frame.cmd, this.selectAntenna(frame))));
        break;
      case R2000_CMD.realTimeInventory:
        this.reply(this.inventory(frame));
        break;
      case R2000_CMD.reset:
        this.reboot([]);
        break;
      case R2000_CMD.setUartBaud:
        this.setBaud(frame);
        break;
      default:
        // §4 documents no answer to other codes; staying silent lets the host's timeout path show.
        break;
    }
  }

  private selectAntenna(frame: R2000Frame): number {
    const [id] = frame.data;
    if (frame.data.length !== 1 || id === undefined) return R2000_STATUS.invalidParameter;
    if (id >= this.antennaCount) return R2000_STATUS.antennaIdOutOfRange;
    this.workAntenna = id + 1;
    return R2000_STATUS.success;
  }

  private inventory(frame: R2000Frame): TimedFrame[] {
    if (frame.data.length !== 1) {
      return [{ atMs: COMMAND_MS, bytes: encodeRoundError(this.address, R2000_STATUS.invalidParameter) }];
    }
    if (this.disconnected.has(this.workAntenna)) {
      return [{ atMs: ANTENNA_CHECK_MS, bytes: encodeRoundError(this.address, R2000_STATUS.antennaMissing) }];
    }
    const realistic = this.ctx.timing === 'realistic';
    return planInventoryRound({
      address: this.address,
      antenna: this.workAntenna,
      tags: this.tags,
      hopper: this.hopper,
      random: this.random,
      missProbability: realistic ? this.missProbability : 0,
    });
  }

  /** V3.7: the reader answers at the old rate, then resets (§2). The line's own pacing is the host's concern. */
  private setBaud(frame: R2000Frame): void {
    const entry = Object.entries(R2000_BAUD_CODES).find(([, code]) => code === frame.data[0]);
    const status = frame.data.length === 1 && entry ? R2000_STATUS.success : R2000_STATUS.baudRateOutOfRange;
    const answer = [{ atMs: COMMAND_MS, bytes: encodeStatusReply(this.address, frame.cmd, status) }];
    if (!entry || status !== R2000_STATUS.success) {
      this.reply(answer);
      return;
    }
    this.baud = Number(entry[0]);
    this.reboot(answer);
  }

  private reboot(answer: TimedFrame[]): void {
    this.reply(answer);
    this.queue = [];
    this.framer.reset();
    this.workAntenna = 1;
    if (this.ctx.timing === 'fast') return;
    this.deaf = true;
    this.later(REBOOT_MS, () => {
      this.deaf = false;
    });
  }

  /** Sends each frame at its time (at once in fast mode) and handles no other command until the last. */
  private reply(frames: TimedFrame[]): void {
    if (this.ctx.timing === 'fast') {
      for (const frame of frames) this.output(frame.bytes);
      return;
    }
    this.busy = true;
    const lastMs = Math.max(0, ...frames.map((frame) => frame.atMs));
    for (const frame of frames) this.later(frame.atMs, () => this.output(frame.bytes));
    this.later(lastMs, () => {
      this.busy = false;
      this.drain();
    });
  }

  private later(ms: number, action: () => void): void {
    const timer = this.ctx.clock.setTimeout(() => {
      this.timers.delete(timer);
      if (!this.closed) action();
    }, ms);
    this.timers.add(timer);
  }

  private checkAntennas(antennas: readonly number[]): number[] {
    for (const antenna of antennas) {
      if (!Number.isInteger(antenna) || antenna < 1 || antenna > this.antennaCount) {
        throw new RfidSettingError(
          `reader ${this.id}: antenna ${antenna} is not one of its ports 1…${this.antennaCount}`,
        );
      }
    }
    return [...antennas];
  }
}
