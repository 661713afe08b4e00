import { FrameFormatError } from '../../errors.ts';
import { R2000_CMD, R2000_MAX_ANTENNAS } from './r2000-commands.ts';
import { encodeR2000Frame, R2000_PROTOCOL, type R2000Frame } from './r2000-frame.ts';
import { R2000_STATUS, r2000StatusMeaning } from './r2000-status.ts';

/**
 * The R2000 "0xA0" codec (protocols/rfid-uhf-r2000.md): frame layout and checksum, command builders,
 * response decoders, and the response encoders the simulator uses. Pure: no I/O.
 */
export * from './r2000-commands.ts';
export * from './r2000-frame.ts';
export * from './r2000-inventory.ts';
export * from './r2000-status.ts';

/** A "get" answer: its values, or (1 data byte instead) an error code of §6. */
export type R2000Reply<T> = { ok: true; value: T } | { ok: false; status: number; meaning: string };

export interface R2000FirmwareVersion {
  major: number;
  minor: number;
}

/** Answer to a "set" command: one status byte, `0x10` = success (§3). */
export function decodeStatusReply(
  frame: R2000Frame,
  cmd: number,
): { ok: boolean; status: number; meaning: string } {
  const status = singleByte(frame, cmd);
  return { ok: status === R2000_STATUS.success, status, meaning: r2000StatusMeaning(status) };
}

export function decodeFirmwareVersionReply(frame: R2000Frame): R2000Reply<R2000FirmwareVersion> {
  return getReply(frame, R2000_CMD.getFirmwareVersion, 2, (data) => ({
    major: data[0] ?? 0,
    minor: data[1] ?? 0,
  }));
}

/**
 * Answer to `0x75`: the SDK reads only 0x00…0x03 as an antenna id and anything else as an error code
 * (§4), so this decoder does the same. The value is 1-based.
 */
export function decodeWorkAntennaReply(frame: R2000Frame): R2000Reply<number> {
  const byte = singleByte(frame, R2000_CMD.getWorkAntenna);
  if (byte < R2000_MAX_ANTENNAS) return { ok: true, value: byte + 1 };
  return { ok: false, status: byte, meaning: r2000StatusMeaning(byte) };
}

/** Sign byte `0x00` = below zero, `0x01` = above (§4, as observed by rust-invelion); value in °C. */
export function decodeTemperatureReply(frame: R2000Frame): R2000Reply<number> {
  return getReply(frame, R2000_CMD.getTemperature, 2, (data) => {
    const [sign = 0, degrees = 0] = data;
    if (sign > 1)
      throw new FrameFormatError(
        R2000_PROTOCOL,
        `temperature sign byte 0x${sign.toString(16)} is not 0 or 1`,
      );
    return sign === 0 ? -degrees : degrees;
  });
}

export function encodeStatusReply(address: number, cmd: number, status: number): Uint8Array {
  return encodeR2000Frame({ address, cmd, data: Uint8Array.of(status) });
}

export function encodeFirmwareVersionReply(address: number, version: R2000FirmwareVersion): Uint8Array {
  return encodeR2000Frame({
    address,
    cmd: R2000_CMD.getFirmwareVersion,
    data: Uint8Array.of(version.major, version.minor),
  });
}

/** `antenna` is 1-based. */
export function encodeWorkAntennaReply(address: number, antenna: number): Uint8Array {
  return encodeR2000Frame({ address, cmd: R2000_CMD.getWorkAntenna, data: Uint8Array.of(antenna - 1) });
}

/** Whole degrees, −255…255. */
export function encodeTemperatureReply(address: number, celsius: number): Uint8Array {
  const degrees = Math.min(0xff, Math.round(Math.abs(celsius)));
  return encodeR2000Frame({
    address,
    cmd: R2000_CMD.getTemperature,
    data: Uint8Array.of(celsius < 0 ? 0x00 : 0x01, degrees),
  });
}

function getReply<T>(
  frame: R2000Frame,
  cmd: number,
  valueBytes: number,
  read: (data: Uint8Array) => T,
): R2000Reply<T> {
  expectCmd(frame, cmd);
  if (frame.data.length === 1) {
    const status = frame.data[0] ?? 0;
    return { ok: false, status, meaning: r2000StatusMeaning(status) };
  }
  if (frame.data.length !== valueBytes) {
    throw new FrameFormatError(
      R2000_PROTOCOL,
      `answer to 0x${cmd.toString(16)} has ${frame.data.length} data bytes, expected ${valueBytes} (or 1 for an error)`,
    );
  }
  return { ok: true, value: read(frame.data) };
}

function singleByte(frame: R2000Frame, cmd: number): number {
  expectCmd(frame, cmd);
  if (frame.data.length !== 1) {
    throw new FrameFormatError(
      R2000_PROTOCOL,
      `answer to 0x${cmd.toString(16)} has ${frame.data.length} data bytes, expected 1`,
    );
  }
  return frame.data[0] ?? 0;
}

function expectCmd(frame: R2000Frame, cmd: number): void {
  if (frame.cmd !== cmd) {
    throw new FrameFormatError(
      R2000_PROTOCOL,
      `frame for command 0x${frame.cmd.toString(16)} is not an answer to 0x${cmd.toString(16)}`,
    );
  }
}
