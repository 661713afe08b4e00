import type { TimerHandle } from '@vaultline/shared';
import {
  DEFAULT_SERIAL,
  encodeFrameLengthReply,
  encodeReadFbufMarker,
  encodeReply,
  encodeVersionReply,
  IMAGE_SIZE_CODES,
  type ImageSize,
  imageDimensions,
  imageSizeFromCode,
  type Vc0706Baud,
  Vc0706Cmd,
} from '@vaultline/shared/codecs/camera-vc0706/vc0706-codec';
import {
  decodeCommand,
  type Vc0706Request,
} from '@vaultline/shared/codecs/camera-vc0706/vc0706-command-decoder';
import {
  type Vc0706Command,
  Vc0706CommandFramer,
} from '@vaultline/shared/codecs/camera-vc0706/vc0706-command-framer';
import type { SimDeviceContext, SimulatedDevice } from '../simulated-device.ts';
import { encodeSceneJpeg } from './scene-image.ts';

export interface SerialCameraOptions {
  id: string;
  /** Camera serial number (§2), default `0x00`. */
  serial?: number;
}

/** Text printed after a reset. Only its last line is fixed by the doc (§3); the rest is the usual boot text. */
export const BOOT_BANNER = 'VC0703 1.00\r\nCtrl infr exist\r\nUser-defined sensor\r\n525\r\nInit end\r\n';
export const VERSION = 'VC0706 1.00';

/**
 * Non-zero statuses are not enumerated by the sources (§2); the simulator answers 0x01 to a command it
 * rejects and 0x04 to a frame-buffer read with no frozen frame.
 */
export const STATUS_REJECTED = 0x01;
export const STATUS_NO_FRAME = 0x04;

/** Simulator timing in 'realistic' mode: the sources wait 2–2.5 s after a reset (§7), so 1 s is inside it. */
const BOOT_MS = 1000;
const REPLY_MS = 5;
/** Freezing compresses a frame; tens of ms is typical for a VC0706. */
const FREEZE_MS = 40;
/** Largest READ_FBUF the simulator serves in one answer (the Python script reads 8 kB, §4). */
const MAX_READ = 0x10000;
/** Compression register value after power-on. */
const DEFAULT_COMPRESSION = 0x35;

/**
 * The firmware of a VC0706 serial JPEG camera. FBUF_CTRL "stop" renders a real JPEG of the current scene
 * into the frame buffer; freezing again before a resume keeps the old frame, as the chip does (§7 step 5).
 */
export class SerialCamera implements SimulatedDevice {
  readonly kind = 'camera' as const;
  readonly id: string;
  private readonly serial: number;
  private readonly framer = new Vc0706CommandFramer();
  private readonly timers = new Set<TimerHandle>();
  private output: (frame: Uint8Array) => void = () => {};
  private scene = 'nobody';
  private size: ImageSize = '320x240';
  private compression = DEFAULT_COMPRESSION;
  private baud: Vc0706Baud = 38400;
  private frameBuffer: Uint8Array | undefined;
  private captures = 0;
  private bootedAt = 0;
  /** Replies leave in order: each is scheduled after the previous one. */
  private busyUntil = 0;
  private closed = false;

  constructor(
    options: SerialCameraOptions,
    private readonly ctx: SimDeviceContext,
  ) {
    this.id = options.id;
    this.serial = options.serial ?? DEFAULT_SERIAL;
  }

  attach(output: (frame: Uint8Array) => void): void {
    this.output = output;
  }

  /** What stands in front of the lens from now on; a frozen frame keeps what it captured. */
  setScene(label: string): void {
    this.scene = label;
  }

  receive(chunk: Uint8Array): void {
    for (const command of this.framer.push(chunk)) this.handle(command);
  }

  snapshot() {
    return {
      scene: this.scene,
      imageSize: this.size,
      frozen: this.frameBuffer !== undefined,
      frameBytes: this.frameBuffer?.length ?? 0,
      captures: this.captures,
      compression: this.compression,
      baud: this.baud,
    };
  }

  close(): void {
    this.closed = true;
    for (const timer of this.timers) this.ctx.clock.clearTimeout(timer);
    this.timers.clear();
  }

