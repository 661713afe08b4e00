import {
  type Clock,
  DeviceOfflineError,
  DeviceStatusError,
  DeviceTimeoutError,
  type Logger,
  toHex,
} from '@vaultline/shared';
import {
  decodeFrameLength,
  decodeImageSize,
  decodeVersion,
  encodeFbufCtrl,
  encodeGetFbufLen,
  encodeGetImageSize,
  encodeGetVersion,
  encodeReadFbuf,
  encodeReset,
  encodeSetImageSize,
  type ImageSize,
  imageDimensions,
  READ_FBUF_MARKER_LENGTH,
  Vc0706Cmd,
  type Vc0706Reply,
} from '@vaultline/shared/codecs/camera-vc0706/vc0706-codec';
import { DeviceChannel, type RequestSpec } from '../driver/device-channel.ts';
import { DeviceHealth, type DeviceStatus } from '../driver/device-health.ts';
import type { DeviceLink, LinkState } from '../transport/device-link.ts';
import { ImageIntegrityError } from './camera-errors.ts';
import { type CameraEvent, CameraFramer } from './camera-framer.ts';

/** One captured picture: the normalised event that leaves the camera driver. */
export interface Snapshot {
  device: string;
  jpeg: Uint8Array;
  width: number;
  height: number;
  bytes: number;
  /** From the freeze command to the resume reply. */
  durationMs: number;
  /** Image bytes per second over the READ_FBUF transfer (a transfer under 1 ms counts as 1 ms). */
  bytesPerSecond: number;
  /** When the frame was frozen, ms since the epoch. */
  at: number;
}

export interface CameraOptions {
  id: string;
  link: DeviceLink;
  clock: Clock;
  logger: Logger;
  imageSize?: ImageSize;
  /** READ_FBUF chunk size, a multiple of 8 (§4). Default 4096 (see DEFAULT_CHUNK_BYTES). */
  chunkBytes?: number;
  /** Answer timeout for a command, ms; READ_FBUF adds the line time of its chunk. Default 1000. */
  requestTimeoutMs?: number;
  /** Line rate, when known, so chunk timeouts follow it; otherwise the slowest §6 rate is assumed. */
  baud?: number;
}

/** §7 step 1: the sources wait 2–2.5 s for the camera to boot; the banner normally ends the wait sooner. */
const BOOT_WAIT_MS = 3000;
/** 8N1: start bit, 8 data bits, stop bit. */
const BITS_PER_BYTE = 10;
/** The slowest rate in §6, assumed when the line's rate is not known. */
const SLOWEST_BAUD = 9600;
/** Far above a 640 × 480 VC0706 JPEG (~50 kB): a larger GET_FBUF_LEN answer is a corrupted length. */
const MAX_FRAME_BYTES = 1 << 20;
/**
 * READ_FBUF chunk size. Every chunk pays a fixed cost besides its bytes: the 16-byte command and the 10
 * marker bytes on the line, the camera's processing time and the host's round trip, 8–10 ms at 115 200
 * baud. At 1024 bytes that costs 8–10 % of the line rate, just missing the 90 % of DESIGN.md §8; at 4096
 * about 3 %, and re-reading a damaged chunk still takes only 0.36 s (the Python script of §4 reads 8192
 * at a time). Measured by `pnpm bench` (docs/BENCHMARKS.md).
 */
export const DEFAULT_CHUNK_BYTES = 4096;
/** A damaged READ_FBUF chunk is read once more before the capture fails. */
const CHUNK_ATTEMPTS = 2;

/**
 * Driver of a VC0706 serial JPEG camera (§7): on link up it resets the camera and sets the image size;
 * `capture()` freezes a frame, reads it in chunks, checks it and resumes video. Captures run one at a
 * time; a second call waits for the first.
 */
export class Camera {
  readonly health: DeviceHealth;
  private readonly id: string;
  private readonly link: DeviceLink;
  private readonly clock: Clock;
  private readonly log: Logger;
  private readonly framer: CameraFramer;
  private readonly channel: DeviceChannel<CameraEvent>;
  private readonly wantedSize: ImageSize;
  private readonly chunkBytes: number;
  private readonly requestTimeoutMs: number;
  private readonly baud: number | undefined;
  private queue: Promise<unknown> = Promise.resolve();
  private size: ImageSize | undefined;
  /** A capture may have left the frame buffer frozen: resume before the next freeze (§7 step 5). */
  private mayBeFrozen = false;
  private rate: number | undefined;
  private stopListening: (() => void) | undefined;

