import type { EventEmitter } from 'node:events';
import { type Clock, type Logger, TransportError } from '@vaultline/shared';
import {
  type Adapter,
  type Bluetooth,
  createBluetooth,
  type Device,
  type GattCharacteristic,
  type GattServer,
  type GattService,
} from 'node-ble';
import { describeFailure, StepGuard } from './ble-step-guard.ts';

export interface BleNusSessionOptions {
  /** Upper-case `AA:BB:CC:DD:EE:FF`. */
  address: string;
  adapter: string;
  dbusAddress: string | undefined;
  serviceUuid: string;
  discoverTimeoutMs: number;
  operationTimeoutMs: number;
  description: string;
  clock: Clock;
  logger: Logger;
}

export interface BleNusSessionEvents {
  data(chunk: Uint8Array): void;
  /** The link or the bus connection went down after the session was established. */
  lost(cause: TransportError): void;
}

/** How often node-ble's `waitDevice` re-reads the adapter's children during discovery. */
const DISCOVERY_POLL_MS = 200;
/** Flags that let a central write, best first: Write Command needs no round trip per piece. */
const WRITE_FLAGS = ['write-without-response', 'write'] as const;
const NOTIFY_FLAGS = ['notify', 'indicate'];

/** node-ble keeps its dbus-next `MessageBus` as `Bluetooth.dbus`; its connection as `_connection`. */
type BusInternals = EventEmitter & { _connection?: EventEmitter };

/**
 * One connection to a Nordic UART peripheral through node-ble → BlueZ (ble-nus-and-bluez.md B2):
 * adapter → (discovery) → device → connect → GATT → service by UUID → characteristics by flags →
 * notifications. `close()` undoes it; a lost link or bus is reported once through `events.lost`.
 */
export class BleNusSession {
  private closed = false;
  /** Calls on a dead bus connection never settle, so teardown skips them. */
  private busDown = false;
  private established = false;
  private readonly logger: Logger;
  private device: Device | undefined;
  private notifier: GattCharacteristic | undefined;
  private writer: GattCharacteristic | undefined;
  private writeWithoutResponse = true;

  private constructor(
    private readonly options: BleNusSessionOptions,
    private readonly attempt: StepGuard,
    private readonly events: BleNusSessionEvents,
    private readonly destroyBus: () => void,
  ) {
    this.logger = options.logger;
  }

  static async open(
    options: BleNusSessionOptions,
    attempt: StepGuard,
    events: BleNusSessionEvents,
  ): Promise<BleNusSession> {
    const { bluetooth, destroy } = connectBus(options.dbusAddress);
    const session = new BleNusSession(options, attempt, events, destroy);
    const bus = (bluetooth as unknown as { dbus: BusInternals }).dbus;
    bus.on('error', (error: Error) => session.busFailed(error));
    bus._connection?.on('end', () => session.busFailed(new Error('connection closed by the bus')));
    try {
      await session.connect(bluetooth);
    } catch (error) {
      await session.close();
      throw attempt.failedWith ?? error;
    }
    session.established = true;
    return session;
  }

  /** Writes one piece of at most MTU − 3 bytes and waits for BlueZ to accept it. */
  async write(piece: Uint8Array): Promise<void> {
    const writer = this.writer;
    if (!writer || this.closed) throw this.error('TRANSPORT_CLOSED', 'write on a closed BLE link');
    const value = Buffer.from(piece.buffer, piece.byteOffset, piece.byteLength);
    await (this.writeWithoutResponse
      ? writer.writeValueWithoutResponse(value)
      : writer.writeValueWithResponse(value));
  }

