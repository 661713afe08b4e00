import {
  encodeAck,
  encodeDataPackets,
  encodeErrorAck,
  encodeIndexTableData,
  encodeSearchData,
  encodeSysParamsData,
  encodeUint16Data,
  R30X_SLOTS_PER_INDEX_PAGE,
  type R30xCommand,
  R30xDataCollector,
  type R30xOp,
  type R30xPacket,
  type R30xPacketSize,
  R30xStatus,
} from '@vaultline/shared/codecs/fingerprint-r30x/r30x-codec';
import { identifyTemplate, matchScoreFor, templateForFinger } from './finger-templates.ts';

export type FingerQuality = 'good' | 'poor';

/** What the module answers to one packet, and how long the real module would work on it. */
export interface FirmwareReply {
  frames: Uint8Array[];
  /** Datasheet-like processing time, applied only with realistic timing. */
  busyMs: number;
}

export interface FirmwareSettings {
  capacity: number;
  address: number;
  password: number;
  packetSize: R30xPacketSize;
}

/** §3 ReadIndexTable addresses four index pages of 256 slots. */
const MAX_INDEX_PAGE = 3;
/** §4 values a factory R307 reports that the simulator does not model: security level 3, baud 9600 × 6. */
const SECURITY_LEVEL = 3;
const BAUD_MULTIPLIER = 6;
/**
 * Processing times (brief: datasheet-like): one image capture takes 150–300 ms with a finger (fixed per
 * finger here, so runs are reproducible) and one exposure without; feature extraction about 100 ms; a 1:N
 * search 150 ms plus up to 150 ms more for a full library. Flash and transfer commands are fast next to
 * the 57600 bps line and are not delayed.
 */
const CAPTURE_MS = { min: 150, spread: 151 };
const EXTRACT_MS = 100;
const SEARCH_MS = { base: 150, fullLibrary: 150 };

/**
 * The command set of an R307-like module as a state machine over typed commands: template library,
 * character buffers, image buffer, password state. No I/O and no time: FingerprintModule feeds it packets
 * and paces the replies.
 */
export class FingerprintFirmware {
  readonly templates = new Map<number, Uint8Array>();
  finger: { id: string; quality: FingerQuality } | null = null;
  passwordVerified: boolean;
  /** GenImg commands answered "no finger" so far: how a test knows the host has seen the sensor empty. */
  emptyScans = 0;
  private readonly charBuffers = new Map<number, Uint8Array>();
  private image: { id: string; quality: FingerQuality } | null = null;
  private download: { buffer: number; collector: R30xDataCollector } | null = null;

  constructor(readonly settings: FirmwareSettings) {
    this.passwordVerified = settings.password === 0;
  }

  /** A bulk-transfer packet from the host (after DownChar); never answered (§6). */
  receiveData(packet: R30xPacket): void {
    if (!this.download) return;
    const data = this.download.collector.push(packet);
    if (data === undefined) return;
    this.charBuffers.set(this.download.buffer, data);
    this.download = null;
  }

  /** A command packet whose payload could not be read, or whose checksum was wrong (§5 code 0x01). */
  receiveError(): FirmwareReply {
    this.download = null;
    return this.reply(encodeAck(this.settings.address, R30xStatus.packetReceiveError));
  }

  execute(command: R30xCommand): FirmwareReply {
    this.download = null;
    if (!this.passwordVerified && command.op !== 'verifyPassword') {
      return this.fail(command.op, R30xStatus.passwordNotVerified);
    }
    switch (command.op) {
      case 'verifyPassword':
        if (command.password !== this.settings.password)
          return this.fail(command.op, R30xStatus.wrongPassword);
        this.passwordVerified = true;
        return this.ok();
      case 'genImg':
        return this.captureImage();
      case 'img2Tz':
        return this.extractFeatures(command.buffer);
      case 'match':
        return this.matchBuffers();
      case 'regModel':
        return this.combineBuffers();
      case 'store':
        return this.store(command.buffer, command.pageId);
      case 'search':
      case 'fastSearch':
        return this.search(command.op, command.buffer, command.startPage, command.pageCount);
      case 'loadChar':
        return this.loadChar(command.buffer, command.pageId);
      case 'upChar':
        return this.upChar(command.buffer);
      case 'downChar':
        // The buffer stays empty until the end packet arrives, so a Store after a broken transfer fails
        // instead of writing what the buffer held before.
        this.charBuffers.delete(command.buffer);
        this.download = { buffer: command.buffer, collector: new R30xDataCollector() };
        return this.ok();
      case 'deletChar':
        return this.deleteRange(command.startPage, command.count);
      case 'empty':
        this.templates.clear();
        return this.ok();
      case 'templateNum':
        return this.ok(encodeUint16Data(this.templates.size));
      case 'readSysPara':
        return this.ok(this.sysParams());
      case 'readIndexTable':
        if (command.indexPage > MAX_INDEX_PAGE) return this.fail(command.op, R30xStatus.pageOutOfRange);
        return this.ok(encodeIndexTableData(command.indexPage, this.templates.keys()));
    }
  }

  private captureImage(): FirmwareReply {
    this.image = this.finger ? { ...this.finger } : null;
    if (!this.image) {
      this.emptyScans += 1;
      return this.reply(encodeAck(this.settings.address, R30xStatus.noFinger), CAPTURE_MS.min);
    }
    return this.reply(encodeAck(this.settings.address, R30xStatus.ok), captureMs(this.image.id));
  }

