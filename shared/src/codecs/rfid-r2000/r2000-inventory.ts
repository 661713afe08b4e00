import { FrameFormatError } from '../../errors.ts';
import { R2000_CMD } from './r2000-commands.ts';
import { encodeR2000Frame, R2000_PROTOCOL, type R2000Frame } from './r2000-frame.ts';
import { r2000StatusMeaning } from './r2000-status.ts';

/**
 * Responses to real-time inventory `0x89` (protocols/rfid-uhf-r2000.md §5): zero or more tag frames, then
 * exactly one end frame, told apart by the data length.
 */
export interface R2000TagRead {
  type: 'tag';
  /** 1-based antenna that saw the tag (low 2 bits of FreqAnt). */
  antenna: number;
  /** Frequency table index (high 6 bits of FreqAnt). */
  frequencyIndex: number;
  frequencyMhz: number;
  /** Protocol Control word, passed through unchanged. */
  pc: number;
  /** Uppercase hex. */
  epc: string;
  /** RSSI byte masked with 0x7F (bit 7 is an antenna bank bit on 8-port readers, §5). */
  rssiRaw: number;
  rssiDbm: number;
}

export interface R2000RoundEnd {
  type: 'end';
  /** 1-based antenna the round ran on. */
  antenna: number;
  /** Tags per second. */
  readRate: number;
  totalReads: number;
}

export interface R2000RoundError {
  type: 'error';
  status: number;
  meaning: string;
}

export type R2000InventoryEvent = R2000TagRead | R2000RoundEnd | R2000RoundError;

/** Data lengths of §5: 1 = error end frame, 7 = summary, ≥ 8 = tag (FreqAnt + PC + EPC + RSSI). */
const ERROR_DATA_BYTES = 1;
const END_DATA_BYTES = 7;
const TAG_OVERHEAD_BYTES = 4;
const MIN_TAG_DATA_BYTES = END_DATA_BYTES + 1;

/** Frequency table shared by the SDK and rust-invelion (§5): 865.0 MHz + 0.5 per index below 7, then 902.0 MHz. */
export function r2000FrequencyMhz(index: number): number {
  return index < 7 ? 865 + 0.5 * index : 902 + 0.5 * (index - 7);
}

/** rust-invelion's datasheet conversion (§5); the raw value must already be masked with 0x7F. */
export function r2000RssiDbm(raw: number): number {
  return raw > 89 ? raw - 129 : raw - 130;
}

export function decodeInventoryFrame(frame: R2000Frame): R2000InventoryEvent {
  if (frame.cmd !== R2000_CMD.realTimeInventory) {
    throw new FrameFormatError(
      R2000_PROTOCOL,
      `command 0x${frame.cmd.toString(16)} is not real-time inventory`,
    );
  }
  const { data } = frame;
  const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
  if (data.length === ERROR_DATA_BYTES) {
    const status = view.getUint8(0);
    return { type: 'error', status, meaning: r2000StatusMeaning(status) };
  }
  if (data.length === END_DATA_BYTES) {
    return {
      type: 'end',
      antenna: view.getUint8(0) + 1,
      readRate: view.getUint16(1),
      totalReads: view.getUint32(3),
    };
  }
  if (data.length < MIN_TAG_DATA_BYTES) {
    throw new FrameFormatError(
      R2000_PROTOCOL,
      `inventory response with ${data.length} data bytes matches no §5 shape`,
    );
  }
  const freqAnt = view.getUint8(0);
  const frequencyIndex = freqAnt >> 2;
  const rssiRaw = view.getUint8(data.length - 1) & 0x7f;
  return {
    type: 'tag',
    antenna: (freqAnt & 0x03) + 1,
    frequencyIndex,
    frequencyMhz: r2000FrequencyMhz(frequencyIndex),
    pc: view.getUint16(1),
    epc: Buffer.from(data.subarray(3, data.length - 1))
      .toString('hex')
      .toUpperCase(),
    rssiRaw,
    rssiDbm: r2000RssiDbm(rssiRaw),
  };
}

/** For simulators. `antenna` is 1-based; `epc` is hex of at least 4 bytes (a shorter one would read as a summary). */
export function encodeTagFrame(
  address: number,
  tag: { antenna: number; frequencyIndex: number; pc: number; epc: string; rssiRaw: number },
): Uint8Array {
  const epc = Buffer.from(tag.epc, 'hex');
  if (epc.length * 2 !== tag.epc.length || epc.length < MIN_TAG_DATA_BYTES - TAG_OVERHEAD_BYTES) {
    throw new FrameFormatError(R2000_PROTOCOL, `EPC "${tag.epc}" must be hex of at least 4 bytes`);
  }
  const data = new Uint8Array(TAG_OVERHEAD_BYTES + epc.length);
  const view = new DataView(data.buffer);
  view.setUint8(0, ((tag.frequencyIndex & 0x3f) << 2) | ((tag.antenna - 1) & 0x03));
  view.setUint16(1, tag.pc);
  data.set(epc, 3);
  view.setUint8(data.length - 1, tag.rssiRaw & 0x7f);
  return encodeR2000Frame({ address, cmd: R2000_CMD.realTimeInventory, data });
}

export function encodeRoundEnd(
  address: number,
  end: { antenna: number; readRate: number; totalReads: number },
): Uint8Array {
  const data = new Uint8Array(END_DATA_BYTES);
  const view = new DataView(data.buffer);
  view.setUint8(0, end.antenna - 1);
  view.setUint16(1, Math.min(0xffff, end.readRate));
  view.setUint32(3, end.totalReads);
  return encodeR2000Frame({ address, cmd: R2000_CMD.realTimeInventory, data });
}

export function encodeRoundError(address: number, status: number): Uint8Array {
  return encodeR2000Frame({ address, cmd: R2000_CMD.realTimeInventory, data: Uint8Array.of(status) });
}