  /**
   * Stops notifications, disconnects and releases the bus connection. Safe to call more than once.
   * After a lost link there is nothing left to undo on the device, only the bus connection to release.
   */
  async close(linkLost = false): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    const { notifier, device } = this;
    notifier?.removeAllListeners('valuechanged');
    device?.removeAllListeners('disconnect');
    if (!linkLost && !this.busDown) {
      // A fresh bound: the open attempt may already have failed, which would cut these short.
      const teardown = new StepGuard(this.options.clock);
      const settle = (work: Promise<unknown>) =>
        teardown.step(work, this.options.operationTimeoutMs, () => new Error('timed out')).catch(() => {});
      if (notifier) await settle(notifier.stopNotifications());
      if (device) await settle(device.disconnect());
    }
    this.destroyBus();
  }

  private async connect(bluetooth: Bluetooth): Promise<void> {
    const adapter = await this.findAdapter(bluetooth);
    const device = await this.findDevice(adapter);
    this.device = device;
    device.on('disconnect', () =>
      this.linkDown(
        this.error('BLE_LINK_LOST', 'the device disconnected (out of range, powered off or reset)'),
      ),
    );
    await this.step(device.connect(), 'connect', (cause) =>
      this.error(
        'BLE_CONNECT',
        `could not connect (${cause}); check that the device is powered, in range and not held by another central`,
      ),
    );
    const gatt = await this.step(device.gatt(), 'GATT service discovery');
    const service = await this.findService(gatt);
    await this.pickCharacteristics(service);
    const notifier = this.notifier!;
    notifier.on('valuechanged', (value: Buffer) => {
      if (this.closed) return;
      this.events.data(new Uint8Array(value.buffer, value.byteOffset, value.byteLength));
    });
    await this.step(notifier.startNotifications(), 'starting notifications');
    this.logger.debug({ writeWithoutResponse: this.writeWithoutResponse }, 'GATT ready, notifications on');
  }

  private async findAdapter(bluetooth: Bluetooth): Promise<Adapter> {
    const { adapter: name } = this.options;
    const names = await this.step(bluetooth.adapters(), 'listing adapters', (cause) =>
      this.error(
        'BLE_BLUEZ',
        `BlueZ did not answer (${cause}); check that bluetoothd runs on ${this.busName}`,
      ),
    );
    if (!names.includes(name)) {
      throw this.error(
        'BLE_ADAPTER',
        `adapter ${name} not found (present: ${names.join(', ') || 'none'}); check the adapter option and \`bluetoothctl list\``,
      );
    }
    const adapter = await this.step(bluetooth.getAdapter(name), 'opening the adapter');
    if (!(await this.step(adapter.isPowered(), 'reading adapter state'))) {
      throw this.error('BLE_ADAPTER_OFF', `adapter ${name} is powered off; run \`bluetoothctl power on\``);
    }
    return adapter;
  }

  /** A device BlueZ already knows is used at once; otherwise a discovery runs until it shows up. */
  private async findDevice(adapter: Adapter): Promise<Device> {
    const { address, discoverTimeoutMs } = this.options;
    const known = await this.step(adapter.devices(), 'listing devices');
    if (known.includes(address)) return this.step(adapter.getDevice(address), 'opening the device');
    this.logger.debug({ discoverTimeoutMs }, 'device unknown to BlueZ: discovering');
    const startedHere = !(await this.step(adapter.isDiscovering(), 'reading discovery state'));
    if (startedHere) await this.step(adapter.startDiscovery(), 'starting discovery');
    try {
      return await this.attempt.step(
        adapter.waitDevice(address, discoverTimeoutMs, DISCOVERY_POLL_MS),
        discoverTimeoutMs + DISCOVERY_POLL_MS,
        () => this.notFound(),
      );
    } catch (error) {
      throw error instanceof TransportError ? error : this.notFound();
    } finally {
      // Scanning slows connection set-up on a real controller, and BlueZ keeps the found device.
      if (startedHere) await this.step(adapter.stopDiscovery(), 'stopping discovery').catch(() => {});
    }
  }

  private async findService(gatt: GattServer): Promise<GattService> {
    const wanted = this.options.serviceUuid.toLowerCase();
    // node-ble keys services by the UUID string exactly as BlueZ reports it (ble-nus-and-bluez.md B2).
    const uuids = await gatt.services();
    const uuid = uuids.find((u) => u.toLowerCase() === wanted);
    if (!uuid) {
      throw this.error(
        'BLE_SERVICE',
        `no GATT service ${wanted} (found: ${uuids.join(', ') || 'none'}); check the serviceUuid option (Nordic UART or the vendor service)`,
      );
    }
    return gatt.getPrimaryService(uuid);
  }

  /** Chooses RX/TX by their flags, never by name: vendors name them from either side (Part A). */
  private async pickCharacteristics(service: GattService): Promise<void> {
    const found: { characteristic: GattCharacteristic; flags: string[] }[] = [];
    for (const uuid of await service.characteristics()) {
      const characteristic = await service.getCharacteristic(uuid);
      found.push({ characteristic, flags: await this.step(characteristic.getFlags(), 'reading flags') });
    }
    for (const flag of WRITE_FLAGS) {
      const match = found.find((c) => c.flags.includes(flag));
      if (!match) continue;
      this.writer = match.characteristic;
      this.writeWithoutResponse = flag === 'write-without-response';
      break;
    }
    this.notifier = found.find((c) => c.flags.some((f) => NOTIFY_FLAGS.includes(f)))?.characteristic;
    if (!this.writer || !this.notifier) {
      throw this.error(
        'BLE_CHARACTERISTIC',
        `service ${this.options.serviceUuid} lacks a ${this.writer ? 'notify' : 'writable'} characteristic; check the serviceUuid option`,
      );
    }
  }

  private linkDown(cause: TransportError): void {
    if (this.closed) return;
    if (!this.established) {
      this.attempt.fail(cause);
      return;
    }
    void this.close(true);
    this.events.lost(cause);
  }

  private step<T>(work: Promise<T>, what: string, onError?: (cause: string) => TransportError): Promise<T> {
    const { operationTimeoutMs } = this.options;
    return this.attempt
      .step(work, operationTimeoutMs, () =>
        this.error(
          'BLE_TIMEOUT',
          `${what} took longer than ${operationTimeoutMs} ms; check that bluetoothd answers on ${this.busName}`,
        ),
      )
      .catch((error: unknown) => {
        if (error instanceof TransportError) throw error;
        const cause = describeFailure(error);
        throw onError ? onError(cause) : this.error('BLE_FAILED', `${what} failed (${cause})`);
      });
  }

  private notFound(): TransportError {
    const { adapter, discoverTimeoutMs } = this.options;
    return this.error(
      'BLE_NOT_FOUND',
      `device not found by adapter ${adapter} within ${discoverTimeoutMs} ms of discovery; check the device address, that it is powered and in range (\`bluetoothctl scan on\`)`,
    );
  }

  private busFailed(error: Error): void {
    this.busDown = true;
    this.linkDown(
      this.error(
        'BLE_BUS',
        `D-Bus connection failed (${error.message}); check the bus address ${this.busName}`,
      ),
    );
  }

  private get busName(): string {
    return (
      this.options.dbusAddress ??
      'the system bus (DBUS_SYSTEM_BUS_ADDRESS or /var/run/dbus/system_bus_socket)'
    );
  }

  private error(code: string, detail: string): TransportError {
    return new TransportError(code, `${this.options.description}: ${detail}`);
  }
}

/**
 * node-ble always uses dbus-next's `systemBus()`, which reads DBUS_SYSTEM_BUS_ADDRESS when called
 * (ble-nus-and-bluez.md B3). The variable is set only for that call, so other transports in this
 * process keep their own bus.
 */
function connectBus(dbusAddress: string | undefined): ReturnType<typeof createBluetooth> {
  if (dbusAddress === undefined) return createBluetooth();
  const previous = process.env.DBUS_SYSTEM_BUS_ADDRESS;
  process.env.DBUS_SYSTEM_BUS_ADDRESS = dbusAddress;
  try {
    return createBluetooth();
  } finally {
    if (previous === undefined) delete process.env.DBUS_SYSTEM_BUS_ADDRESS;
    else process.env.DBUS_SYSTEM_BUS_ADDRESS = previous;
  }
}
