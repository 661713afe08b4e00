import { FrameFormatError } from '../../errors.ts';

/**
 * VC0706 serial JPEG camera (Adafruit TTL camera, LinkSprite LS-Y201, PTC06): command builders and
 * reply codecs. Section numbers refer to `shared/protocols/camera-vc0706.md`.
 *
 * The protocol has no checksum (§2): a reply is recognised by its `76 serial cmd` prefix only.
 */
export const VC0706_PROTOCOL = 'VC0706';

/** First byte of every host → camera command (§2). */
export const HOST_SIGN = 0x56;
/** First byte of every camera → host reply (§2). */
export const CAMERA_SIGN = 0x76;
/** Serial number used by every source (§2). */
export const DEFAULT_SERIAL = 0x00;

/** Command codes (§3), named after the Adafruit library. */
export const Vc0706Cmd = {
  systemReset: 0x26,
  genVersion: 0x11,
  fbufCtrl: 0x36,
  getFbufLen: 0x34,
  readFbuf: 0x32,
  writeData: 0x31,
  readData: 0x30,
  setPort: 0x24,
} as const;

/**
 * Every command code the Adafruit header names (§3, including downsize, motion, TV out, OSD and zoom).
 * A reply echoes one of these; any other byte after `76 serial` is not a reply header.
 */
export const KNOWN_COMMANDS: ReadonlySet<number> = new Set([
  ...Object.values(Vc0706Cmd),
  0x54,
  0x55,
  0x37,
  0x38,
  0x39,
  0x42,
  0x43,
  0x44,
  0x45,
  0x52,
  0x53,
]);

/** FBUF_CTRL argument (§3). */
export const FbufCtrl = { stopCurrent: 0x00, stopNext: 0x01, step: 0x02, resume: 0x03 } as const;
export type FbufAction = keyof typeof FbufCtrl;

/** Image sizes every VC0706 supports, and their register values (§5). */
export type ImageSize = '640x480' | '320x240' | '160x120';
export const IMAGE_SIZE_CODES: Readonly<Record<ImageSize, number>> = {
  '640x480': 0x00,
  '320x240': 0x11,
  '160x120': 0x22,
};

export function imageSizeFromCode(code: number): ImageSize | undefined {
  return (Object.keys(IMAGE_SIZE_CODES) as ImageSize[]).find((size) => IMAGE_SIZE_CODES[size] === code);
}

export function imageDimensions(size: ImageSize): { width: number; height: number } {
  const [width, height] = size.split('x').map(Number) as [number, number];
  return { width, height };
}

/**
 * SET_PORT rate codes (§6). For 57600 the sources disagree (PTC06 `1C 4C`, Adafruit `1C 1C`): we send the
 * PTC06 value, and the doc advises avoiding 57600 altogether.
 */
export type Vc0706Baud = 9600 | 19200 | 38400 | 57600 | 115200;
export const BAUD_CODES: Readonly<Record<Vc0706Baud, number>> = {
  9600: 0xaec8,
  19200: 0x56e4,
  38400: 0x2af2,
  57600: 0x1c4c,
  115200: 0x0da6,
};
/** The 57600 code the Adafruit library sends (§6); a simulator accepts it as 57600 too. */
export const ADAFRUIT_57600_CODE = 0x1c1c;

/** READ_FBUF header and trailer are both `76 serial 32 00 00` (§4). */
export const READ_FBUF_MARKER_LENGTH = 5;
/** Last line of the boot text after SYSTEM_RESET (§3, §9). */
export const BOOT_BANNER_END = 'Init end\r\n';

/**
 * WRITE_DATA / READ_DATA register addresses (§5): memory type, byte count and 16-bit address, as
 * `56 00 31 05 04 01 00 19 SS` (image size) and `56 00 31 05 01 01 12 04 CC` (compression) spell them.
 */
export const REGISTERS = {
  imageSize: { memory: 0x04, address: 0x0019 },
  compression: { memory: 0x01, address: 0x1204 },
} as const;

/** `56 serial cmd n args…` (§2). */
export function encodeCommand(
  cmd: number,
  args: ArrayLike<number> = [],
  serial = DEFAULT_SERIAL,
): Uint8Array {
  return Uint8Array.from([HOST_SIGN, serial, cmd, args.length, ...Array.from(args)]);
}

export const encodeReset = (serial?: number) => encodeCommand(Vc0706Cmd.systemReset, [], serial);

/** `56 00 11 00`: the LinkSprite form the doc recommends (§3, not Adafruit's `56 00 11 01`). */
export const encodeGetVersion = (serial?: number) => encodeCommand(Vc0706Cmd.genVersion, [], serial);

export const encodeFbufCtrl = (action: FbufAction, serial?: number) =>
  encodeCommand(Vc0706Cmd.fbufCtrl, [FbufCtrl[action]], serial);

export const encodeGetFbufLen = (frame: 'current' | 'next' = 'current', serial?: number) =>
  encodeCommand(Vc0706Cmd.getFbufLen, [frame === 'current' ? 0x00 : 0x01], serial);

export interface ReadFbufArgs {
  /** Byte offset into the frame buffer. */
  start: number;
  /** Bytes to read; multiples of 8 are what LinkSprite asks for (§4). */
  length: number;
  /** Interval between header and data in 0.01 ms; `0x000A` is the recommended value (§4). */
  delay?: number;
}

