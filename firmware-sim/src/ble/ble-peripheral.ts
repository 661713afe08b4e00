import { setImmediate as nextTurn } from 'node:timers/promises';
import { type Logger, toHex } from '@vaultline/shared';
import { splitForMtu } from '@vaultline/shared/codecs/ble-nus/mtu-chunks';
import { Device1 } from './bluez-device.ts';
import { type BluezObjects, bluezError, changeProperties } from './dbus-objects.ts';
import { ATT_HEADER_BYTES } from './gatt-objects.ts';
import { NusGatt } from './nus-gatt.ts';

/** One simulated BLE peripheral with the Nordic UART Service, as its host (a line, a test) sees it. */
export interface SimulatedBleDevice {
  readonly address: string;
  /** Sends the device's bytes as notifications of ≤ MTU − 3 bytes, in order; dropped while not connected or not notifying. */
  notify(bytes: Uint8Array): Promise<void>;
  /** Link loss: Connected=false and ServicesResolved=false are signalled, later writes are refused. */
  disconnect(): void;
  /** While false the device is out of range: `Connect()` fails with org.bluez.Error.Failed, discovery misses it. */
  setAvailable(available: boolean): void;
  readonly connected: boolean;
}

export interface BlePeripheralOptions {
  address: string;
  name: string;
  mtu: number;
  rssi: number;
  onWrite: (bytes: Uint8Array) => void;
}

/**
 * The BlueZ objects of one peripheral and its link state. The device object appears once a discovery
 * finds the device in range and stays, as bluetoothd caches found devices; its GATT objects exist only
 * while connected.
 */
export class BlePeripheral implements SimulatedBleDevice {
  readonly address: string;
  readonly path: string;
  private readonly device: Device1;
  private readonly gatt: NusGatt;
  private readonly chunkBytes: number;
  private available = true;
  private sending: Promise<void> = Promise.resolve();

  constructor(
    private readonly objects: BluezObjects,
    private readonly adapter: { path: string; powered: () => boolean; discovering: () => boolean },
    options: BlePeripheralOptions,
    private readonly logger: Logger,
  ) {
    this.address = options.address;
    this.path = `${adapter.path}/dev_${options.address.replaceAll(':', '_')}`;
    this.chunkBytes = options.mtu - ATT_HEADER_BYTES;
    this.device = new Device1(options.address, options.name, options.rssi, adapter.path, {
      connect: () => this.connect(),
      disconnect: () => this.disconnect(),
      available: () => this.available,
    });
    this.gatt = new NusGatt(objects, this.path, {
      mtu: options.mtu,
      isConnected: () => this.connected,
      onWrite: (bytes) => {
        this.logger.trace(`--> ${toHex(bytes)}`);
        options.onWrite(bytes);
      },
    });
  }

  get connected(): boolean {
    return this.device.Connected;
  }

  /** A discovery is running: a device in range shows up under the adapter. */
  discover(): void {
    if (!this.available || this.objects.has(this.path)) return;
    this.objects.add(this.path, this.device);
    this.logger.debug('discovered');
  }

  /** `Adapter1.RemoveDevice`: gone until the next discovery finds it. */
  forget(): void {
    this.disconnect();
    this.objects.remove(this.path);
  }

  notify(bytes: Uint8Array): Promise<void> {
    const copy = Uint8Array.from(bytes);
    const sent = this.sending.then(() => this.sendNotifications(copy));
    this.sending = sent.catch(() => {});
    return sent;
  }

  disconnect(): void {
    if (!this.connected) return;
    changeProperties(this.device, { ServicesResolved: false });
    this.gatt.unexport();
    changeProperties(this.device, { Connected: false });
    this.logger.debug('disconnected');
  }

  setAvailable(available: boolean): void {
    this.available = available;
    if (available && this.adapter.discovering()) this.discover();
    // Out of range, the link supervision timeout ends the connection.
    if (!available) this.disconnect();
  }

  /** `Device1.Connect`: connect, discover services, then report them resolved (ble-nus-and-bluez.md B4). */
  private connect(): void {
    if (!this.adapter.powered()) throw bluezError('NotReady', 'Resource Not Ready');
    if (!this.available) throw bluezError('Failed', 'le-connection-abort-by-local');
    if (this.connected) return;
    changeProperties(this.device, { Connected: true });
    this.gatt.export();
    changeProperties(this.device, { ServicesResolved: true });
    this.logger.debug('connected');
  }

  /** Each notification is its own radio packet: yield between them so the event loop keeps turning. */
  private async sendNotifications(bytes: Uint8Array): Promise<void> {
    let sent = 0;
    for (const piece of splitForMtu(bytes, this.chunkBytes)) {
      if (!this.gatt.tx.notify(piece)) {
        this.logger.trace(
          { dropped: bytes.length - sent },
          'notification dropped: not connected or not notifying',
        );
        return;
      }
      sent += piece.length;
      this.logger.trace(`<-- ${toHex(piece)}`);
      await nextTurn();
    }
  }
}
