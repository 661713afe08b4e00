import { NUS_RX_UUID, NUS_SERVICE_UUID, NUS_TX_UUID } from '@vaultline/shared/codecs/ble-nus/nus-service';
import type { BluezObjects } from './dbus-objects.ts';
import { GattCharacteristic1, GattService1 } from './gatt-objects.ts';

/**
 * Attribute handles of the service as an nRF peripheral lays it out after GAP and GATT: service
 * declaration, RX declaration + value, TX declaration + value + CCCD.
 */
const SERVICE_HANDLE = 0x000c;
const RX_HANDLE = 0x000d;
const TX_HANDLE = 0x000f;

/** bluetoothd names GATT objects after their handles: `service000c`, `char000d`. */
function objectName(kind: 'service' | 'char', handle: number): string {
  return `${kind}${handle.toString(16).padStart(4, '0')}`;
}

/**
 * The Nordic UART Service of one peripheral (ble-nus-and-bluez.md Part A): RX `…0002` takes the
 * central's writes, TX `…0003` notifies the device's bytes.
 */
export class NusGatt {
  readonly rx: GattCharacteristic1;
  readonly tx: GattCharacteristic1;
  private readonly service: GattService1;
  private readonly servicePath: string;

  constructor(
    private readonly objects: BluezObjects,
    devicePath: string,
    options: { mtu: number; isConnected: () => boolean; onWrite: (bytes: Uint8Array) => void },
  ) {
    this.servicePath = `${devicePath}/${objectName('service', SERVICE_HANDLE)}`;
    this.service = new GattService1(NUS_SERVICE_UUID, devicePath, SERVICE_HANDLE);
    const common = { servicePath: this.servicePath, mtu: options.mtu, isConnected: options.isConnected };
    this.rx = new GattCharacteristic1({
      ...common,
      uuid: NUS_RX_UUID,
      handle: RX_HANDLE,
      flags: ['write-without-response', 'write'],
      onWrite: options.onWrite,
    });
    this.tx = new GattCharacteristic1({ ...common, uuid: NUS_TX_UUID, handle: TX_HANDLE, flags: ['notify'] });
  }

  /** Service discovery finished: the objects appear under the device, as bluetoothd exports them. */
  export(): void {
    this.objects.add(this.servicePath, this.service);
    this.objects.add(`${this.servicePath}/${objectName('char', RX_HANDLE)}`, this.rx);
    this.objects.add(`${this.servicePath}/${objectName('char', TX_HANDLE)}`, this.tx);
  }

  /** Link down: bluetoothd drops the GATT objects of a device that is not bonded. */
  unexport(): void {
    this.tx.reset();
    this.objects.remove(this.servicePath);
  }
}
