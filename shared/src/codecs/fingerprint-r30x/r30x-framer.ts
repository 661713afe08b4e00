import { concatBytes } from '../../bytes.ts';
import { type CodecError, FrameFormatError } from '../../errors.ts';
import type { Framer, FramerErrorHandler } from '../framer.ts';
import {
  inspectPrefix,
  R30X_HEADER_0,
  R30X_HEADER_1,
  R30X_PREFIX_BYTES,
  R30X_PROTOCOL,
  type R30xPacket,
  readPacketBody,
} from './r30x-packet.ts';

/**
 * Stream framer for R30x packets (§2). Resynchronises on the `EF 01` header; a candidate with an unknown
 * PID, a length outside 3…258 or a wrong checksum is reported and parsing resumes right after its header,
 * so a real packet hidden inside a false candidate is still found.
 *
 * Bytes skipped while looking for a header are reported once per push as a FrameFormatError, except the
 * rest of a candidate just rejected: those belong to the packet already reported.
 */
export class R30xFramer implements Framer<R30xPacket> {
  private buffer = new Uint8Array(0);
  private afterReject = false;

  constructor(private readonly onError: FramerErrorHandler = () => {}) {}

  push(chunk: Uint8Array): R30xPacket[] {
    const bytes = this.buffer.length === 0 ? Uint8Array.from(chunk) : concatBytes(this.buffer, chunk);
    const packets: R30xPacket[] = [];
    let position = 0;
    for (;;) {
      const start = findHeader(bytes, position);
      const garbageEnd = start >= 0 ? start : keepPossibleHeaderStart(bytes, position);
      this.skip(bytes.subarray(position, garbageEnd));
      position = garbageEnd;
      if (start < 0 || bytes.length - start < R30X_PREFIX_BYTES) break;
      this.afterReject = false;
      const prefix = inspectPrefix(bytes, start);
      if (!prefix.ok) {
        this.reject(
          new FrameFormatError(R30X_PROTOCOL, prefix.reason),
          bytes.subarray(start, start + R30X_PREFIX_BYTES),
        );
        position = start + 2;
        continue;
      }
      if (bytes.length - start < prefix.total) break;
      const packet = readPacketBody(bytes, start, prefix);
      if (!('payload' in packet)) {
        this.reject(packet, bytes.subarray(start, start + prefix.total));
        position = start + 2;
        continue;
      }
      packets.push(packet);
      position = start + prefix.total;
    }
    this.buffer = bytes.slice(position);
    return packets;
  }

  reset(): void {
    this.buffer = new Uint8Array(0);
    this.afterReject = false;
  }

  private skip(garbage: Uint8Array): void {
    if (garbage.length === 0 || this.afterReject) return;
    this.onError(
      new FrameFormatError(R30X_PROTOCOL, `skipped ${garbage.length} byte(s) that do not start with EF 01`),
      Uint8Array.from(garbage),
    );
  }

  private reject(error: CodecError, skipped: Uint8Array): void {
    this.afterReject = true;
    this.onError(error, Uint8Array.from(skipped));
  }
}

function findHeader(bytes: Uint8Array, from: number): number {
  for (let i = from; i + 1 < bytes.length; i++) {
    if (bytes[i] === R30X_HEADER_0 && bytes[i + 1] === R30X_HEADER_1) return i;
  }
  return -1;
}

/** With no header in sight, everything is garbage except a final `EF` that may begin the next header. */
function keepPossibleHeaderStart(bytes: Uint8Array, from: number): number {
  const last = bytes.length - 1;
  return last >= from && bytes[last] === R30X_HEADER_0 ? last : bytes.length;
}
