import { type Logger, silentLogger, VaultlineError } from '@vaultline/shared';
import { DEFAULT_ATT_MTU } from '@vaultline/shared/codecs/ble-nus/nus-service';
import dbus, { type MessageBus } from 'dbus-next';
import { BlePeripheral, type SimulatedBleDevice } from './ble-peripheral.ts';
import { Adapter1, AgentManager1 } from './bluez-adapter.ts';
import { BluezObjects, bluezError } from './dbus-objects.ts';
import { type PrivateBus, startPrivateBus } from './private-bus.ts';

export type { SimulatedBleDevice } from './ble-peripheral.ts';

export class SimulatedBluezError extends VaultlineError {}

export interface AddBleDeviceOptions {
  /** `'AA:BB:CC:DD:EE:01'`; the gateway's transport is configured with the same address. */
  address: string;
  /** Advertised name, e.g. `Nordic_UART_CW` for a Chainway R6 Pro sled. */
  name: string;
  /** Negotiated ATT MTU; notifications carry at most MTU − 3 bytes. Default 23 (the BLE default). */
  mtu?: number;
  /** Signal strength shown in discovery, dBm. Default −60. */
  rssi?: number;
  /** Called once per `WriteValue` on the RX characteristic, with the bytes of that write. */
  onWrite: (bytes: Uint8Array) => void;
}

const ADAPTER_PATH = '/org/bluez/hci0';
/** An address from the range reserved for documentation (RFC 7042 §2.1.2). */
const DEFAULT_ADAPTER_ADDRESS = '00:00:5E:00:53:01';
const MAC_PATTERN = /^([0-9A-F]{2}:){5}[0-9A-F]{2}$/;
/** ATT_MTU bounds: 23 is the LE default, 517 the largest BlueZ negotiates (Core Vol 3 Part F §3.2.8). */
const MIN_MTU = 23;
const MAX_MTU = 517;

/**
 * BlueZ as the gateway sees it, without a radio: `org.bluez` on a private `dbus-daemon`, with one LE
 * adapter (`hci0`) and Nordic UART peripherals. node-ble and bluetoothctl talk to it unchanged when
 * `DBUS_SYSTEM_BUS_ADDRESS` is set to `dbusAddress` (ble-nus-and-bluez.md B3–B4).
 */
export class SimulatedBluez {
  private readonly devices = new Map<string, BlePeripheral>();
  private readonly adapter: Adapter1;
  private stopped: Promise<void> | undefined;

  private constructor(
    private readonly privateBus: PrivateBus,
    private readonly connection: MessageBus,
    private readonly objects: BluezObjects,
    adapterAddress: string,
    private readonly logger: Logger,
  ) {
    this.adapter = new Adapter1(adapterAddress, 'vaultline-sim', {
      discoveryStarted: () => {
        for (const device of this.devices.values()) device.discover();
      },
      removeDevice: (path) => {
        const device = [...this.devices.values()].find((d) => d.path === path);
        if (!device) throw bluezError('DoesNotExist', 'Does Not Exist');
        device.forget();
      },
      poweredOff: () => {
        for (const device of this.devices.values()) device.disconnect();
      },
    });
    objects.add('/org/bluez', new AgentManager1());
    objects.add(ADAPTER_PATH, this.adapter);
  }

  /** Starts a private bus in `workDir` (its socket and config live there) and owns `org.bluez` on it. */
  static async start(options: {
    workDir: string;
    adapterAddress?: string;
    logger?: Logger;
  }): Promise<SimulatedBluez> {
    const logger = (options.logger ?? silentLogger).child({ component: 'sim.bluez' });
    const adapterAddress = normaliseAddress(options.adapterAddress ?? DEFAULT_ADAPTER_ADDRESS);
    const privateBus = await startPrivateBus({ workDir: options.workDir, logger: options.logger });
    const connection = dbus.sessionBus({ busAddress: privateBus.address });
    connection.on('error', (error) => logger.warn({ err: error }, 'simulated BlueZ: D-Bus connection error'));
    try {
      const bluez = new SimulatedBluez(
        privateBus,
        connection,
        new BluezObjects(connection),
        adapterAddress,
        logger,
      );
      const reply = await connection.requestName('org.bluez', dbus.NameFlag.DO_NOT_QUEUE);
      if (reply !== dbus.RequestNameReply.PRIMARY_OWNER) {
        throw new SimulatedBluezError('BLUEZ_NAME', `org.bluez is already owned on ${privateBus.address}`);
      }
      logger.info({ dbusAddress: privateBus.address, adapter: adapterAddress }, 'simulated BlueZ started');
      return bluez;
    } catch (error) {
      connection.disconnect();
      await privateBus.stop();
      throw error;
    }
  }

  /** `unix:path=…` to use as `DBUS_SYSTEM_BUS_ADDRESS`. */
  get dbusAddress(): string {
    return this.privateBus.address;
  }

  /**
   * Adds a peripheral in range. It appears under `hci0` when a discovery runs (at once if one is
   * running), as a real advertiser would.
   */
  addDevice(options: AddBleDeviceOptions): SimulatedBleDevice {
    const address = normaliseAddress(options.address);
    if (this.devices.has(address)) {
      throw new SimulatedBluezError('BLE_DEVICE_EXISTS', `a simulated BLE device ${address} already exists`);
    }
    const mtu = options.mtu ?? DEFAULT_ATT_MTU;
    if (!Number.isInteger(mtu) || mtu < MIN_MTU || mtu > MAX_MTU) {
      throw new SimulatedBluezError('BLE_MTU', `MTU ${mtu} of ${address} is outside ${MIN_MTU}…${MAX_MTU}`);
    }
    const device = new BlePeripheral(
      this.objects,
      {
        path: ADAPTER_PATH,
        powered: () => this.adapter.Powered,
        discovering: () => this.adapter.Discovering,
      },
      { address, name: options.name, mtu, rssi: options.rssi ?? -60, onWrite: options.onWrite },
      this.logger.child({ device: address }),
    );
    this.devices.set(address, device);
    if (this.adapter.Discovering) device.discover();
    return device;
  }

  /** Releases the bus connection and stops the private daemon. Idempotent. */
  stop(): Promise<void> {
    this.stopped ??= (async () => {
      this.connection.disconnect();
      await this.privateBus.stop();
      this.logger.info('simulated BlueZ stopped');
    })();
    return this.stopped;
  }
}

function normaliseAddress(address: string): string {
  const upper = address.toUpperCase();
  if (!MAC_PATTERN.test(upper)) {
    throw new SimulatedBluezError(
      'BLE_ADDRESS',
      `"${address}" is not a Bluetooth address like AA:BB:CC:DD:EE:01`,
    );
  }
  return upper;
}
