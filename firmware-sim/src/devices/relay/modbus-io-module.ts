import { ChecksumError, type Clock, type TimerHandle } from '@vaultline/shared';
import {
  encodeBitsResponse,
  encodeCoilWrittenResponse,
  encodeException,
  FC_READ_COILS,
  FC_READ_DISCRETE_INPUTS,
  FC_WRITE_SINGLE_COIL,
  MAX_READ_BITS,
  ModbusExceptionCode,
  type ModbusRequest,
} from '@vaultline/shared/codecs/modbus-rtu/modbus-codec';
import { ModbusRequestFramer } from '@vaultline/shared/codecs/modbus-rtu/modbus-framer';
import type { SimDeviceContext, SimulatedDevice } from '../simulated-device.ts';
import type { DoorHardwareState } from './door-hardware-state.ts';

/** Realistic timing: a Modbus RTU slave answers a few ms after the request's last byte. */
export const MODBUS_REPLY_DELAY_MS = 5;
/** protocols/relay-lcus.md §5: address 0 is broadcast — acted on, never answered. */
const BROADCAST = 0;

/**
 * Firmware of a Modbus RTU digital I/O module (§5): discrete inputs are the door contacts, coils are
 * plain memory. Requests for other slaves and frames with a bad CRC get no answer, as on a real bus.
 */
export class ModbusIoModule implements SimulatedDevice {
  readonly kind = 'relay' as const;
  private output: (frame: Uint8Array) => void = () => {};
  private readonly framer = new ModbusRequestFramer((error) => {
    if (error instanceof ChecksumError) this.badFrames++;
  });
  private readonly timers = new Set<TimerHandle>();
  private readonly clock: Clock;
  /** Frames dropped for a bad check (LCUS) or CRC (Modbus); line noise is not counted. */
  private badFrames = 0;
  private requests = 0;

  constructor(
    readonly id: string,
    private readonly address: number,
    private readonly state: DoorHardwareState,
    private readonly context: SimDeviceContext,
  ) {
    this.clock = context.clock;
  }

  attach(output: (frame: Uint8Array) => void): void {
    this.output = output;
  }

  receive(chunk: Uint8Array): void {
    for (const request of this.framer.push(chunk)) {
      if (request.address !== this.address && request.address !== BROADCAST) continue;
      this.requests++;
      const reply = this.execute(request);
      if (request.address === BROADCAST) continue;
      if (this.context.timing === 'fast') this.output(reply);
      else this.later(() => this.output(reply), MODBUS_REPLY_DELAY_MS);
    }
  }

  snapshot(): Record<string, unknown> {
    return {
      address: this.address,
      inputs: [...this.state.inputs],
      coils: [...this.state.coils],
      requests: this.requests,
      badFrames: this.badFrames,
    };
  }

  close(): void {
    for (const timer of this.timers) this.clock.clearTimeout(timer);
    this.timers.clear();
  }

  private execute(request: ModbusRequest): Uint8Array {
    const address = this.address;
    if (request.kind === 'read-bits') {
      const code = request.table === 'coils' ? FC_READ_COILS : FC_READ_DISCRETE_INPUTS;
      const table = request.table === 'coils' ? this.state.coils : this.state.inputs;
      // Modbus spec order: the quantity is checked (03) before the address range (02).
      if (request.quantity < 1 || request.quantity > MAX_READ_BITS) {
        return encodeException(address, code, ModbusExceptionCode.IllegalDataValue);
      }
      if (request.start + request.quantity > table.length) {
        return encodeException(address, code, ModbusExceptionCode.IllegalDataAddress);
      }
      return encodeBitsResponse(
        address,
        request.table,
        table.slice(request.start, request.start + request.quantity),
      );
    }
    if (request.kind === 'write-coil') {
      if (request.on === null) {
        return encodeException(address, FC_WRITE_SINGLE_COIL, ModbusExceptionCode.IllegalDataValue);
      }
      if (request.coil >= this.state.coils.length) {
        return encodeException(address, FC_WRITE_SINGLE_COIL, ModbusExceptionCode.IllegalDataAddress);
      }
      this.state.coils[request.coil] = request.on;
      return encodeCoilWrittenResponse(address, request.coil, request.on);
    }
    return encodeException(address, request.functionCode, ModbusExceptionCode.IllegalFunction);
  }

  private later(callback: () => void, ms: number): void {
    const timer = this.clock.setTimeout(() => {
      this.timers.delete(timer);
      callback();
    }, ms);
    this.timers.add(timer);
  }
}
