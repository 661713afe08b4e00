import { FrameFormatError } from '../../errors.ts';
import { encodePacket, R30X_DEFAULT_ADDRESS, R30X_PROTOCOL, R30xPid } from './r30x-packet.ts';

/** §3 instruction codes (first payload byte of a command packet). */
export const R30xInstruction = {
  genImg: 0x01,
  img2Tz: 0x02,
  match: 0x03,
  search: 0x04,
  regModel: 0x05,
  store: 0x06,
  loadChar: 0x07,
  upChar: 0x08,
  downChar: 0x09,
  deletChar: 0x0c,
  empty: 0x0d,
  readSysPara: 0x0f,
  verifyPassword: 0x13,
  fastSearch: 0x1b,
  templateNum: 0x1d,
  readIndexTable: 0x1f,
} as const;

/** A command with its parameters; `buffer` is character buffer 1 or 2, `pageId` a template slot. */
export type R30xCommand =
  | { op: 'verifyPassword'; password: number }
  | { op: 'genImg' }
  | { op: 'img2Tz'; buffer: number }
  | { op: 'match' }
  | { op: 'regModel' }
  | { op: 'store'; buffer: number; pageId: number }
  | { op: 'search'; buffer: number; startPage: number; pageCount: number }
  | { op: 'fastSearch'; buffer: number; startPage: number; pageCount: number }
  | { op: 'loadChar'; buffer: number; pageId: number }
  | { op: 'upChar'; buffer: number }
  | { op: 'downChar'; buffer: number }
  | { op: 'deletChar'; startPage: number; count: number }
  | { op: 'empty' }
  | { op: 'templateNum' }
  | { op: 'readSysPara' }
  | { op: 'readIndexTable'; indexPage: number };

export type R30xOp = R30xCommand['op'];

/** Field widths of each command's parameters, in wire order (§3). */
const PARAMS: {
  [K in R30xOp]: ReadonlyArray<readonly [Exclude<keyof Extract<R30xCommand, { op: K }>, 'op'>, 1 | 2 | 4]>;
} = {
  verifyPassword: [['password', 4]],
  genImg: [],
  img2Tz: [['buffer', 1]],
  match: [],
  regModel: [],
  store: [
    ['buffer', 1],
    ['pageId', 2],
  ],
  search: [
    ['buffer', 1],
    ['startPage', 2],
    ['pageCount', 2],
  ],
  fastSearch: [
    ['buffer', 1],
    ['startPage', 2],
    ['pageCount', 2],
  ],
  loadChar: [
    ['buffer', 1],
    ['pageId', 2],
  ],
  upChar: [['buffer', 1]],
  downChar: [['buffer', 1]],
  deletChar: [
    ['startPage', 2],
    ['count', 2],
  ],
  empty: [],
  templateNum: [],
  readSysPara: [],
  readIndexTable: [['indexPage', 1]],
};

const OPS_BY_CODE: ReadonlyMap<number, R30xOp> = new Map(
  Object.entries(R30xInstruction).map(([op, code]) => [code, op as R30xOp]),
);

/**
 * Bytes of return values after the confirmation code in each command's acknowledgement (§3, §4). A module
 * keeps these lengths even when the code is an error (§3 search reply layout, §9).
 */
export const R30X_REPLY_DATA_BYTES: { readonly [K in R30xOp]: number } = {
  verifyPassword: 0,
  genImg: 0,
  img2Tz: 0,
  match: 2,
  regModel: 0,
  store: 0,
  search: 4,
  fastSearch: 4,
  loadChar: 0,
  upChar: 0,
  downChar: 0,
  deletChar: 0,
  empty: 0,
  templateNum: 2,
  readSysPara: 16,
  readIndexTable: 32,
};

/** Command payload: instruction code followed by its big-endian parameters. */
export function encodeCommandPayload(command: R30xCommand): Uint8Array {
  const fields = PARAMS[command.op];
  const size = fields.reduce((sum, [, width]) => sum + width, 1);
  const payload = new Uint8Array(size);
  const view = new DataView(payload.buffer);
  payload[0] = R30xInstruction[command.op];
  let offset = 1;
  for (const [name, width] of fields) {
    const value = (command as unknown as Record<string, number>)[name as string] ?? 0;
    writeUint(view, offset, width, value);
    offset += width;
  }
  return payload;
}

/** A whole command packet (PID 0x01) for the module at `address`. */
export function encodeCommand(command: R30xCommand, address = R30X_DEFAULT_ADDRESS): Uint8Array {
  return encodePacket({ address, pid: R30xPid.command, payload: encodeCommandPayload(command) });
}

/**
 * Reads a command payload (what a module receives). Returns `undefined` for an instruction outside §3;
 * throws FrameFormatError when a known instruction lacks parameter bytes.
 */
export function decodeCommandPayload(payload: Uint8Array): R30xCommand | undefined {
  const op = OPS_BY_CODE.get(payload[0] ?? -1);
  if (!op) return undefined;
  const fields = PARAMS[op];
  const needed = fields.reduce((sum, [, width]) => sum + width, 1);
  if (payload.length < needed) {
    throw new FrameFormatError(R30X_PROTOCOL, `${op} needs ${needed} payload bytes, got ${payload.length}`);
  }
  const view = new DataView(payload.buffer, payload.byteOffset, payload.length);
  const command: Record<string, number | string> = { op };
  let offset = 1;
  for (const [name, width] of fields) {
    command[name as string] = readUint(view, offset, width);
    offset += width;
  }
  return command as unknown as R30xCommand;
}

function writeUint(view: DataView, offset: number, width: 1 | 2 | 4, value: number): void {
  const max = 2 ** (8 * width) - 1;
  if (!Number.isInteger(value) || value < 0 || value > max) {
    throw new RangeError(`R30x parameter ${value} does not fit ${width} byte(s) (0…${max})`);
  }
  if (width === 1) view.setUint8(offset, value);
  else if (width === 2) view.setUint16(offset, value);
  else view.setUint32(offset, value >>> 0);
}

function readUint(view: DataView, offset: number, width: 1 | 2 | 4): number {
  if (width === 1) return view.getUint8(offset);
  if (width === 2) return view.getUint16(offset);
  return view.getUint32(offset);
}
