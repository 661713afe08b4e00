import { type Clock, CodecError, DeviceStatusError, type Logger } from '@vaultline/shared';
import {
  decodeFirmwareVersionReply,
  decodeInventoryFrame,
  decodeStatusReply,
  encodeR2000Frame,
  getFirmwareVersionCommand,
  R2000_BROADCAST_ADDRESS,
  R2000_CMD,
  R2000_REPEAT_FASTEST,
  type R2000FirmwareVersion,
  type R2000Frame,
  type R2000RoundEnd,
  type R2000TagRead,
  realTimeInventoryCommand,
  setWorkAntennaCommand,
} from '@vaultline/shared/codecs/rfid-r2000/r2000-codec';
import { R2000Framer } from '@vaultline/shared/codecs/rfid-r2000/r2000-framer';
import { DeviceChannel, type RequestSpec } from '../driver/device-channel.ts';
import type { DeviceLink } from '../transport/device-link.ts';
import { InventoryLoop } from './inventory-loop.ts';
import type { TagObservation } from './tag-dedup.ts';

export interface R2000SessionOptions {
  id: string;
  link: DeviceLink;
  clock: Clock;
  logger: Logger;
  address: number;
  antennas: number[];
  roundTimeoutMs: number;
  roundGapMs: number;
  observe: (tag: TagObservation) => void;
  record: (outcome: 'ok' | unknown) => void;
}

/** A command answers within a few ms at 115200 bd (protocols/rfid-uhf-r2000.md §2); allow for a busy MCU. */
const COMMAND_TIMEOUT_MS = 500;

/**
 * The R2000 "0xA0" side of the RFID driver: request/response through a DeviceChannel, and the inventory
 * loop of §5 — set work antenna (cycling the configured antennas), real-time inventory, collect tag frames
 * until the end frame. Bytes are only ever read through the codec.
 */
export class R2000Session {
  private readonly channel: DeviceChannel<R2000Frame>;
  private readonly loop: InventoryLoop;

  constructor(private readonly options: R2000SessionOptions) {
    const framer = new R2000Framer((error, skipped) => this.channel.frameError(error, skipped));
    this.channel = new DeviceChannel({
      name: options.id,
      link: options.link,
      framer,
      clock: options.clock,
      logger: options.logger,
      onUnsolicited: (frame) =>
        options.logger.debug({ cmd: frame.cmd }, 'frame outside a request (late answer), ignored'),
    });
    let next = 0;
    this.loop = new InventoryLoop({
      clock: options.clock,
      logger: options.logger,
      link: options.link,
      roundGapMs: options.roundGapMs,
      round: () => {
        const antenna = options.antennas[next++ % options.antennas.length] ?? 1;
        return { antenna, run: () => this.round(antenna) };
      },
    });
  }

  get badFrameCount(): number {
    return this.channel.badFrameCount;
  }

  startInventory(): void {
    this.loop.start();
  }

  stopInventory(): Promise<void> {
    return this.loop.stop();
  }

  /** Used by the health probe: outcome is recorded by DeviceHealth itself. */
  probe(): Promise<R2000FirmwareVersion> {
    return this.channel.request(this.firmwareRequest(0));
  }

  firmwareVersion(): Promise<R2000FirmwareVersion> {
    return this.recorded(this.firmwareRequest(1));
  }

  private firmwareRequest(retries: number): RequestSpec<R2000Frame, R2000FirmwareVersion> {
    const operation = 'get firmware version';
    return {
      operation,
      bytes: getFirmwareVersionCommand(this.options.address),
      timeoutMs: COMMAND_TIMEOUT_MS,
      retries,
      accept: this.answer(R2000_CMD.getFirmwareVersion, (frame) => {
        const reply = decodeFirmwareVersionReply(frame);
        if (!reply.ok) throw new DeviceStatusError(this.options.id, operation, reply.status, reply.meaning);
        return reply.value;
      }),
    };
  }

  private async round(antenna: number): Promise<void> {
    const operation = `set work antenna ${antenna}`;
    await this.recorded({
      operation,
      bytes: setWorkAntennaCommand(antenna, this.options.address),
      timeoutMs: COMMAND_TIMEOUT_MS,
      retries: 0,
      accept: this.answer(R2000_CMD.setWorkAntenna, (frame) => {
        const reply = decodeStatusReply(frame, R2000_CMD.setWorkAntenna);
        if (!reply.ok) throw new DeviceStatusError(this.options.id, operation, reply.status, reply.meaning);
        return true;
      }),
    });
    let tags: TagObservation[] = [];
    const end = await this.recorded(
      this.inventoryRequest(
        antenna,
        (tag) => tags.push(tag),
        () => (tags = []),
      ),
    );
    this.options.logger.trace(
      { antenna: end.antenna, reads: end.totalReads, rate: end.readRate },
      'inventory round',
    );
    for (const tag of tags) this.options.observe(tag);
  }

  private inventoryRequest(
    antenna: number,
    collect: (tag: TagObservation) => void,
    restart: () => void,
  ): RequestSpec<R2000Frame, R2000RoundEnd> {
    const operation = `real-time inventory on antenna ${antenna}`;
    return {
      operation,
      bytes: realTimeInventoryCommand(R2000_REPEAT_FASTEST, this.options.address),
      timeoutMs: this.options.roundTimeoutMs,
      retries: 0,
      beforeAttempt: restart,
      accept: this.answer(R2000_CMD.realTimeInventory, (frame) => {
        const event = decodeInventoryFrame(frame);
        if (event.type === 'error') {
          throw new DeviceStatusError(this.options.id, operation, event.status, event.meaning);
        }
        if (event.type === 'end') return event;
        collect(toObservation(event, this.options.clock.now()));
        return undefined;
      }),
    };
  }

  /**
   * Accepts frames from this reader answering `cmd`; other frames (another command's late answer, another
   * address on a shared bus) are left alone. A checksum-valid frame with an impossible shape is counted
   * with the framer's drops and skipped, not allowed to fail the request.
   */
  private answer<R>(
    cmd: number,
    read: (frame: R2000Frame) => R | undefined,
  ): (frame: R2000Frame) => R | undefined {
    const { address } = this.options;
    return (frame) => {
      if (frame.cmd !== cmd || (address !== R2000_BROADCAST_ADDRESS && frame.address !== address))
        return undefined;
      try {
        return read(frame);
      } catch (error) {
        if (!(error instanceof CodecError)) throw error;
        this.channel.frameError(error, encodeR2000Frame(frame));
        return undefined;
      }
    };
  }

  private async recorded<R>(spec: RequestSpec<R2000Frame, R>): Promise<R> {
    try {
      const result = await this.channel.request(spec);
      this.options.record('ok');
      return result;
    } catch (error) {
      this.options.record(error);
      throw error;
    }
  }
}

function toObservation(tag: R2000TagRead, at: number): TagObservation {
  return { epc: tag.epc, rssi: tag.rssiDbm, antenna: tag.antenna, at };
}