/** `56 00 32 0C` + frame type, control mode `0A`, start, length and delay (§4). */
export function encodeReadFbuf(args: ReadFbufArgs, serial?: number): Uint8Array {
  const bytes = new Uint8Array(12);
  const view = new DataView(bytes.buffer);
  bytes[0] = 0x00; // current (captured) frame
  bytes[1] = 0x0a; // control mode fixed by every source
  view.setUint32(2, args.start);
  view.setUint32(6, args.length);
  view.setUint16(10, args.delay ?? 0x000a);
  return encodeCommand(Vc0706Cmd.readFbuf, bytes, serial);
}

/** READ_DATA of one byte: memory type, byte count `01`, address (§5). */
function readRegisterArgs(register: { memory: number; address: number }): number[] {
  return [register.memory, 0x01, register.address >> 8, register.address & 0xff];
}

/** WRITE_DATA of one byte: the read arguments followed by the value (§5). */
function writeRegisterArgs(register: { memory: number; address: number }, value: number): number[] {
  return [...readRegisterArgs(register), value & 0xff];
}

export const encodeSetImageSize = (size: ImageSize, serial?: number) =>
  encodeCommand(Vc0706Cmd.writeData, writeRegisterArgs(REGISTERS.imageSize, IMAGE_SIZE_CODES[size]), serial);

export const encodeGetImageSize = (serial?: number) =>
  encodeCommand(Vc0706Cmd.readData, readRegisterArgs(REGISTERS.imageSize), serial);

/** Compression ratio register (Adafruit `setCompression`, §5). */
export const encodeSetCompression = (value: number, serial?: number) =>
  encodeCommand(Vc0706Cmd.writeData, writeRegisterArgs(REGISTERS.compression, value), serial);

export const encodeGetCompression = (serial?: number) =>
  encodeCommand(Vc0706Cmd.readData, readRegisterArgs(REGISTERS.compression), serial);

/** `56 00 24 03 01 HH LL` (§6). The reply comes at the old rate; switch the host port afterwards. */
export const encodeSetPort = (baud: Vc0706Baud, serial?: number) =>
  encodeCommand(Vc0706Cmd.setPort, [0x01, BAUD_CODES[baud] >> 8, BAUD_CODES[baud] & 0xff], serial);

/** A camera → host reply: `76 serial cmd status m data…` (§2). */
export interface Vc0706Reply {
  type: 'reply';
  serial: number;
  cmd: number;
  /** `0x00` = OK; any other value is a failure (§2). */
  status: number;
  /** The m data bytes, or for a READ_FBUF chunk the JPEG bytes between header and trailer (§4). */
  data: Uint8Array;
}

/** The boot text the camera prints after SYSTEM_RESET, up to and including `Init end\r\n` (§3). */
export interface Vc0706Banner {
  type: 'banner';
  text: string;
}

export type Vc0706Frame = Vc0706Reply | Vc0706Banner;

export function encodeReply(
  cmd: number,
  status: number,
  data: ArrayLike<number> = [],
  serial = DEFAULT_SERIAL,
): Uint8Array {
  return Uint8Array.from([CAMERA_SIGN, serial, cmd, status, data.length, ...Array.from(data)]);
}

/** READ_FBUF header and trailer (§4): identical 5-byte markers. */
export const encodeReadFbufMarker = (serial = DEFAULT_SERIAL) =>
  encodeReply(Vc0706Cmd.readFbuf, 0, [], serial);

export const encodeVersionReply = (version: string, serial?: number) =>
  encodeReply(Vc0706Cmd.genVersion, 0, Buffer.from(version, 'latin1'), serial);

export function encodeFrameLengthReply(length: number, serial?: number): Uint8Array {
  const data = new Uint8Array(4);
  new DataView(data.buffer).setUint32(0, length);
  return encodeReply(Vc0706Cmd.getFbufLen, 0, data, serial);
}

function expectReply(reply: Vc0706Reply, cmd: number, dataLength: number | undefined): void {
  if (reply.cmd !== cmd)
    throw new FrameFormatError(VC0706_PROTOCOL, `expected a reply to 0x${hex(cmd)}, got 0x${hex(reply.cmd)}`);
  if (dataLength !== undefined && reply.data.length !== dataLength)
    throw new FrameFormatError(
      VC0706_PROTOCOL,
      `reply to 0x${hex(cmd)} carries ${reply.data.length} data bytes, expected ${dataLength}`,
    );
}

/** GEN_VERSION reply data: ASCII such as `VC0706 1.00` (§3). */
export function decodeVersion(reply: Vc0706Reply): string {
  expectReply(reply, Vc0706Cmd.genVersion, undefined);
  return Buffer.from(reply.data).toString('latin1');
}

/** GET_FBUF_LEN reply: `04` + 4-byte big-endian length (§3). */
export function decodeFrameLength(reply: Vc0706Reply): number {
  expectReply(reply, Vc0706Cmd.getFbufLen, 4);
  return new DataView(reply.data.buffer, reply.data.byteOffset, 4).getUint32(0);
}

/** READ_DATA reply of a one-byte register: `01` + value (§5). */
export function decodeRegisterByte(reply: Vc0706Reply): number {
  expectReply(reply, Vc0706Cmd.readData, 1);
  return reply.data[0] ?? 0;
}

export function decodeImageSize(reply: Vc0706Reply): ImageSize {
  const code = decodeRegisterByte(reply);
  const size = imageSizeFromCode(code);
  if (!size) throw new FrameFormatError(VC0706_PROTOCOL, `unknown image size code 0x${hex(code)} (§5)`);
  return size;
}

export function hex(byte: number): string {
  return byte.toString(16).toUpperCase().padStart(2, '0');
}
