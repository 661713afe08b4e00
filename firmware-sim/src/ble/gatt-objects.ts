import type { Variant } from 'dbus-next';
import { bluezError, changeProperties, Interface } from './dbus-objects.ts';

/** ATT header of a write or notification: opcode + handle (Bluetooth Core Vol 3 Part F §3.4.5). */
export const ATT_HEADER_BYTES = 3;

/** `org.bluez.GattService1` (BlueZ doc/org.bluez.GattService.rst). */
export class GattService1 extends Interface {
  static {
    GattService1.configureMembers({
      properties: {
        UUID: { signature: 's', access: 'read' },
        Primary: { signature: 'b', access: 'read' },
        Device: { signature: 'o', access: 'read' },
        Includes: { signature: 'ao', access: 'read' },
        Handle: { signature: 'q', access: 'read' },
      },
    });
  }

  readonly Primary = true;
  readonly Includes: string[] = [];

  constructor(
    readonly UUID: string,
    readonly Device: string,
    readonly Handle: number,
  ) {
    super('org.bluez.GattService1');
  }
}

export interface CharacteristicOptions {
  uuid: string;
  /** Attribute handle of the characteristic declaration. */
  handle: number;
  servicePath: string;
  flags: string[];
  mtu: number;
  /** False once the link is down: calls racing a disconnect are refused as BlueZ refuses them. */
  isConnected: () => boolean;
  onWrite?: (bytes: Uint8Array) => void;
}

/**
 * `org.bluez.GattCharacteristic1` (BlueZ doc/org.bluez.GattCharacteristic.rst). Writes are checked the
 * way a peripheral's ATT server would: the write type must match a flag, and a Write Command carries at
 * most MTU − 3 bytes, so a central that forgets to chunk fails here as it would over the air.
 */
export class GattCharacteristic1 extends Interface {
  static {
    GattCharacteristic1.configureMembers({
      properties: {
        UUID: { signature: 's', access: 'read' },
        Service: { signature: 'o', access: 'read' },
        Value: { signature: 'ay', access: 'read' },
        Notifying: { signature: 'b', access: 'read' },
        Flags: { signature: 'as', access: 'read' },
        MTU: { signature: 'q', access: 'read' },
        Handle: { signature: 'q', access: 'read' },
      },
      methods: {
        ReadValue: { inSignature: 'a{sv}', outSignature: 'ay' },
        WriteValue: { inSignature: 'aya{sv}' },
        StartNotify: {},
        StopNotify: {},
      },
    });
  }

  readonly UUID: string;
  readonly Service: string;
  readonly Flags: string[];
  readonly MTU: number;
  readonly Handle: number;
  Value: Buffer = Buffer.alloc(0);
  Notifying = false;

  constructor(private readonly options: CharacteristicOptions) {
    super('org.bluez.GattCharacteristic1');
    this.UUID = options.uuid;
    this.Service = options.servicePath;
    this.Flags = options.flags;
    this.MTU = options.mtu;
    this.Handle = options.handle;
  }

  /** Sends one notification; the caller has already cut it to MTU − 3 bytes. */
  notify(value: Uint8Array): boolean {
    if (!this.Notifying || !this.options.isConnected()) return false;
    changeProperties(this, { Value: Buffer.from(value) });
    return true;
  }

  /** The link went down: every notify session ends with it. */
  reset(): void {
    this.Notifying = false;
  }

  ReadValue(): Buffer {
    this.requireConnected();
    if (!this.Flags.includes('read')) throw bluezError('NotPermitted', 'Read not permitted');
    return this.Value;
  }

  WriteValue(value: Buffer, options: Record<string, Variant>): void {
    this.requireConnected();
    const offset = options.offset?.value ?? 0;
    if (offset !== 0) throw bluezError('InvalidOffset', 'Invalid offset');
    const type = options.type?.value ?? (this.Flags.includes('write') ? 'request' : 'command');
    if (type === 'command') {
      if (!this.Flags.includes('write-without-response'))
        throw bluezError('NotSupported', 'Write without response not supported');
      if (value.length > this.MTU - ATT_HEADER_BYTES)
        throw bluezError(
          'InvalidValueLength',
          `Write command carries at most ${this.MTU - ATT_HEADER_BYTES} bytes`,
        );
    } else if (type === 'request') {
      if (!this.Flags.includes('write')) throw bluezError('NotSupported', 'Write request not supported');
    } else if (type === 'reliable') {
      if (!this.Flags.includes('reliable-write'))
        throw bluezError('NotSupported', 'Reliable write not supported');
    } else {
      throw bluezError('InvalidArguments', `Invalid write type: ${type}`);
    }
    this.options.onWrite?.(Uint8Array.from(value));
  }

  StartNotify(): void {
    this.requireConnected();
    if (!this.Flags.includes('notify') && !this.Flags.includes('indicate'))
      throw bluezError('NotSupported', 'Notify not supported');
    if (!this.Notifying) changeProperties(this, { Notifying: true });
  }

  StopNotify(): void {
    if (!this.Notifying) throw bluezError('Failed', 'No notify session started');
    changeProperties(this, { Notifying: false });
  }

  private requireConnected(): void {
    if (!this.options.isConnected()) throw bluezError('NotConnected', 'Not Connected');
  }
}
