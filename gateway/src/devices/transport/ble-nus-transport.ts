import { type Clock, type Logger, silentLogger, systemClock, TransportError, toHex } from '@vaultline/shared';
import { splitForMtu } from '@vaultline/shared/codecs/ble-nus/mtu-chunks';
import { DEFAULT_NUS_CHUNK_BYTES, NUS_SERVICE_UUID } from '@vaultline/shared/codecs/ble-nus/nus-service';
import { BleNusSession } from './ble-nus-session.ts';
import { describeFailure, StepGuard } from './ble-step-guard.ts';
import { type ByteTransport, TransportListeners } from './byte-transport.ts';

export interface BleNusTransportOptions {
  /** Peripheral address, `AA:BB:CC:DD:EE:FF` (either case). */
  address: string;
  /** BlueZ adapter name. Default `hci0`. */
  adapter?: string;
  /** D-Bus address of BlueZ, e.g. a simulator's `unix:path=…`. Default: the system bus. */
  dbusAddress?: string;
  /** GATT service carrying the byte stream. Default: Nordic UART `6e400001-…`; some sleds use `0000fff0-…`. */
  serviceUuid?: string;
  /** Largest piece per GATT write: MTU − 3. Default 20, for the default ATT MTU of 23. */
  writeChunkBytes?: number;
  /** How long a discovery may look for a device BlueZ does not know yet, ms. Default 10 000. */
  discoverTimeoutMs?: number;
  /** Bound on each other D-Bus step (connect, service discovery, one write), ms. Default 10 000. */
  operationTimeoutMs?: number;
  clock?: Clock;
  logger?: Logger;
}

const BLE_ADDRESS = /^([0-9A-F]{2}:){5}[0-9A-F]{2}$/;
const DEFAULT_TIMEOUT_MS = 10_000;

/**
 * A byte duplex over the Nordic UART Service through node-ble and BlueZ (ble-nus-and-bluez.md).
 * Writes leave in pieces of at most `writeChunkBytes`, each awaited before the next; notifications
 * arrive as data chunks exactly as BlueZ delivers them, for the device's framer to reassemble.
 */
export class BleNusTransport implements ByteTransport {
  readonly description: string;
  private readonly address: string;
  private readonly writeChunkBytes: number;
  private readonly clock: Clock;
  private readonly logger: Logger;
  private readonly listeners = new TransportListeners();
  private session: BleNusSession | undefined;
  private opening: { guard: StepGuard; done: Promise<void> } | undefined;
  private writing: Promise<void> = Promise.resolve();

  constructor(private readonly options: BleNusTransportOptions) {
    this.address = options.address.toUpperCase();
    this.description = `ble:${this.address}`;
    if (!BLE_ADDRESS.test(this.address)) {
      throw new TransportError(
        'BLE_ADDRESS',
        `${this.description}: not a Bluetooth address like AA:BB:CC:DD:EE:FF`,
      );
    }
    this.writeChunkBytes = options.writeChunkBytes ?? DEFAULT_NUS_CHUNK_BYTES;
    if (!Number.isInteger(this.writeChunkBytes) || this.writeChunkBytes < 1) {
      throw new TransportError(
        'BLE_CHUNK',
        `${this.description}: writeChunkBytes must be a positive integer`,
      );
    }
    this.clock = options.clock ?? systemClock;
    this.logger = (options.logger ?? silentLogger).child({ component: 'gateway.ble', device: this.address });
  }

  get isOpen(): boolean {
    return this.session !== undefined;
  }

  /** Connects; concurrent calls share one attempt. Rejects with a TransportError saying what to check. */
  async open(): Promise<void> {
    if (this.session) return;
    if (!this.opening) {
      const guard = new StepGuard(this.clock);
      const done = this.connect(guard).finally(() => {
        this.opening = undefined;
      });
      this.opening = { guard, done };
    }
    await this.opening.done;
  }

  async write(bytes: Uint8Array): Promise<void> {
    const session = this.session;
    if (!session)
      throw new TransportError('TRANSPORT_CLOSED', `${this.description}: write on a closed transport`);
    const pieces = splitForMtu(Uint8Array.from(bytes), this.writeChunkBytes);
    const written = this.writing.then(() => this.writePieces(session, pieces));
    this.writing = written.catch(() => {});
    await written;
  }

  /** Idempotent; also abandons an open in progress. `open()` works again afterwards. */
  async close(): Promise<void> {
    if (this.opening) {
      this.opening.guard.fail(
        new TransportError('TRANSPORT_CLOSED', `${this.description}: closed while opening`),
      );
      await this.opening.done.catch(() => {});
    }
    const session = this.session;
    this.session = undefined;
    if (!session) return;
    await session.close();
    this.logger.info('BLE link closed');
  }

  onData(listener: (chunk: Uint8Array) => void): () => void {
    return this.listeners.onData(listener);
  }

  onClose(listener: (cause: Error) => void): () => void {
    return this.listeners.onClose(listener);
  }

  private async connect(guard: StepGuard): Promise<void> {
    const { options } = this;
    const session = await BleNusSession.open(
      {
        address: this.address,
        adapter: options.adapter ?? 'hci0',
        dbusAddress: options.dbusAddress,
        serviceUuid: options.serviceUuid ?? NUS_SERVICE_UUID,
        discoverTimeoutMs: options.discoverTimeoutMs ?? DEFAULT_TIMEOUT_MS,
        operationTimeoutMs: options.operationTimeoutMs ?? DEFAULT_TIMEOUT_MS,
        description: this.description,
        clock: this.clock,
        logger: this.logger,
      },
      guard,
      {
        data: (chunk) => {
          this.logger.trace(`<-- ${toHex(chunk)}`);
          this.listeners.emitData(chunk);
        },
        lost: (cause) => {
          if (this.session !== session) return;
          this.session = undefined;
          this.logger.warn({ err: cause }, 'BLE link lost');
          this.listeners.emitClose(cause);
        },
      },
    );
    this.session = session;
    this.logger.info({ adapter: options.adapter ?? 'hci0' }, 'BLE link open');
  }

  private async writePieces(session: BleNusSession, pieces: Uint8Array[]): Promise<void> {
    const timeoutMs = this.options.operationTimeoutMs ?? DEFAULT_TIMEOUT_MS;
    for (const piece of pieces) {
      if (this.session !== session) {
        throw new TransportError('TRANSPORT_CLOSED', `${this.description}: link closed during a write`);
      }
      this.logger.trace(`--> ${toHex(piece)}`);
      try {
        await new StepGuard(this.clock).step(
          session.write(piece),
          timeoutMs,
          () => new Error(`no answer within ${timeoutMs} ms`),
        );
      } catch (error) {
        if (error instanceof TransportError) throw error;
        throw new TransportError(
          'BLE_WRITE',
          `${this.description}: GATT write failed (${describeFailure(error)}); the link is reopened if it was lost`,
          { cause: error },
        );
      }
    }
  }
}
