import type { CodecError, TimerHandle } from '@vaultline/shared';
import { ChecksumError } from '@vaultline/shared';
import {
  decodeCommandPayload,
  R30X_DEFAULT_ADDRESS,
  R30X_DEFAULT_PASSWORD,
  type R30xPacket,
  type R30xPacketSize,
  R30xPid,
} from '@vaultline/shared/codecs/fingerprint-r30x/r30x-codec';
import { R30xFramer } from '@vaultline/shared/codecs/fingerprint-r30x/r30x-framer';
import type { SimDeviceContext, SimulatedDevice } from '../simulated-device.ts';
import { identifyTemplate } from './finger-templates.ts';
import {
  FingerprintFirmware,
  type FingerQuality,
  type FirmwareReply,
  MAX_CAPACITY,
} from './fingerprint-firmware.ts';

export interface FingerprintModuleOptions {
  id: string;
  /** Template library size; default 1000 as an R307, at most 1024 (four index pages, §3). */
  capacity?: number;
  /** Module address (§1), default FF FF FF FF. Packets for another address are ignored. */
  address?: number;
  /** Module password (§1), default 0; non-zero means VfyPwd must come first (0x21 otherwise). */
  password?: number;
  /** Payload bytes per data packet (§4), default 128 as an R503. */
  packetSize?: R30xPacketSize;
  /** A command with a bad checksum is answered with 0x01, or ignored (§9: real behaviour unspecified). */
  onBadChecksum?: 'reply' | 'ignore';
}

export type FingerprintSnapshot = {
  capacity: number;
  templateCount: number;
  templates: Array<{ pageId: number; fingerId: string | null }>;
  finger: { id: string; quality: FingerQuality } | null;
  passwordVerified: boolean;
  /** GenImg commands answered "no finger" so far. */
  emptyScans: number;
};

/** A packet to act on, or a marker for a command that arrived with a bad checksum. */
type Incoming = R30xPacket | 'bad-checksum';

const DEFAULT_CAPACITY = 1000;
const DEFAULT_PACKET_SIZE: R30xPacketSize = 128;

/**
 * A simulated R307-class fingerprint module on a UART. Commands are handled one at a time, as on the
 * half-duplex module; with realistic timing each reply leaves after the module's processing time on
 * `ctx.clock`, and commands arriving meanwhile wait their turn.
 */
export class FingerprintModule implements SimulatedDevice {
  readonly id: string;
  readonly kind = 'fingerprint' as const;
  private readonly firmware: FingerprintFirmware;
  private readonly framer: R30xFramer;
  private readonly onBadChecksum: 'reply' | 'ignore';
  private output: (frame: Uint8Array) => void = () => {};
  private backlog: Incoming[] = [];
  private busy: TimerHandle | undefined;
  private draining = false;
  private closed = false;

  constructor(
    options: FingerprintModuleOptions,
    private readonly ctx: SimDeviceContext,
  ) {
    const capacity = options.capacity ?? DEFAULT_CAPACITY;
    if (!Number.isInteger(capacity) || capacity < 1 || capacity > MAX_CAPACITY) {
      throw new RangeError(
        `fingerprint module ${options.id}: capacity must be 1…${MAX_CAPACITY}, got ${capacity}`,
      );
    }
    this.id = options.id;
    this.onBadChecksum = options.onBadChecksum ?? 'reply';
    this.firmware = new FingerprintFirmware({
      capacity,
      address: options.address ?? R30X_DEFAULT_ADDRESS,
      password: options.password ?? R30X_DEFAULT_PASSWORD,
      packetSize: options.packetSize ?? DEFAULT_PACKET_SIZE,
    });
    this.framer = new R30xFramer((error) => this.frameError(error));
  }

  attach(output: (frame: Uint8Array) => void): void {
    this.output = output;
  }

  receive(chunk: Uint8Array): void {
    if (this.closed) return;
    for (const packet of this.framer.push(chunk)) this.backlog.push(packet);
    this.drain();
  }

  /** Puts a finger on the sensor (`null` lifts it). A poor image fails feature extraction with 0x06. */
  placeFinger(fingerId: string | null, quality: FingerQuality = 'good'): void {
    this.firmware.finger = fingerId === null ? null : { id: fingerId, quality };
  }

  snapshot(): FingerprintSnapshot {
    const { templates, finger, passwordVerified, settings, emptyScans } = this.firmware;
    return {
      capacity: settings.capacity,
      templateCount: templates.size,
      templates: [...templates.entries()]
        .sort(([a], [b]) => a - b)
        .map(([pageId, template]) => ({ pageId, fingerId: identifyTemplate(template)?.fingerId ?? null })),
      finger: finger ? { ...finger } : null,
      passwordVerified,
      emptyScans,
    };
  }

  close(): void {
    this.closed = true;
    this.backlog = [];
    if (this.busy) this.ctx.clock.clearTimeout(this.busy);
    this.busy = undefined;
  }

  private frameError(error: CodecError): void {
    if (error instanceof ChecksumError && this.onBadChecksum === 'reply') this.backlog.push('bad-checksum');
  }

  /** Works through the backlog in arrival order; re-entrant calls (a reply triggering a write) only queue. */
  private drain(): void {
    if (this.draining) return;
    this.draining = true;
    try {
      while (!this.busy && !this.closed) {
        const incoming = this.backlog.shift();
        if (incoming === undefined) break;
        const reply = this.handle(incoming);
        if (!reply) continue;
        const delay = this.ctx.timing === 'realistic' ? reply.busyMs : 0;
        if (delay <= 0) {
          this.send(reply.frames);
          continue;
        }
        this.busy = this.ctx.clock.setTimeout(() => {
          this.busy = undefined;
          this.send(reply.frames);
          this.drain();
        }, delay);
      }
    } finally {
      this.draining = false;
    }
  }

  private handle(incoming: Incoming): FirmwareReply | undefined {
    if (incoming === 'bad-checksum') return this.firmware.receiveError();
    if (incoming.address !== this.firmware.settings.address) return undefined;
    if (incoming.pid === R30xPid.data || incoming.pid === R30xPid.endData) {
      this.firmware.receiveData(incoming);
      return undefined;
    }
    if (incoming.pid !== R30xPid.command) return undefined;
    let command: ReturnType<typeof decodeCommandPayload>;
    try {
      command = decodeCommandPayload(incoming.payload);
    } catch {
      return this.firmware.receiveError();
    }
    // Instructions outside §3 (SetSysPara, LEDs, auto-enrol …) are not simulated: generic failure 0x01.
    return command ? this.firmware.execute(command) : this.firmware.receiveError();
  }

  private send(frames: Uint8Array[]): void {
    if (this.closed) return;
    for (const frame of frames) this.output(frame);
  }
}
