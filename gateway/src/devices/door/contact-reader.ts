import { type Clock, DeviceStatusError, type Logger } from '@vaultline/shared';
import {
  encodeReadDiscreteInputs,
  FC_READ_DISCRETE_INPUTS,
  type ModbusResponse,
  modbusExceptionMeaning,
} from '@vaultline/shared/codecs/modbus-rtu/modbus-codec';
import { ModbusResponseFramer } from '@vaultline/shared/codecs/modbus-rtu/modbus-framer';
import { DeviceChannel } from '../driver/device-channel.ts';
import type { DeviceLink } from '../transport/device-link.ts';

export interface ContactReaderOptions {
  name: string;
  link: DeviceLink;
  clock: Clock;
  logger: Logger;
  /** Modbus slave address of the I/O module. */
  address: number;
  /** 0-based discrete inputs to read; one request covers the span from the lowest to the highest. */
  inputs: number[];
  timeoutMs: number;
}

/**
 * Reads door contacts from a Modbus RTU I/O module (protocols/relay-lcus.md §5) with function 02.
 * One retry per read: a single late or lost reply (RS-485 noise, a busy host) must not make both doors
 * unknown and hold the crew at a locked door; two missed replies in a row (~2 timeouts) still make the
 * door state unknown at once (fail closed).
 */
export class ContactReader {
  private readonly channel: DeviceChannel<ModbusResponse>;
  private readonly framer: ModbusResponseFramer;
  private readonly start: number;
  private readonly quantity: number;

  constructor(private readonly options: ContactReaderOptions) {
    this.framer = new ModbusResponseFramer((error, skipped) => this.channel.frameError(error, skipped));
    this.channel = new DeviceChannel({
      name: options.name,
      link: options.link,
      framer: this.framer,
      clock: options.clock,
      logger: options.logger,
    });
    this.start = Math.min(...options.inputs);
    this.quantity = Math.max(...options.inputs) - this.start + 1;
  }

  /** Input number → active (door open). Rejects with DeviceTimeoutError, DeviceStatusError or DeviceOfflineError. */
  read(): Promise<Map<number, boolean>> {
    const { address, name, timeoutMs } = this.options;
    return this.channel.request({
      operation: 'read door contacts',
      bytes: encodeReadDiscreteInputs(address, this.start, this.quantity),
      timeoutMs,
      retries: 1,
      // A stale partial reply from a timed-out poll must not merge with this one.
      beforeAttempt: () => this.framer.reset(),
      accept: (response) => {
        if (response.address !== address) return undefined;
        if (response.kind === 'exception' && response.functionCode === FC_READ_DISCRETE_INPUTS) {
          const meaning = modbusExceptionMeaning(response.exceptionCode);
          throw new DeviceStatusError(name, 'read door contacts', response.exceptionCode, meaning);
        }
        if (response.kind !== 'bits' || response.table !== 'discrete-inputs') return undefined;
        if (response.bits.length < this.quantity) return undefined;
        return new Map(response.bits.slice(0, this.quantity).map((active, i) => [this.start + i, active]));
      },
    });
  }
}
