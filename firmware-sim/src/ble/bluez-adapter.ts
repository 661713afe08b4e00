import type { Variant } from 'dbus-next';
import { bluezError, changeProperties, Interface } from './dbus-objects.ts';

/**
 * `org.bluez.AgentManager1` at `/org/bluez`. node-ble builds its root proxy for this interface
 * (Bluetooth.js), and bluetoothctl registers its pairing agent here on start-up. The simulated devices
 * never ask for a passkey, so agents are only acknowledged.
 */
export class AgentManager1 extends Interface {
  static {
    AgentManager1.configureMembers({
      methods: {
        RegisterAgent: { inSignature: 'os' },
        UnregisterAgent: { inSignature: 'o' },
        RequestDefaultAgent: { inSignature: 'o' },
      },
    });
  }

  constructor() {
    super('org.bluez.AgentManager1');
  }

  RegisterAgent(): void {}
  UnregisterAgent(): void {}
  RequestDefaultAgent(): void {}
}

/** What the adapter asks of the simulated BlueZ that owns it. */
export interface AdapterHooks {
  /** Discovery started: make the devices in range visible. */
  discoveryStarted(): void;
  /** `RemoveDevice(path)`: forget a device until it is discovered again. */
  removeDevice(path: string): void;
  /** The controller was powered off: every link drops. */
  poweredOff(): void;
}

/** Transports accepted by `SetDiscoveryFilter` (BlueZ doc/org.bluez.Adapter.rst). */
const DISCOVERY_TRANSPORTS = new Set(['auto', 'bredr', 'le']);

/** `org.bluez.Adapter1` at `/org/bluez/hci0`: one LE controller (BlueZ doc/org.bluez.Adapter.rst). */
export class Adapter1 extends Interface {
  static {
    Adapter1.configureMembers({
      properties: {
        Address: { signature: 's', access: 'read' },
        AddressType: { signature: 's', access: 'read' },
        Name: { signature: 's', access: 'read' },
        Alias: { signature: 's' },
        Class: { signature: 'u', access: 'read' },
        Powered: { signature: 'b' },
        Discoverable: { signature: 'b' },
        DiscoverableTimeout: { signature: 'u' },
        Pairable: { signature: 'b' },
        PairableTimeout: { signature: 'u' },
        Discovering: { signature: 'b', access: 'read' },
        UUIDs: { signature: 'as', access: 'read' },
        Roles: { signature: 'as', access: 'read' },
      },
      methods: {
        StartDiscovery: {},
        StopDiscovery: {},
        SetDiscoveryFilter: { inSignature: 'a{sv}' },
        GetDiscoveryFilters: { outSignature: 'as' },
        RemoveDevice: { inSignature: 'o' },
      },
    });
  }

  AddressType = 'public';
  Alias: string;
  Class = 0;
  Discoverable = false;
  DiscoverableTimeout = 180;
  Pairable = true;
  PairableTimeout = 0;
  Discovering = false;
  UUIDs: string[] = [];
  Roles = ['central'];
  private powered = true;

  constructor(
    readonly Address: string,
    readonly Name: string,
    private readonly hooks: AdapterHooks,
  ) {
    super('org.bluez.Adapter1');
    this.Alias = Name;
  }

  get Powered(): boolean {
    return this.powered;
  }

  /** Written by `bluetoothctl power on|off` through `Properties.Set`. */
  set Powered(powered: boolean) {
    if (powered === this.powered) return;
    this.powered = powered;
    Interface.emitPropertiesChanged(this, { Powered: powered }, []);
    if (powered) return;
    if (this.Discovering) changeProperties(this, { Discovering: false });
    this.hooks.poweredOff();
  }

  StartDiscovery(): void {
    if (!this.powered) throw bluezError('NotReady', 'Resource Not Ready');
    if (!this.Discovering) changeProperties(this, { Discovering: true });
    this.hooks.discoveryStarted();
  }

  StopDiscovery(): void {
    if (!this.Discovering) throw bluezError('Failed', 'No discovery started');
    changeProperties(this, { Discovering: false });
  }

  SetDiscoveryFilter(filter: Record<string, Variant>): void {
    const transport = filter.Transport?.value;
    if (transport !== undefined && !DISCOVERY_TRANSPORTS.has(transport)) {
      throw bluezError('InvalidArguments', `Invalid discovery transport: ${transport}`);
    }
  }

  GetDiscoveryFilters(): string[] {
    return ['UUIDs', 'RSSI', 'Pathloss', 'Transport', 'DuplicateData', 'Discoverable', 'Pattern'];
  }

  RemoveDevice(path: string): void {
    this.hooks.removeDevice(path);
  }
}
