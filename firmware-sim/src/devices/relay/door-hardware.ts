import type { SimDeviceContext, SimulatedDevice } from '../simulated-device.ts';
import { createDoorHardwareState } from './door-hardware-state.ts';
import { LcusRelayBoard } from './lcus-relay-board.ts';
import { ModbusIoModule } from './modbus-io-module.ts';

export interface DoorHardwareOptions {
  id: string;
  /** Relay channels, one door strike each (LCUS-1/2/4); default 2, a two-door mantrap. */
  channels?: number;
  /** Modbus slave address of the contact module, 1–247; default 1. */
  modbusAddress?: number;
}

export interface DoorHardware {
  /** The LCUS USB relay board (kind 'relay'), on its own serial line. */
  relayBoard: SimulatedDevice;
  /** The Modbus RTU I/O module reading the door contacts (kind 'relay'), on its own line. */
  contactModule: SimulatedDevice;
  /** A person pushes door `door` (1-based) open, or it falls shut. */
  setDoorContact(door: number, open: boolean): void;
  snapshot(): { relays: boolean[]; doors: Array<{ door: number; open: boolean }>; switchCount: number };
}

/**
 * The door hardware of one mantrap: a relay board driving the strikes and an I/O module reading the
 * door contacts (protocols/relay-lcus.md), sharing one physical state. Door n is relay channel n and
 * discrete input n − 1.
 */
export function createDoorHardware(options: DoorHardwareOptions, context: SimDeviceContext): DoorHardware {
  const channels = options.channels ?? 2;
  const address = options.modbusAddress ?? 1;
  if (!Number.isInteger(channels) || channels < 1 || channels > 255) {
    throw new RangeError(`relay channels must be 1…255, got ${channels}`);
  }
  if (!Number.isInteger(address) || address < 1 || address > 247) {
    throw new RangeError(`Modbus slave address must be 1…247, got ${address}`);
  }
  const state = createDoorHardwareState(channels);
  return {
    relayBoard: new LcusRelayBoard(options.id, state, context),
    contactModule: new ModbusIoModule(`${options.id}.contact`, address, state, context),
    setDoorContact(door, open) {
      if (!Number.isInteger(door) || door < 1 || door > channels) {
        throw new RangeError(`door must be 1…${channels} on ${options.id}, got ${door}`);
      }
      state.inputs[door - 1] = open;
    },
    snapshot: () => ({
      relays: [...state.relays],
      doors: state.relays.map((_, i) => ({ door: i + 1, open: state.inputs[i] ?? false })),
      switchCount: state.switchCount,
    }),
  };
}
