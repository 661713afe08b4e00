import { FrameFormatError } from '../../errors.ts';
import { encodeR2000Frame, R2000_PROTOCOL } from './r2000-frame.ts';

/** Command codes the gateway uses (protocols/rfid-uhf-r2000.md §4). */
export const R2000_CMD = {
  reset: 0x70,
  setUartBaud: 0x71,
  getFirmwareVersion: 0x72,
  setWorkAntenna: 0x74,
  getWorkAntenna: 0x75,
  getTemperature: 0x7b,
  realTimeInventory: 0x89,
} as const;

/** The address the vendor demos use; 0xFF would address every reader on the bus (§3). */
export const R2000_DEFAULT_ADDRESS = 0x01;
export const R2000_BROADCAST_ADDRESS = 0xff;
/** Antenna ids on the wire are 0…3 for antennas 1…4 (§4 `0x74`). */
export const R2000_MAX_ANTENNAS = 4;
/** Repeat parameter of `0x89`: 0xFF asks for the shortest round, suited to few tags (§4). */
export const R2000_REPEAT_FASTEST = 0xff;
/** Baud codes of `0x71` (§2). */
export const R2000_BAUD_CODES: Readonly<Record<38_400 | 115_200, number>> = { 38400: 0x03, 115200: 0x04 };

/** 1-based antenna number → wire id; throws for antennas the protocol cannot address. */
export function r2000AntennaId(antenna: number): number {
  if (!Number.isInteger(antenna) || antenna < 1 || antenna > R2000_MAX_ANTENNAS) {
    throw new FrameFormatError(R2000_PROTOCOL, `antenna ${antenna} is not 1…${R2000_MAX_ANTENNAS}`);
  }
  return antenna - 1;
}

export function getFirmwareVersionCommand(address = R2000_DEFAULT_ADDRESS): Uint8Array {
  return command(address, R2000_CMD.getFirmwareVersion);
}

/** `antenna` is 1-based (1…4). */
export function setWorkAntennaCommand(antenna: number, address = R2000_DEFAULT_ADDRESS): Uint8Array {
  return command(address, R2000_CMD.setWorkAntenna, [r2000AntennaId(antenna)]);
}

export function getWorkAntennaCommand(address = R2000_DEFAULT_ADDRESS): Uint8Array {
  return command(address, R2000_CMD.getWorkAntenna);
}

export function getTemperatureCommand(address = R2000_DEFAULT_ADDRESS): Uint8Array {
  return command(address, R2000_CMD.getTemperature);
}

export function realTimeInventoryCommand(
  repeat = R2000_REPEAT_FASTEST,
  address = R2000_DEFAULT_ADDRESS,
): Uint8Array {
  return command(address, R2000_CMD.realTimeInventory, [repeat]);
}

/** The reader answers only on failure (§4), so a driver treats silence as success. */
export function resetCommand(address = R2000_DEFAULT_ADDRESS): Uint8Array {
  return command(address, R2000_CMD.reset);
}

export function setUartBaudCommand(baud: 38_400 | 115_200, address = R2000_DEFAULT_ADDRESS): Uint8Array {
  return command(address, R2000_CMD.setUartBaud, [R2000_BAUD_CODES[baud]]);
}

function command(address: number, cmd: number, data: number[] = []): Uint8Array {
  return encodeR2000Frame({ address, cmd, data: Uint8Array.from(data) });
}