  private handle(command: Vc0706Command): void {
    // Another camera's serial number, or still booting: the chip does not answer.
    if (command.serial !== this.serial || this.ctx.clock.now() < this.bootedAt) return;
    const request = decodeCommand(command);
    if (request.kind === 'readFbuf') {
      this.readFrameBuffer(request);
      return;
    }
    const reply = this.execute(command.cmd, request);
    this.send([reply], request.kind === 'fbufCtrl' ? FREEZE_MS : REPLY_MS);
    if (request.kind === 'reset') {
      this.send([Buffer.from(BOOT_BANNER, 'latin1')], BOOT_MS);
      this.bootedAt = this.busyUntil;
    }
  }

  private execute(cmd: number, request: Exclude<Vc0706Request, { kind: 'readFbuf' }>): Uint8Array {
    const ok = (data: ArrayLike<number> = []) => encodeReply(cmd, 0x00, data, this.serial);
    switch (request.kind) {
      case 'reset':
        this.frameBuffer = undefined;
        return ok();
      case 'getVersion':
        return encodeVersionReply(VERSION, this.serial);
      case 'fbufCtrl':
        if (request.action === 'resume') this.frameBuffer = undefined;
        else if (request.action === 'step' || !this.frameBuffer) this.freeze();
        return ok();
      case 'getFbufLen':
        return encodeFrameLengthReply(this.frameBuffer?.length ?? 0, this.serial);
      case 'setImageSize': {
        const size = imageSizeFromCode(request.code);
        if (!size) return encodeReply(cmd, STATUS_REJECTED, [], this.serial);
        this.size = size;
        return ok();
      }
      case 'getImageSize':
        return ok([IMAGE_SIZE_CODES[this.size]]);
      case 'setCompression':
        this.compression = request.value;
        return ok();
      case 'getCompression':
        return ok([this.compression]);
      case 'setPort':
        // The reply still goes out at the old rate (§6); the host switches its port afterwards.
        this.baud = request.baud;
        return ok();
      case 'invalid':
        return encodeReply(cmd, STATUS_REJECTED, [], this.serial);
    }
  }

  private freeze(): void {
    const { width, height } = imageDimensions(this.size);
    const timestamp = new Date(this.ctx.clock.now()).toISOString().replace('T', ' ').slice(0, 19);
    // Simulator model of the compression register: a higher ratio gives a lower JPEG quality.
    const quality = Math.min(95, Math.max(5, 113 - this.compression));
    this.frameBuffer = encodeSceneJpeg(
      { label: this.scene, caption: `CAM ${this.id}`, timestamp: `${timestamp}Z`, width, height },
      quality,
    );
    this.captures++;
  }

  /** Header, data and trailer leave as three writes (§4, §9), `delay` × 0.01 ms apart when realistic. */
  private readFrameBuffer(request: Extract<Vc0706Request, { kind: 'readFbuf' }>): void {
    const rejected = request.frameType !== 0x00 || request.length > MAX_READ;
    if (rejected || !this.frameBuffer) {
      const status = rejected ? STATUS_REJECTED : STATUS_NO_FRAME;
      this.send([encodeReply(Vc0706Cmd.readFbuf, status, [], this.serial)], REPLY_MS);
      return;
    }
    // The chip sends exactly `length` bytes; past the end of the image that is stale buffer memory.
    const data = new Uint8Array(request.length);
    data.set(this.frameBuffer.subarray(request.start, request.start + request.length));
    const marker = encodeReadFbufMarker(this.serial);
    this.send([marker, data, marker], REPLY_MS, request.delay / 100);
  }

  /** Writes `frames` (one output call each) after `afterMs`, `gapMs` apart, behind earlier replies. */
  private send(frames: Uint8Array[], afterMs: number, gapMs = 0): void {
    if (this.closed) return;
    const now = this.ctx.clock.now();
    if (this.ctx.timing === 'fast') {
      for (const frame of frames) this.output(frame);
      return;
    }
    let at = Math.max(now, this.busyUntil) + afterMs;
    for (const frame of frames) {
      const timer = this.ctx.clock.setTimeout(() => {
        this.timers.delete(timer);
        if (!this.closed) this.output(frame);
      }, at - now);
      this.timers.add(timer);
      at += gapMs;
    }
    this.busyUntil = at - gapMs;
  }
}
