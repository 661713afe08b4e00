import { FrameFormatError } from '../../errors.ts';
import { MAX_BUFFERED_BYTES } from '../framer.ts';
import { encodePacket, R30X_MAX_PAYLOAD, R30X_PROTOCOL, type R30xPacket, R30xPid } from './r30x-packet.ts';

/** §6 (R307/R305 spec): a character file is 256 bytes, a template 512. */
export const R30X_CHAR_FILE_BYTES = 256;
export const R30X_TEMPLATE_BYTES = 512;

/**
 * §6 bulk transfer: `data` cut into packets of `packetSize` payload bytes, every one PID 0x02 except the
 * last, PID 0x08. Returns whole encoded packets, one per element, in sending order.
 */
export function encodeDataPackets(data: Uint8Array, packetSize: number, address: number): Uint8Array[] {
  if (data.length === 0) throw new RangeError('R30x bulk transfer needs at least one byte of data');
  if (!Number.isInteger(packetSize) || packetSize < 1 || packetSize > R30X_MAX_PAYLOAD) {
    throw new RangeError(`R30x data packet size must be 1…${R30X_MAX_PAYLOAD}, got ${packetSize}`);
  }
  const packets: Uint8Array[] = [];
  for (let offset = 0; offset < data.length; offset += packetSize) {
    const end = Math.min(offset + packetSize, data.length);
    const pid = end === data.length ? R30xPid.endData : R30xPid.data;
    packets.push(encodePacket({ address, pid, payload: data.subarray(offset, end) }));
  }
  return packets;
}

/**
 * Reassembles a bulk transfer from its packets: `push` returns the whole data when the end packet (0x08)
 * arrives and `undefined` before. Packets that are not data packets are ignored (returns `undefined`).
 * A transfer that never ends is cut off at `maxBytes` (FrameFormatError) so it cannot grow memory.
 */
export class R30xDataCollector {
  private parts: Uint8Array[] = [];
  private size = 0;

  constructor(private readonly maxBytes = MAX_BUFFERED_BYTES) {}

  push(packet: R30xPacket): Uint8Array | undefined {
    if (packet.pid !== R30xPid.data && packet.pid !== R30xPid.endData) return undefined;
    this.size += packet.payload.length;
    if (this.size > this.maxBytes) {
      this.reset();
      throw new FrameFormatError(R30X_PROTOCOL, `bulk transfer longer than ${this.maxBytes} bytes`);
    }
    this.parts.push(packet.payload);
    if (packet.pid === R30xPid.data) return undefined;
    const whole = new Uint8Array(this.size);
    let offset = 0;
    for (const part of this.parts) {
      whole.set(part, offset);
      offset += part.length;
    }
    this.reset();
    return whole;
  }

  /** Bytes received so far in the current transfer. */
  get received(): number {
    return this.size;
  }

  reset(): void {
    this.parts = [];
    this.size = 0;
  }
}
