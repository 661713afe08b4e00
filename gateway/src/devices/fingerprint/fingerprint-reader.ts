import { type Clock, DeviceStatusError, DeviceTimeoutError, type Logger, sleep } from '@vaultline/shared';
import {
  decodeIndexTable,
  decodeSearchReply,
  decodeSysParams,
  decodeTemplateCount,
  describeR30xStatus,
  R30X_DEFAULT_ADDRESS,
  R30X_DEFAULT_PASSWORD,
  R30X_SLOTS_PER_INDEX_PAGE,
  R30xStatus,
  type R30xSysParams,
} from '@vaultline/shared/codecs/fingerprint-r30x/r30x-codec';
import { DeviceHealth, type DeviceStatus } from '../driver/device-health.ts';
import type { DeviceLink } from '../transport/device-link.ts';
import { POOR_IMAGE } from './capture-status.ts';
import {
  type EnrolOptions,
  type EnrolOutcome,
  type EnrolSteps,
  enrolFinger,
} from './fingerprint-enrolment.ts';
import { R30xSession, type R30xTransaction } from './r30x-session.ts';
import { deleteRanges, type LibraryPage, planTemplateSync, wantedTemplates } from './template-sync-plan.ts';

export type IdentifyOutcome =
  | { kind: 'matched'; pageId: number; score: number }
  /** The finger is not in the module's library (0x09). */
  | { kind: 'no-match' }
  /** Nobody placed a finger within `waitMs`. */
  | { kind: 'no-finger' }
  /** The image was unusable: 0x03 capture failed, 0x06 disordered, 0x07 too few features, 0x15 no image. */
  | { kind: 'poor-image'; status: number }
  /** The module stopped answering (after retries); health has recorded it. */
  | { kind: 'timeout' };

export type IdentifyEvent = IdentifyOutcome & { device: string; at: number };

export interface TemplateSyncResult {
  /** The module's library after the sync: pageId → personId. */
  pages: Map<number, string>;
  stored: number;
  deleted: number;
  kept: number;
}

export interface FingerprintReaderOptions {
  id: string;
  link: DeviceLink;
  clock: Clock;
  /** Already scoped by the caller, e.g. `{ component: 'gateway.fingerprint', device }`. */
  logger: Logger;
  /** Module password (protocol §1), default 0. */
  password?: number;
  /** Module address (protocol §1), default FF FF FF FF. */
  address?: number;
  /** How often GenImg asks for a finger, ms (default 100). */
  pollIntervalMs?: number;
  /** Wait for one ack, ms (default 1000: the slowest command, a 1:N search, takes ≤ 300 ms). */
  requestTimeoutMs?: number;
}

/** How long `identify()` waits for a finger unless told otherwise. */
const DEFAULT_WAIT_MS = 10_000;
const DEFAULT_POLL_MS = 100;
const DEFAULT_REQUEST_TIMEOUT_MS = 1_000;
/** Pause of the scanning loop after an unexpected error, so a failing module is not hammered. */
const SCAN_ERROR_PAUSE_MS = 1_000;
/** Identify always extracts into and searches character buffer 1 (protocol §7). */
const BUFFER = 1;

/**
 * Driver for an R30x fingerprint module (protocols/fingerprint-r30x.md). Matching runs on the module:
 * `syncTemplates` loads the people due at the site, `identify` / scanning report page ids and scores.
 * Emits only normalised outcomes and device status.
 */
export class FingerprintReader {
  readonly id: string;
  readonly health: DeviceHealth;
  private readonly session: R30xSession;
  private readonly clock: Clock;
  private readonly logger: Logger;
  private readonly password: number;
  private readonly pollIntervalMs: number;
  private params: R30xSysParams | undefined;
  private syncQueue: Promise<unknown> = Promise.resolve();
  private scanGeneration = 0;
  private scanning = false;
  /** The running scan loop, so a hold can wait until it has let go of the module. */
  private scanLoop: Promise<void> = Promise.resolve();
  private holds = 0;
  /** Scanning was on when the first hold began (or was asked for during a hold): restart on release. */
  private resumeScanning = false;
  private readonly identifyListeners = new Set<(event: IdentifyEvent) => void>();

