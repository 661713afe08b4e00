import { NUS_SERVICE_UUID } from '@vaultline/shared/codecs/ble-nus/nus-service';
import { bluezError, changeProperties, Interface } from './dbus-objects.ts';

/** What `Device1`'s methods do to the simulated peripheral behind it. */
export interface DeviceLinkControl {
  connect(): void;
  disconnect(): void;
  available(): boolean;
}

/**
 * `org.bluez.Device1` (BlueZ doc/org.bluez.Device.rst) with the properties node-ble and bluetoothctl
 * read. `Adapter` is how bluetoothctl attaches a device to its controller.
 */
export class Device1 extends Interface {
  static {
    Device1.configureMembers({
      properties: {
        Address: { signature: 's', access: 'read' },
        AddressType: { signature: 's', access: 'read' },
        Name: { signature: 's', access: 'read' },
        Alias: { signature: 's' },
        Paired: { signature: 'b', access: 'read' },
        Bonded: { signature: 'b', access: 'read' },
        Trusted: { signature: 'b' },
        Blocked: { signature: 'b' },
        LegacyPairing: { signature: 'b', access: 'read' },
        RSSI: { signature: 'n', access: 'read' },
        Connected: { signature: 'b', access: 'read' },
        UUIDs: { signature: 'as', access: 'read' },
        Adapter: { signature: 'o', access: 'read' },
        ServicesResolved: { signature: 'b', access: 'read' },
      },
      methods: {
        Connect: {},
        Disconnect: {},
        Pair: {},
        CancelPairing: {},
      },
    });
  }

  readonly AddressType = 'public';
  Alias: string;
  Paired = false;
  Bonded = false;
  Trusted = false;
  Blocked = false;
  readonly LegacyPairing = false;
  Connected = false;
  ServicesResolved = false;
  /** Advertised services: the NUS UUID is what a central scans for. */
  readonly UUIDs = [NUS_SERVICE_UUID];

  constructor(
    readonly Address: string,
    readonly Name: string,
    readonly RSSI: number,
    readonly Adapter: string,
    private readonly link: DeviceLinkControl,
  ) {
    super('org.bluez.Device1');
    this.Alias = Name;
  }

  Connect(): void {
    this.link.connect();
  }

  Disconnect(): void {
    if (!this.Connected) throw bluezError('NotConnected', 'Not Connected');
    this.link.disconnect();
  }

  /** The simulated peripherals use "Just Works" pairing: no agent round trip. */
  Pair(): void {
    if (!this.link.available()) throw bluezError('AuthenticationFailed', 'Page Timeout');
    if (this.Paired) throw bluezError('AlreadyExists', 'Already Paired');
    changeProperties(this, { Paired: true, Bonded: true });
  }

  CancelPairing(): void {
    throw bluezError('DoesNotExist', 'No pairing in progress');
  }
}
