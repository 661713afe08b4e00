import {
  ADAFRUIT_57600_CODE,
  BAUD_CODES,
  type FbufAction,
  FbufCtrl,
  REGISTERS,
  type Vc0706Baud,
  Vc0706Cmd,
} from './vc0706-codec.ts';
import type { Vc0706Command } from './vc0706-command-framer.ts';

/** What a host asked the camera to do: the simulator's view of a command. */
export type Vc0706Request =
  | { kind: 'reset' }
  | { kind: 'getVersion' }
  | { kind: 'fbufCtrl'; action: FbufAction }
  | { kind: 'getFbufLen'; frame: 'current' | 'next' }
  | { kind: 'readFbuf'; frameType: number; controlMode: number; start: number; length: number; delay: number }
  /** `code` is the raw §5 register value; it may name a size this camera does not support. */
  | { kind: 'setImageSize'; code: number }
  | { kind: 'getImageSize' }
  | { kind: 'setCompression'; value: number }
  | { kind: 'getCompression' }
  | { kind: 'setPort'; baud: Vc0706Baud }
  /** A code the camera does not implement, or a known code with a malformed argument list. */
  | { kind: 'invalid'; reason: string };

type Register = { memory: number; address: number };

/** Decodes a framed command (§3–§6). Never throws: malformed commands come back as `invalid`. */
export function decodeCommand(command: Vc0706Command): Vc0706Request {
  const { cmd, args } = command;
  switch (cmd) {
    case Vc0706Cmd.systemReset:
      return args.length === 0 ? { kind: 'reset' } : invalid('SYSTEM_RESET takes no arguments');
    case Vc0706Cmd.genVersion:
      return { kind: 'getVersion' };
    case Vc0706Cmd.fbufCtrl: {
      const action = (Object.keys(FbufCtrl) as FbufAction[]).find((key) => FbufCtrl[key] === args[0]);
      return args.length === 1 && action
        ? { kind: 'fbufCtrl', action }
        : invalid('FBUF_CTRL needs one of 00..03');
    }
    case Vc0706Cmd.getFbufLen:
      return args.length === 1 && (args[0] ?? 0xff) <= 1
        ? { kind: 'getFbufLen', frame: args[0] === 0 ? 'current' : 'next' }
        : invalid('GET_FBUF_LEN needs 00 (current) or 01 (next)');
    case Vc0706Cmd.readFbuf:
      return decodeReadFbuf(args);
    case Vc0706Cmd.writeData:
      return decodeWriteData(args);
    case Vc0706Cmd.readData:
      if (args.length !== 4) return invalid('READ_DATA needs 4 arguments');
      if (isRegister(args, REGISTERS.imageSize)) return { kind: 'getImageSize' };
      if (isRegister(args, REGISTERS.compression)) return { kind: 'getCompression' };
      return invalid('READ_DATA of an unsupported register');
    case Vc0706Cmd.setPort:
      return decodeSetPort(args);
    default:
      return invalid(`unsupported command 0x${cmd.toString(16).padStart(2, '0')}`);
  }
}

function decodeReadFbuf(args: Uint8Array): Vc0706Request {
  if (args.length !== 12) return invalid('READ_FBUF needs 12 arguments (§4)');
  const view = new DataView(args.buffer, args.byteOffset, args.length);
  return {
    kind: 'readFbuf',
    frameType: view.getUint8(0),
    controlMode: view.getUint8(1),
    start: view.getUint32(2),
    length: view.getUint32(6),
    delay: view.getUint16(10),
  };
}

/**
 * Image size: `04 01 00 19 SS`, or `05 01 00 19 SS` as Adafruit sends for the 2 MP sizes (§5).
 * Compression: `01 01 12 04 CC`.
 */
function decodeWriteData(args: Uint8Array): Vc0706Request {
  if (args.length !== 5 || args[1] !== 0x01) return invalid('WRITE_DATA of one byte needs 5 arguments');
  const value = args[4] ?? 0;
  const memory = args[0] === 0x05 ? REGISTERS.imageSize.memory : args[0];
  const target = Uint8Array.from([memory ?? 0, ...args.subarray(1, 4)]);
  if (isRegister(target, REGISTERS.imageSize)) return { kind: 'setImageSize', code: value };
  if (isRegister(target, REGISTERS.compression)) return { kind: 'setCompression', value };
  return invalid('WRITE_DATA to an unsupported register');
}

function decodeSetPort(args: Uint8Array): Vc0706Request {
  if (args.length !== 3 || args[0] !== 0x01) return invalid('SET_PORT needs 01 HH LL (§6)');
  const code = ((args[1] ?? 0) << 8) | (args[2] ?? 0);
  if (code === ADAFRUIT_57600_CODE) return { kind: 'setPort', baud: 57600 };
  const baud = (Object.keys(BAUD_CODES).map(Number) as Vc0706Baud[]).find(
    (rate) => BAUD_CODES[rate] === code,
  );
  return baud ? { kind: 'setPort', baud } : invalid(`unknown SET_PORT rate code ${code.toString(16)}`);
}

function isRegister(args: Uint8Array, register: Register): boolean {
  return (
    args[0] === register.memory &&
    args[1] === 0x01 &&
    args[2] === register.address >> 8 &&
    args[3] === (register.address & 0xff)
  );
}

function invalid(reason: string): Vc0706Request {
  return { kind: 'invalid', reason };
}