  constructor(private readonly options: FingerprintReaderOptions) {
    this.id = options.id;
    this.clock = options.clock;
    this.logger = options.logger;
    this.password = options.password ?? R30X_DEFAULT_PASSWORD;
    this.pollIntervalMs = options.pollIntervalMs ?? DEFAULT_POLL_MS;
    this.session = new R30xSession({
      id: options.id,
      link: options.link,
      clock: options.clock,
      logger: options.logger,
      address: options.address ?? R30X_DEFAULT_ADDRESS,
      password: this.password,
      requestTimeoutMs: options.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS,
      record: (outcome) => this.health.record(outcome),
    });
    this.health = new DeviceHealth({
      device: options.id,
      kind: 'fingerprint',
      link: options.link,
      clock: options.clock,
      logger: options.logger,
      probe: () => this.session.probe(),
    });
    options.link.onState((state) => {
      this.params = undefined;
      if (state === 'up') void this.initialise();
    });
  }

  /** Frames the framer dropped so far (bad checksum, garbage). */
  get badFrameCount(): number {
    return this.session.channel.badFrameCount;
  }

  async start(): Promise<void> {
    await this.options.link.start();
    this.health.start();
  }

  async stop(): Promise<void> {
    this.stopScanning();
    this.health.stop();
    await this.options.link.stop();
  }

  onIdentify(listener: (event: IdentifyEvent) => void): () => void {
    this.identifyListeners.add(listener);
    return () => this.identifyListeners.delete(listener);
  }

  onStatus(listener: (status: DeviceStatus) => void): () => void {
    return this.health.onChange(listener);
  }

  /**
   * One identification: polls GenImg until a finger is on the sensor (or `waitMs` passes), extracts its
   * features into buffer 1 and searches the whole library. Rejects only for unexpected module states
   * (DeviceStatusError) or a link that is down (DeviceOfflineError). Aborting `signal` ends the wait
   * for a finger early (no-finger).
   */
  async identify(options: { waitMs?: number; signal?: AbortSignal } = {}): Promise<IdentifyOutcome> {
    const active = () => !options.signal?.aborted;
    return (await this.attempt(options.waitMs ?? DEFAULT_WAIT_MS, active)) ?? { kind: 'no-finger' };
  }

  /** Identifies continuously: one outcome per finger placement (the finger must lift before the next). */
  startScanning(): void {
    this.startScan(false);
  }

  private startScan(liftFirst: boolean): void {
    if (this.holds > 0) {
      this.resumeScanning = true;
      return;
    }
    if (this.scanning) return;
    this.scanning = true;
    this.scanLoop = this.scan(++this.scanGeneration, liftFirst);
  }

  stopScanning(): void {
    this.resumeScanning = false;
    this.scanning = false;
    this.scanGeneration++;
  }

