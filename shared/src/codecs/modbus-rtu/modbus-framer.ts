import { type CodecError, FrameFormatError } from '../../errors.ts';
import type { Framer, FramerErrorHandler } from '../framer.ts';
import {
  decodeRequest,
  decodeResponse,
  EXCEPTION_FLAG,
  FC_READ_COILS,
  FC_READ_DISCRETE_INPUTS,
  FC_WRITE_SINGLE_COIL,
  MAX_READ_BITS,
  MAX_SLAVE_ADDRESS,
  MODBUS_PROTOCOL,
  type ModbusRequest,
  type ModbusResponse,
} from './modbus-codec.ts';

/** Bytes of a frame at `offset`, `undefined` while the header is incomplete, `'invalid'` if it cannot start one. */
type FrameLength = (buffer: Uint8Array, offset: number) => number | undefined | 'invalid';

const FC_WRITE_MULTIPLE_COILS = 0x0f;
const FC_WRITE_MULTIPLE_REGISTERS = 0x10;
/** §5: 2000 bits at most → 250 data bytes. */
const MAX_BIT_BYTES = MAX_READ_BITS / 8;

/**
 * RTU has no length field and this framer sees no line silence, so the length comes from the function
 * code. A frame whose CRC fails is reported and only its first byte dropped: a real frame may start
 * inside it. Bytes that cannot start a frame, or that start a frame overtaken by a later whole one, are
 * skipped and reported once per run.
 */
class RtuFramer<M> implements Framer<M> {
  private buffer: Uint8Array = new Uint8Array(0);

  constructor(
    private readonly frameLength: FrameLength,
    private readonly decode: (frame: Uint8Array) => M,
    private readonly onError: FramerErrorHandler,
  ) {}

  push(chunk: Uint8Array): M[] {
    const buffer = concat(this.buffer, chunk);
    const messages: M[] = [];
    let offset = 0;
    let skippedFrom = -1;
    const flushSkipped = (to: number) => {
      if (skippedFrom < 0) return;
      this.onError(
        new FrameFormatError(MODBUS_PROTOCOL, `${to - skippedFrom} byte(s) that start no frame skipped`),
        buffer.slice(skippedFrom, to),
      );
      skippedFrom = -1;
    };
    while (offset < buffer.length) {
      const length = this.frameLength(buffer, offset);
      if (length === 'invalid') {
        if (skippedFrom < 0) skippedFrom = offset;
        offset += 1;
        continue;
      }
      if (length === undefined || buffer.length - offset < length) {
        // A long byte count read from noise would stall the stream until that many bytes arrived;
        // a whole valid frame further on proves the candidate here was noise.
        const next = this.nextWholeFrame(buffer, offset + 1);
        if (next === undefined) break;
        if (skippedFrom < 0) skippedFrom = offset;
        offset = next;
        continue;
      }
      flushSkipped(offset);
      try {
        messages.push(this.decode(buffer.subarray(offset, offset + length)));
        offset += length;
      } catch (error) {
        this.onError(error as CodecError, buffer.slice(offset, offset + 1));
        offset += 1;
      }
    }
    flushSkipped(offset);
    this.buffer = buffer.slice(offset);
    return messages;
  }

  reset(): void {
    this.buffer = new Uint8Array(0);
  }

  private nextWholeFrame(buffer: Uint8Array, from: number): number | undefined {
    for (let offset = from; offset < buffer.length; offset++) {
      const length = this.frameLength(buffer, offset);
      if (typeof length !== 'number' || offset + length > buffer.length) continue;
      try {
        this.decode(buffer.subarray(offset, offset + length));
        return offset;
      } catch {
        // not a frame at this offset either
      }
    }
    return undefined;
  }
}

/** Host side: frames replies to 01/02 (byte count), 05 (fixed 8) and their exceptions (5 bytes). */
export class ModbusResponseFramer extends RtuFramer<ModbusResponse> {
  constructor(onError: FramerErrorHandler = () => {}) {
    super(responseLength, decodeResponse, onError);
  }
}

/** Device side: frames requests; 01/02/05 (and every other fixed-size function) are 8 bytes. */
export class ModbusRequestFramer extends RtuFramer<ModbusRequest> {
  constructor(onError: FramerErrorHandler = () => {}) {
    super(requestLength, decodeRequest, onError);
  }
}

function responseLength(buffer: Uint8Array, offset: number): number | undefined | 'invalid' {
  const address = buffer[offset]!;
  if (address === 0 || address > MAX_SLAVE_ADDRESS) return 'invalid';
  const functionCode = buffer[offset + 1];
  if (functionCode === undefined) return undefined;
  const requested = functionCode & ~EXCEPTION_FLAG;
  if (
    requested !== FC_READ_COILS &&
    requested !== FC_READ_DISCRETE_INPUTS &&
    requested !== FC_WRITE_SINGLE_COIL
  ) {
    return 'invalid';
  }
  if (functionCode & EXCEPTION_FLAG) {
    const code = buffer[offset + 2];
    if (code === undefined) return undefined;
    // Exception codes defined by the Modbus spec are 01–0B; anything else is noise (fewer false CRC hits).
    return code >= 0x01 && code <= 0x0b ? 5 : 'invalid';
  }
  if (functionCode === FC_WRITE_SINGLE_COIL) return 8;
  const byteCount = buffer[offset + 2];
  if (byteCount === undefined) return undefined;
  return byteCount === 0 || byteCount > MAX_BIT_BYTES ? 'invalid' : 5 + byteCount;
}

function requestLength(buffer: Uint8Array, offset: number): number | undefined | 'invalid' {
  if (buffer[offset]! > MAX_SLAVE_ADDRESS) return 'invalid';
  const functionCode = buffer[offset + 1];
  if (functionCode === undefined) return undefined;
  if (functionCode === 0 || functionCode & EXCEPTION_FLAG) return 'invalid';
  if (functionCode !== FC_WRITE_MULTIPLE_COILS && functionCode !== FC_WRITE_MULTIPLE_REGISTERS) return 8;
  // 0F/10: address · function · start (2) · quantity (2) · byte count · data · CRC
  const byteCount = buffer[offset + 6];
  return byteCount === undefined ? undefined : 9 + byteCount;
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  if (a.length === 0) return Uint8Array.from(b);
  const out = new Uint8Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
}