  private extractFeatures(buffer: number): FirmwareReply {
    if (!this.image) return this.fail('img2Tz', R30xStatus.noValidImage);
    if (this.image.quality === 'poor') return this.fail('img2Tz', R30xStatus.imageTooDisordered, EXTRACT_MS);
    this.charBuffers.set(buffer, templateForFinger(this.image.id));
    return this.ok(undefined, EXTRACT_MS);
  }

  private matchBuffers(): FirmwareReply {
    const first = identifyTemplate(this.charBuffers.get(1) ?? new Uint8Array(0));
    const second = identifyTemplate(this.charBuffers.get(2) ?? new Uint8Array(0));
    if (!first || first.key !== second?.key) return this.fail('match', R30xStatus.noMatch);
    return this.ok(encodeUint16Data(matchScoreFor(first)));
  }

  /** RegModel: both buffers must hold the same finger; the combined template lands in both. */
  private combineBuffers(): FirmwareReply {
    const first = this.charBuffers.get(1);
    const second = this.charBuffers.get(2);
    const identity = first && identifyTemplate(first);
    if (!first || !second || !identity || identity.key !== identifyTemplate(second)?.key) {
      return this.fail('regModel', R30xStatus.combineFailed);
    }
    this.charBuffers.set(2, Uint8Array.from(first));
    return this.ok();
  }

  private store(buffer: number, pageId: number): FirmwareReply {
    if (pageId >= this.settings.capacity) return this.fail('store', R30xStatus.pageOutOfRange);
    const template = this.charBuffers.get(buffer);
    // §3 lists no code for an empty buffer; 0x01 is the module's generic failure.
    if (!template) return this.fail('store', R30xStatus.packetReceiveError);
    this.templates.set(pageId, Uint8Array.from(template));
    return this.ok();
  }

  private search(op: R30xOp, buffer: number, startPage: number, pageCount: number): FirmwareReply {
    const { capacity } = this.settings;
    if (startPage >= capacity) return this.fail(op, R30xStatus.pageOutOfRange);
    const end = Math.min(capacity, startPage + pageCount);
    const busyMs = SEARCH_MS.base + Math.round((SEARCH_MS.fullLibrary * (end - startPage)) / capacity);
    const probe = identifyTemplate(this.charBuffers.get(buffer) ?? new Uint8Array(0));
    if (probe) {
      for (let pageId = startPage; pageId < end; pageId++) {
        const stored = this.templates.get(pageId);
        if (stored && identifyTemplate(stored)?.key === probe.key) {
          return this.ok(encodeSearchData({ pageId, score: matchScoreFor(probe) }), busyMs);
        }
      }
    }
    return this.fail(op, R30xStatus.notFound, busyMs);
  }

  private loadChar(buffer: number, pageId: number): FirmwareReply {
    if (pageId >= this.settings.capacity) return this.fail('loadChar', R30xStatus.pageOutOfRange);
    const template = this.templates.get(pageId);
    if (!template) return this.fail('loadChar', R30xStatus.templateReadError);
    this.charBuffers.set(buffer, Uint8Array.from(template));
    return this.ok();
  }

  /** UpChar: ack, then the buffer as data packets (§6), each one frame. */
  private upChar(buffer: number): FirmwareReply {
    const data = this.charBuffers.get(buffer);
    if (!data) return this.fail('upChar', R30xStatus.uploadTemplateError);
    const { address, packetSize } = this.settings;
    return {
      frames: [encodeAck(address, R30xStatus.ok), ...encodeDataPackets(data, packetSize, address)],
      busyMs: 0,
    };
  }

  private deleteRange(startPage: number, count: number): FirmwareReply {
    if (count === 0 || startPage + count > this.settings.capacity) {
      return this.fail('deletChar', R30xStatus.deleteFailed);
    }
    for (let pageId = startPage; pageId < startPage + count; pageId++) this.templates.delete(pageId);
    return this.ok();
  }

  private sysParams(): Uint8Array {
    const { capacity, address, packetSize } = this.settings;
    return encodeSysParamsData({
      statusRegister: 0,
      systemId: 0,
      capacity,
      securityLevel: SECURITY_LEVEL,
      address,
      packetSize,
      baudMultiplier: BAUD_MULTIPLIER,
    });
  }

  private ok(data?: Uint8Array, busyMs = 0): FirmwareReply {
    return this.reply(encodeAck(this.settings.address, R30xStatus.ok, data), busyMs);
  }

  /** Error replies keep the command's reply length with zeroed return values (§3, §9). */
  private fail(op: R30xOp, status: number, busyMs = 0): FirmwareReply {
    return this.reply(encodeErrorAck(this.settings.address, op, status), busyMs);
  }

  private reply(frame: Uint8Array, busyMs = 0): FirmwareReply {
    return { frames: [frame], busyMs };
  }
}

/** Library capacity the index table can describe: four index pages of 256 slots (§3). */
export const MAX_CAPACITY = (MAX_INDEX_PAGE + 1) * R30X_SLOTS_PER_INDEX_PAGE;

function captureMs(fingerId: string): number {
  let hash = 0;
  for (const char of fingerId) hash = (hash * 31 + (char.codePointAt(0) ?? 0)) >>> 0;
  return CAPTURE_MS.min + (hash % CAPTURE_MS.spread);
}