  /**
   * Stops the scanning loop and waits until it has let go of the module; scanning resumes when the last
   * holder calls the returned release. Meanwhile no outcome reaches `onIdentify` listeners: an enrolment
   * identifies its approving manager with `identify()` and captures with `enrol()`.
   */
  async holdScanning(): Promise<() => void> {
    if (this.holds++ === 0) {
      const wasScanning = this.scanning;
      this.stopScanning();
      this.resumeScanning = wasScanning;
    }
    await this.scanLoop;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      if (--this.holds > 0 || !this.resumeScanning) return;
      this.resumeScanning = false;
      this.startScan(true);
    };
  }

  /**
   * Enrols a finger (protocol §7 without the Store): two placements with a lift in between, RegModel, and
   * the combined template uploaded to the host. Scanning is held and template syncs wait meanwhile, so
   * nothing else touches the character buffers. Rejects only for unexpected module states
   * (DeviceStatusError) or a link that is down (DeviceOfflineError).
   */
  async enrol(options: EnrolOptions = {}): Promise<EnrolOutcome> {
    const release = await this.holdScanning();
    try {
      const work = () => enrolFinger(this.enrolSteps(), options);
      const run = this.syncQueue.then(work, work);
      this.syncQueue = run.catch(() => {});
      return await run;
    } finally {
      release();
    }
  }

  async templateCount(): Promise<number> {
    const ack = await this.session.transaction((tx) => tx.commandOk({ op: 'templateNum' }));
    return decodeTemplateCount(ack);
  }

  /**
   * Makes the module hold exactly these templates. Reads back every occupied page and compares bytes,
   * keeps matches, deletes the rest and stores the missing ones in free pages. Too many templates →
   * TemplateCapacityError before anything changes. A person may appear with several templates.
   */
  syncTemplates(entries: Array<{ personId: string; template: Uint8Array }>): Promise<TemplateSyncResult> {
    const run = this.syncQueue.then(
      () => this.sync(entries),
      () => this.sync(entries),
    );
    this.syncQueue = run.catch(() => {});
    return run;
  }

  private async sync(
    entries: Array<{ personId: string; template: Uint8Array }>,
  ): Promise<TemplateSyncResult> {
    const { capacity, packetSize } = await this.sysParams();
    const wanted = wantedTemplates(this.id, entries, capacity);
    const plan = planTemplateSync(wanted, await this.readLibrary(capacity), capacity);
    for (const range of deleteRanges(plan.delete)) {
      await this.session.transaction((tx) => tx.commandOk({ op: 'deletChar', ...range }));
    }
    for (const { pageId, template } of plan.store) {
      await this.session.transaction(async (tx) => {
        await tx.download(BUFFER, template, packetSize);
        await tx.commandOk({ op: 'store', buffer: BUFFER, pageId });
      });
    }
    const result = {
      pages: plan.pages,
      stored: plan.store.length,
      deleted: plan.delete.length,
      kept: plan.keep.length,
    };
    this.logger.info(
      { stored: result.stored, deleted: result.deleted, kept: result.kept },
      'fingerprint templates synced',
    );
    return result;
  }

  /** Every occupied page with its template; a page the module cannot load (0x0C) reads as null. */
  private async readLibrary(capacity: number): Promise<LibraryPage[]> {
    const occupied: number[] = [];
    for (let indexPage = 0; indexPage * R30X_SLOTS_PER_INDEX_PAGE < capacity; indexPage++) {
      const ack = await this.session.transaction((tx) => tx.commandOk({ op: 'readIndexTable', indexPage }));
      occupied.push(...decodeIndexTable(ack, indexPage).filter((pageId) => pageId < capacity));
    }
    const library: LibraryPage[] = [];
    for (const pageId of occupied) {
      const template = await this.session.transaction(async (tx) => {
        const loaded = await tx.command({ op: 'loadChar', buffer: BUFFER, pageId });
        if (loaded.status === R30xStatus.templateReadError) return null;
        this.ensureOk('loadChar', loaded.status);
        return tx.upload(BUFFER);
      });
      library.push({ pageId, template });
    }
    return library;
  }

  private enrolSteps(): EnrolSteps {
    return {
      clock: this.clock,
      pollIntervalMs: this.pollIntervalMs,
      waitForFinger: (waitMs, active) => this.waitForFinger(waitMs, active),
      status: async (command) => (await this.session.transaction((tx) => tx.command(command))).status,
      upChar: (buffer) => this.session.transaction((tx) => tx.upload(buffer)),
      ensureOk: (operation, status) => this.ensureOk(operation, status),
    };
  }

  /** `undefined` when `active()` turned false while waiting for a finger. */
  private async attempt(waitMs: number, active: () => boolean): Promise<IdentifyOutcome | undefined> {
    try {
      const captured = await this.waitForFinger(waitMs, active);
      if (captured !== 'captured') return captured;
      const { capacity } = await this.sysParams();
      return await this.session.transaction((tx) => this.matchCapture(tx, capacity));
    } catch (error) {
      if (error instanceof DeviceTimeoutError) return { kind: 'timeout' };
      throw error;
    }
  }

  private async waitForFinger(
    waitMs: number,
    active: () => boolean,
  ): Promise<'captured' | IdentifyOutcome | undefined> {
    const deadline = this.clock.now() + waitMs;
    for (;;) {
      const { status } = await this.session.transaction((tx) => tx.command({ op: 'genImg' }));
      if (status === R30xStatus.ok) return 'captured';
      if (POOR_IMAGE.has(status)) return { kind: 'poor-image', status };
      // 0x01: the command reached the module damaged; like 0x02 it just means "ask again".
      if (status !== R30xStatus.noFinger && status !== R30xStatus.packetReceiveError)
        this.ensureOk('genImg', status);
      const left = deadline - this.clock.now();
      if (left <= 0) return { kind: 'no-finger' };
      await sleep(this.clock, Math.min(this.pollIntervalMs, left));
      if (!active()) return undefined;
    }
  }

  private async matchCapture(tx: R30xTransaction, capacity: number): Promise<IdentifyOutcome> {
    const extracted = await tx.command({ op: 'img2Tz', buffer: BUFFER });
    if (POOR_IMAGE.has(extracted.status)) return { kind: 'poor-image', status: extracted.status };
    this.ensureOk('img2Tz', extracted.status);
    const searched = await tx.command({ op: 'search', buffer: BUFFER, startPage: 0, pageCount: capacity });
    if (searched.status === R30xStatus.notFound) return { kind: 'no-match' };
    this.ensureOk('search', searched.status);
    return { kind: 'matched', ...decodeSearchReply(searched) };
  }

  /** `liftFirst`: a finger already on the sensor (an enrolment just ended) is not an attempt. */
  private async scan(generation: number, liftFirst = false): Promise<void> {
    const active = () => this.scanGeneration === generation;
    if (liftFirst) await this.waitForLift(active).catch(() => {});
    while (active()) {
      try {
        const outcome = await this.attempt(Number.POSITIVE_INFINITY, active);
        if (!outcome || !active()) break;
        this.emit(outcome);
        await this.waitForLift(active);
      } catch (error) {
        this.logger.warn({ err: error }, 'fingerprint scanning: attempt failed');
        await this.pause(SCAN_ERROR_PAUSE_MS, active);
        await this.untilOnline(active);
      }
    }
  }

  /** Polls until the sensor is empty (GenImg → 0x02), riding out a module that stops answering. */
  private async waitForLift(active: () => boolean): Promise<void> {
    while (active()) {
      try {
        const { status } = await this.session.transaction((tx) => tx.command({ op: 'genImg' }));
        if (status === R30xStatus.noFinger) return;
      } catch (error) {
        if (!(error instanceof DeviceTimeoutError)) throw error;
        await this.untilOnline(active);
      }
      await this.pause(this.pollIntervalMs, active);
    }
  }

  private async untilOnline(active: () => boolean): Promise<void> {
    while (active() && !this.health.isOnline) await sleep(this.clock, this.pollIntervalMs);
  }

  private async pause(ms: number, active: () => boolean): Promise<void> {
    if (active()) await sleep(this.clock, ms);
  }

  private emit(outcome: IdentifyOutcome): void {
    const event: IdentifyEvent = { ...outcome, device: this.id, at: this.clock.now() };
    for (const listener of this.identifyListeners) listener(event);
  }

  /** Verifies the password and reads capacity and packet size each time the link comes up. */
  private async initialise(): Promise<void> {
    try {
      await this.session.transaction((tx) => tx.commandOk({ op: 'verifyPassword', password: this.password }));
      await this.sysParams();
    } catch (error) {
      const hint =
        error instanceof DeviceStatusError && error.status === R30xStatus.wrongPassword
          ? 'configure the module password of this reader'
          : 'will retry on the next request';
      this.logger.warn({ err: error, hint }, 'fingerprint module initialisation failed');
    }
  }

  private async sysParams(): Promise<R30xSysParams> {
    if (this.params) return this.params;
    const ack = await this.session.transaction((tx) => tx.commandOk({ op: 'readSysPara' }));
    this.params = decodeSysParams(ack);
    this.logger.info(
      { capacity: this.params.capacity, packetSize: this.params.packetSize },
      'fingerprint module parameters',
    );
    return this.params;
  }

  private ensureOk(operation: string, status: number): void {
    if (status !== R30xStatus.ok)
      throw new DeviceStatusError(this.id, operation, status, describeR30xStatus(status));
  }
}
