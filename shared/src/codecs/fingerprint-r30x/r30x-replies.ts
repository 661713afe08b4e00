import { FrameFormatError } from '../../errors.ts';
import { R30X_REPLY_DATA_BYTES, type R30xOp } from './r30x-commands.ts';
import { encodePacket, R30X_PROTOCOL, type R30xPacket, R30xPid } from './r30x-packet.ts';

/** An acknowledge packet (PID 0x07): confirmation code (§5) and the command's return values. */
export interface R30xAck {
  address: number;
  status: number;
  data: Uint8Array;
}

export function encodeAck(address: number, status: number, data: Uint8Array = new Uint8Array(0)): Uint8Array {
  const payload = new Uint8Array(1 + data.length);
  payload[0] = status;
  payload.set(data, 1);
  return encodePacket({ address, pid: R30xPid.ack, payload });
}

/**
 * The acknowledgement a module sends for `op` when it fails with `status`: the return values are zero but
 * keep their length, as CircuitPython reads fixed-size replies (§3 search reply layout, §9).
 */
export function encodeErrorAck(address: number, op: R30xOp, status: number): Uint8Array {
  return encodeAck(address, status, new Uint8Array(R30X_REPLY_DATA_BYTES[op]));
}

/** Returns the ack carried by a packet, or `undefined` if the packet is not an acknowledgement. */
export function decodeAck(packet: R30xPacket): R30xAck | undefined {
  if (packet.pid !== R30xPid.ack) return undefined;
  return { address: packet.address, status: packet.payload[0] ?? 0, data: packet.payload.subarray(1) };
}

/**
 * Checks that an ack carries the return values of `op` and gives a view on them. Callers check the status
 * first: only a successful ack has to carry the whole layout.
 */
export function requireReplyData(ack: R30xAck, op: R30xOp): DataView {
  const needed = R30X_REPLY_DATA_BYTES[op];
  if (ack.data.length < needed) {
    throw new FrameFormatError(
      R30X_PROTOCOL,
      `${op} reply carries ${ack.data.length} bytes, expected ${needed}`,
    );
  }
  return new DataView(ack.data.buffer, ack.data.byteOffset, ack.data.length);
}

/** §3 search reply: PageID (2) · MatchScore (2). Meaningless (zero) unless the status is 0x00. */
export interface R30xSearchResult {
  pageId: number;
  score: number;
}

export function encodeSearchData(result: R30xSearchResult): Uint8Array {
  const data = new Uint8Array(4);
  const view = new DataView(data.buffer);
  view.setUint16(0, result.pageId);
  view.setUint16(2, result.score);
  return data;
}

export function decodeSearchReply(ack: R30xAck): R30xSearchResult {
  const view = requireReplyData(ack, 'search');
  return { pageId: view.getUint16(0), score: view.getUint16(2) };
}

/** Match (0x03) reply: score (2). */
export function decodeMatchScore(ack: R30xAck): number {
  return requireReplyData(ack, 'match').getUint16(0);
}

/** A single big-endian 16-bit return value (TemplateNum count, Match score). */
export function encodeUint16Data(value: number): Uint8Array {
  const data = new Uint8Array(2);
  new DataView(data.buffer).setUint16(0, value);
  return data;
}

/** TemplateNum (0x1D) reply: stored template count (2). */
export function decodeTemplateCount(ack: R30xAck): number {
  return requireReplyData(ack, 'templateNum').getUint16(0);
}

/** §4 ReadSysPara return values. */
export interface R30xSysParams {
  statusRegister: number;
  systemId: number;
  /** Finger library size: the page count to search. */
  capacity: number;
  securityLevel: number;
  address: number;
  /** Payload bytes per data packet. */
  packetSize: R30xPacketSize;
  /** Baud rate = 9600 × this. */
  baudMultiplier: number;
}

/** §4 data packet size code 0…3 → bytes per data packet. */
export const R30X_PACKET_SIZES = [32, 64, 128, 256] as const;
export type R30xPacketSize = (typeof R30X_PACKET_SIZES)[number];

export function encodeSysParamsData(params: R30xSysParams): Uint8Array {
  const data = new Uint8Array(16);
  const view = new DataView(data.buffer);
  view.setUint16(0, params.statusRegister);
  view.setUint16(2, params.systemId);
  view.setUint16(4, params.capacity);
  view.setUint16(6, params.securityLevel);
  view.setUint32(8, params.address >>> 0);
  view.setUint16(12, R30X_PACKET_SIZES.indexOf(params.packetSize));
  view.setUint16(14, params.baudMultiplier);
  return data;
}

export function decodeSysParams(ack: R30xAck): R30xSysParams {
  const view = requireReplyData(ack, 'readSysPara');
  const sizeCode = view.getUint16(12);
  const packetSize = R30X_PACKET_SIZES[sizeCode];
  if (packetSize === undefined) {
    throw new FrameFormatError(R30X_PROTOCOL, `ReadSysPara: packet size code ${sizeCode} is not 0…3`);
  }
  return {
    statusRegister: view.getUint16(0),
    systemId: view.getUint16(2),
    capacity: view.getUint16(4),
    securityLevel: view.getUint16(6),
    address: view.getUint32(8),
    packetSize,
    baudMultiplier: view.getUint16(14),
  };
}

/** §3 ReadIndexTable: each index page covers 256 slots as a 32-byte bitmap, LSB of byte 0 = first slot. */
export const R30X_SLOTS_PER_INDEX_PAGE = 256;

/** Bitmap of the occupied pages that fall into `indexPage`; pages outside it are ignored. */
export function encodeIndexTableData(indexPage: number, occupied: Iterable<number>): Uint8Array {
  const data = new Uint8Array(R30X_SLOTS_PER_INDEX_PAGE / 8);
  const first = indexPage * R30X_SLOTS_PER_INDEX_PAGE;
  for (const pageId of occupied) {
    const slot = pageId - first;
    if (slot < 0 || slot >= R30X_SLOTS_PER_INDEX_PAGE) continue;
    data[slot >> 3] = (data[slot >> 3] ?? 0) | (1 << (slot & 7));
  }
  return data;
}

/** Occupied page ids, ascending, from a ReadIndexTable reply for `indexPage`. */
export function decodeIndexTable(ack: R30xAck, indexPage: number): number[] {
  requireReplyData(ack, 'readIndexTable');
  const pages: number[] = [];
  const first = indexPage * R30X_SLOTS_PER_INDEX_PAGE;
  for (let slot = 0; slot < R30X_SLOTS_PER_INDEX_PAGE; slot++) {
    if (((ack.data[slot >> 3] ?? 0) >> (slot & 7)) & 1) pages.push(first + slot);
  }
  return pages;
}