  constructor(options: CameraOptions) {
    this.id = options.id;
    this.link = options.link;
    this.clock = options.clock;
    // A logger that already names the component (DeviceSet passes one) is used as is: no duplicate keys.
    this.log = options.logger.bindings().component
      ? options.logger
      : options.logger.child({ component: 'gateway.camera', device: options.id });
    this.wantedSize = options.imageSize ?? '320x240';
    this.chunkBytes = options.chunkBytes ?? DEFAULT_CHUNK_BYTES;
    this.requestTimeoutMs = options.requestTimeoutMs ?? 1000;
    this.baud = options.baud;
    if (!Number.isInteger(this.chunkBytes) || this.chunkBytes <= 0 || this.chunkBytes % 8 !== 0)
      throw new RangeError(
        `camera ${this.id}: chunkBytes must be a positive multiple of 8 (§4), got ${this.chunkBytes}`,
      );
    this.framer = new CameraFramer((error, skipped) => this.channel.frameError(error, skipped));
    this.channel = new DeviceChannel<CameraEvent>({
      name: this.id,
      link: this.link,
      framer: this.framer,
      clock: this.clock,
      // The channel traces raw chunks, which here are face images: keep them out of the logs.
      logger: this.log.child({}, { level: this.log.isLevelEnabled('trace') ? 'debug' : this.log.level }),
      onUnsolicited: (event) => this.unsolicited(event),
    });
    this.health = new DeviceHealth({
      device: this.id,
      kind: 'camera',
      link: this.link,
      clock: this.clock,
      logger: this.log,
      probe: async () => {
        await this.version();
      },
    });
  }

  /** Image bytes per second of the last capture. */
  get lastBytesPerSecond(): number | undefined {
    return this.rate;
  }

  /** Starts the link (the camera owns it) and configures the camera whenever the link comes up. */
  async start(): Promise<void> {
    if (this.stopListening) return;
    this.stopListening = this.link.onState((state) => this.linkChanged(state));
    this.health.start();
    if (this.link.isUp) this.linkChanged('up');
    await this.link.start();
  }

  async stop(): Promise<void> {
    this.stopListening?.();
    this.stopListening = undefined;
    this.health.stop();
    await this.link.stop();
  }

  onStatus(listener: (status: DeviceStatus) => void): () => void {
    return this.health.onChange(listener);
  }

  /** Takes one picture (§7 steps 2–5). Rejects with a DeviceError subclass; never resolves a damaged image. */
  capture(): Promise<Snapshot> {
    return this.exclusive(async () => {
      if (!this.link.isUp) throw new DeviceOfflineError(this.id);
      const size = this.size ?? (await this.configure());
      if (this.mayBeFrozen) await this.fbufCtrl('resume');
      const started = this.clock.now();
      this.mayBeFrozen = true;
      await this.fbufCtrl('stopCurrent');
      const at = this.clock.now();
      const length = await this.frameLength();
      const transferStart = this.clock.now();
      const jpeg = await this.readFrame(length);
      const transferMs = Math.max(1, this.clock.now() - transferStart);
      await this.fbufCtrl('resume').then(
        () => {
          this.mayBeFrozen = false;
        },
        (error: unknown) =>
          this.log.warn({ err: error }, 'resume after capture failed; retried next capture'),
      );
      this.rate = Math.round((length * 1000) / transferMs);
      const { width, height } = imageDimensions(size);
      const durationMs = this.clock.now() - started;
      this.log.debug({ bytes: length, durationMs, bytesPerSecond: this.rate }, 'captured');
      return {
        device: this.id,
        jpeg,
        width,
        height,
        bytes: length,
        durationMs,
        bytesPerSecond: this.rate,
        at,
      };
    });
  }

  private linkChanged(state: LinkState): void {
    this.size = undefined;
    this.mayBeFrozen = false;
    if (state === 'up')
      this.exclusive(() => this.configure()).catch((error: unknown) =>
        this.log.warn({ err: error }, 'camera setup failed; retried on the next capture'),
      );
  }

  /** §7 step 1: reset, wait for the boot banner (bounded), set and read back the image size. */
  private async configure(): Promise<ImageSize> {
    await this.reset();
    this.mayBeFrozen = false;
    await this.request({
      operation: 'set image size',
      bytes: encodeSetImageSize(this.wantedSize),
      accept: (event) => this.replyTo(event, Vc0706Cmd.writeData, 'set image size') && true,
    });
    const size = await this.request({
      operation: 'read image size',
      bytes: encodeGetImageSize(),
      accept: (event) => {
        const reply = this.replyTo(event, Vc0706Cmd.readData, 'read image size');
        return reply && decodeImageSize(reply);
      },
    });
    if (size !== this.wantedSize)
      this.log.warn({ wanted: this.wantedSize, size }, 'camera kept another image size');
    this.size = size;
    return size;
  }

  private async reset(): Promise<void> {
    let acknowledged = false;
    try {
      await this.channel.request({
        operation: 'reset',
        bytes: encodeReset(),
        timeoutMs: BOOT_WAIT_MS,
        retries: 0,
        accept: (event) => {
          if (event.type === 'banner') return true;
          if (this.replyTo(event, Vc0706Cmd.systemReset, 'reset')) acknowledged = true;
          return undefined;
        },
      });
    } catch (error) {
      // Some modules print no banner: a reset that was acknowledged has booted once the wait is over.
      if (!(acknowledged && error instanceof DeviceTimeoutError)) {
        this.health.record(error);
        throw error;
      }
      this.log.debug('no boot banner after reset; continuing after the bounded wait');
    }
    this.health.record('ok');
  }

