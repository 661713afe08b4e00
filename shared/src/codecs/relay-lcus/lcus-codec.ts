import { ChecksumError, FrameFormatError } from '../../errors.ts';

/**
 * LC-Technology LCUS USB relay boards (protocols/relay-lcus.md). Switch frames are 4 bytes and never
 * answered (§2); the single byte `FF` asks for the status text (§3). "On" is called *energise* here and
 * "off" *release*, never "open"/"close", so relay wording never gets confused with the door's.
 */
export const LCUS_PROTOCOL = 'lcus';
/** §2 byte 0. */
export const LCUS_START = 0xa0;
/** §3: the status query is this byte alone. */
export const LCUS_STATUS_QUERY = 0xff;
export const LCUS_SWITCH_LENGTH = 4;
/** §2 byte 2. */
const OP_RELEASE = 0x00;
const OP_ENERGISE = 0x01;

export type RelayAction = 'energise' | 'release';

export interface LcusSwitchCommand {
  type: 'switch';
  /** 1-based, as on the wire. */
  channel: number;
  action: RelayAction;
}

export interface LcusStatusQuery {
  type: 'status-query';
}

/** What a board receives. */
export type LcusCommand = LcusSwitchCommand | LcusStatusQuery;

export interface LcusChannelState {
  channel: number;
  energised: boolean;
}

/** §2 byte 3: `(0xA0 + channel + operation) & 0xFF`. */
export function lcusCheck(channel: number, operation: number): number {
  return (LCUS_START + channel + operation) & 0xff;
}

export function encodeSwitch(channel: number, action: RelayAction): Uint8Array {
  if (!Number.isInteger(channel) || channel < 1 || channel > 0xff) {
    throw new RangeError(`LCUS channel must be 1…255 (1-based), got ${channel}`);
  }
  const op = action === 'energise' ? OP_ENERGISE : OP_RELEASE;
  return Uint8Array.of(LCUS_START, channel, op, lcusCheck(channel, op));
}

export function encodeStatusQuery(): Uint8Array {
  return Uint8Array.of(LCUS_STATUS_QUERY);
}

/** Decodes one 4-byte switch frame; throws ChecksumError or FrameFormatError. */
export function decodeSwitch(frame: Uint8Array): LcusSwitchCommand {
  if (frame.length !== LCUS_SWITCH_LENGTH || frame[0] !== LCUS_START) {
    throw new FrameFormatError(LCUS_PROTOCOL, 'a switch frame is 4 bytes starting with A0');
  }
  const channel = frame[1]!;
  const op = frame[2]!;
  const expected = lcusCheck(channel, op);
  if (frame[3] !== expected) throw new ChecksumError(LCUS_PROTOCOL, expected, frame[3]!);
  if (op !== OP_ENERGISE && op !== OP_RELEASE) {
    throw new FrameFormatError(
      LCUS_PROTOCOL,
      `operation byte 0x${hex(op)} is neither 00 (release) nor 01 (energise)`,
    );
  }
  if (channel === 0)
    throw new FrameFormatError(LCUS_PROTOCOL, 'channel 0 does not exist (channels are 1-based)');
  return { type: 'switch', channel, action: op === OP_ENERGISE ? 'energise' : 'release' };
}

/** §3 text form, one fixed-width line per channel: `CH1: ON \r\nCH2: OFF\r\n` ("ON" padded to 3). */
export function encodeStatusText(energised: readonly boolean[]): Uint8Array {
  const text = energised.map((on, i) => `CH${i + 1}: ${on ? 'ON ' : 'OFF'}\r\n`).join('');
  return Uint8Array.from(Buffer.from(text, 'latin1'));
}

/** The tail of a status line; searched unanchored at the start so that line noise before `CH` is skipped. */
export const LCUS_STATUS_LINE = /CH(\d{1,3}):\s?(ON|OFF)\s*$/;

/** One status line without its line break, e.g. `CH1: ON `. Throws FrameFormatError. */
export function parseStatusLine(line: string): LcusChannelState {
  const match = /^CH(\d{1,3}):\s?(ON|OFF)\s*$/.exec(line);
  if (!match) throw new FrameFormatError(LCUS_PROTOCOL, `not a status line: ${JSON.stringify(line)}`);
  return { channel: Number(match[1]), energised: match[2] === 'ON' };
}

/**
 * A whole status reply of a board with `channels` relays, in either form §3 allows: the text lines
 * (tried first), or one raw byte per channel (00 released, 01 energised). Throws FrameFormatError.
 */
export function decodeStatusReply(reply: Uint8Array, channels: number): LcusChannelState[] {
  const text = Buffer.from(reply).toString('latin1');
  if (text.includes('CH')) {
    const states = text
      .split('\n')
      .map((line) => line.replace(/\r$/, ''))
      .filter((line) => line.length > 0)
      .map(parseStatusLine);
    if (states.length !== channels) {
      throw new FrameFormatError(
        LCUS_PROTOCOL,
        `status reply lists ${states.length} channels, expected ${channels}`,
      );
    }
    return states;
  }
  if (reply.length === channels && reply.every((b) => b === OP_RELEASE || b === OP_ENERGISE)) {
    return [...reply].map((b, i) => ({ channel: i + 1, energised: b === OP_ENERGISE }));
  }
  throw new FrameFormatError(
    LCUS_PROTOCOL,
    `status reply is neither text lines nor ${channels} raw bytes of 00/01: ${hex(...reply)}`,
  );
}

function hex(...bytes: number[]): string {
  return bytes.map((b) => b.toString(16).padStart(2, '0').toUpperCase()).join(' ');
}