  private async version(): Promise<string> {
    return this.request({
      operation: 'get version',
      bytes: encodeGetVersion(),
      accept: (event) => {
        const reply = this.replyTo(event, Vc0706Cmd.genVersion, 'get version');
        return reply && decodeVersion(reply);
      },
    });
  }

  private async fbufCtrl(action: 'stopCurrent' | 'resume'): Promise<void> {
    const operation = action === 'resume' ? 'resume video' : 'freeze frame';
    await this.request({
      operation,
      bytes: encodeFbufCtrl(action),
      accept: (event) => this.replyTo(event, Vc0706Cmd.fbufCtrl, operation) && true,
    });
  }

  private async frameLength(): Promise<number> {
    const length = await this.request({
      operation: 'read frame length',
      bytes: encodeGetFbufLen('current'),
      accept: (event) => {
        const reply = this.replyTo(event, Vc0706Cmd.getFbufLen, 'read frame length');
        return reply && decodeFrameLength(reply);
      },
    });
    if (length < 4 || length > MAX_FRAME_BYTES)
      throw new ImageIntegrityError(this.id, `the camera reports a frame of ${length} bytes`);
    return length;
  }

  /** §7 step 4: chunks from address 0, each a multiple of 8 bytes long (§4); then the JPEG markers. */
  private async readFrame(length: number): Promise<Uint8Array> {
    const jpeg = new Uint8Array(length);
    for (let start = 0; start < length; start += this.chunkBytes) {
      const wanted = Math.min(this.chunkBytes, length - start);
      const data = await this.readChunk(start, Math.ceil(wanted / 8) * 8);
      jpeg.set(data.subarray(0, wanted), start);
    }
    const startsWell = jpeg[0] === 0xff && jpeg[1] === 0xd8;
    const endsWell = jpeg[length - 2] === 0xff && jpeg[length - 1] === 0xd9;
    if (!startsWell || !endsWell)
      throw new ImageIntegrityError(
        this.id,
        `expected FF D8 … FF D9, got ${toHex(jpeg.subarray(0, 2))} … ${toHex(jpeg.subarray(length - 2))}`,
      );
    return jpeg;
  }

  private async readChunk(start: number, length: number): Promise<Uint8Array> {
    const operation = `read frame buffer at ${start}`;
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.request({
          operation,
          bytes: encodeReadFbuf({ start, length }),
          timeoutMs: this.chunkTimeoutMs(length),
          beforeAttempt: () => this.framer.expectImageData(length),
          accept: (event) => {
            if (event.type === 'framing-error')
              throw new ImageIntegrityError(this.id, `chunk at ${start}: ${event.error.message}`, {
                cause: event.error,
              });
            return this.replyTo(event, Vc0706Cmd.readFbuf, operation)?.data;
          },
        });
      } catch (error) {
        if (!(error instanceof ImageIntegrityError) || attempt >= CHUNK_ATTEMPTS) throw error;
        this.log.debug({ start, attempt }, 'damaged chunk; reading it again');
      }
    }
  }

  /** Command timeout plus twice the line time of header, chunk and trailer. */
  private chunkTimeoutMs(length: number): number {
    const wireBytes = length + 2 * READ_FBUF_MARKER_LENGTH;
    const lineMs = (wireBytes * BITS_PER_BYTE * 1000) / (this.baud ?? SLOWEST_BAUD);
    return this.requestTimeoutMs + Math.ceil(2 * lineMs);
  }

  /** The reply to `cmd`, `undefined` for anything else; a non-zero status fails the request (§2). */
  private replyTo(event: CameraEvent, cmd: number, operation: string): Vc0706Reply | undefined {
    if (event.type !== 'reply' || event.cmd !== cmd) return undefined;
    if (event.status !== 0)
      throw new DeviceStatusError(
        this.id,
        operation,
        event.status,
        'refused by the camera (§2: any non-zero status)',
      );
    return event;
  }

  private async request<R>(spec: Omit<RequestSpec<CameraEvent, R>, 'timeoutMs'> & { timeoutMs?: number }) {
    try {
      const result = await this.channel.request({ timeoutMs: this.requestTimeoutMs, ...spec });
      this.health.record('ok');
      return result;
    } catch (error) {
      // A damaged picture came from a camera that answers: it says nothing against its health.
      if (!(error instanceof ImageIntegrityError)) this.health.record(error);
      throw error;
    }
  }

  private unsolicited(event: CameraEvent): void {
    if (event.type === 'banner') {
      // The camera rebooted on its own (power dip): its image size is back to the default.
      this.log.warn('camera printed its boot banner unasked; it will be set up again');
      this.size = undefined;
      this.mayBeFrozen = false;
    }
  }

  private exclusive<R>(job: () => Promise<R>): Promise<R> {
    const run = this.queue.then(job, job);
    this.queue = run.catch(() => {});
    return run;
  }
}
