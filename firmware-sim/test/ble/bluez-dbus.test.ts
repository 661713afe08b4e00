import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import dbus, { type ClientInterface, type MessageBus, type Variant as VariantType } from 'dbus-next';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type SimulatedBleDevice, SimulatedBluez } from '../../src/ble/simulated-bluez.ts';

const ADAPTER = '/org/bluez/hci0';
const NEAR = 'AA:BB:CC:DD:EE:11';
const FAR = 'AA:BB:CC:DD:EE:12';
const devicePath = (address: string) => `${ADAPTER}/dev_${address.replaceAll(':', '_')}`;
const RX = `${devicePath(NEAR)}/service000c/char000d`;
const TX = `${devicePath(NEAR)}/service000c/char000f`;
const { Variant } = dbus;

/** The members of the BlueZ interfaces these tests call, as dbus-next proxies expose them. */
interface BluezProxies {
  'org.bluez.Adapter1': {
    SetDiscoveryFilter(filter: Record<string, VariantType>): Promise<void>;
    StartDiscovery(): Promise<void>;
    StopDiscovery(): Promise<void>;
  };
  'org.bluez.Device1': { Connect(): Promise<void>; Disconnect(): Promise<void> };
  'org.bluez.GattCharacteristic1': {
    WriteValue(value: Buffer, options: Record<string, VariantType>): Promise<void>;
    StartNotify(): Promise<void>;
  };
  'org.freedesktop.DBus.Properties': { Get(iface: string, name: string): Promise<VariantType> };
  'org.freedesktop.DBus.ObjectManager': { GetManagedObjects(): Promise<Record<string, unknown>> };
}

/** The D-Bus contract of the fake (ble-nus-and-bluez.md B4), checked with a plain dbus-next client. */
describe('SimulatedBluez on D-Bus', () => {
  let workDir: string;
  let bluez: SimulatedBluez;
  let client: MessageBus;
  let near: SimulatedBleDevice;
  const written: number[][] = [];

  const call = async <N extends keyof BluezProxies>(path: string, iface: N) =>
    (await client.getProxyObject('org.bluez', path)).getInterface(iface) as ClientInterface & BluezProxies[N];
  const managedPaths = async () =>
    Object.keys(await (await call('/', 'org.freedesktop.DBus.ObjectManager')).GetManagedObjects());
  /** Subscribes now; `first` resolves with the next `count` PropertiesChanged of `path`. */
  const propertyChanges = async (path: string, count: number) => {
    const props = await call(path, 'org.freedesktop.DBus.Properties');
    const seen: Record<string, unknown>[] = [];
    const first = new Promise<Record<string, unknown>[]>((resolve) => {
      props.on('PropertiesChanged', (_iface: string, changed: Record<string, { value: unknown }>) => {
        seen.push(Object.fromEntries(Object.entries(changed).map(([k, v]) => [k, v.value])));
        if (seen.length === count) resolve(seen);
      });
    });
    return { first };
  };
  const command = { offset: new Variant('q', 0), type: new Variant('s', 'command') };

  beforeAll(async () => {
    workDir = await mkdtemp(join(tmpdir(), 'vl-bluez-'));
    bluez = await SimulatedBluez.start({ workDir });
    client = dbus.sessionBus({ busAddress: bluez.dbusAddress });
    near = bluez.addDevice({ address: NEAR, name: 'VL-near', onWrite: (bytes) => written.push([...bytes]) });
    bluez.addDevice({ address: FAR, name: 'VL-far', onWrite: () => {} }).setAvailable(false);
  });

  afterAll(async () => {
    client?.disconnect();
    await bluez?.stop();
    await rm(workDir, { recursive: true, force: true });
  });

  it('shows devices only once a discovery finds them in range', async () => {
    expect(await managedPaths()).not.toContain(devicePath(NEAR));
    const adapter = await call(ADAPTER, 'org.bluez.Adapter1');
    await adapter.SetDiscoveryFilter({ Transport: new Variant('s', 'le') });
    await adapter.StartDiscovery();
    const paths = await managedPaths();
    expect(paths).toContain(devicePath(NEAR));
    expect(paths).not.toContain(devicePath(FAR));
    await adapter.StopDiscovery();
    await expect(adapter.StopDiscovery()).rejects.toMatchObject({ type: 'org.bluez.Error.Failed' });
  });

  it('refuses Connect while out of range', async () => {
    near.setAvailable(false);
    const device = await call(devicePath(NEAR), 'org.bluez.Device1');
    await expect(device.Connect()).rejects.toMatchObject({ type: 'org.bluez.Error.Failed' });
    near.setAvailable(true);
  });

  it('connects, then resolves services, then exports the GATT objects', async () => {
    const changes = await propertyChanges(devicePath(NEAR), 2);
    await (await call(devicePath(NEAR), 'org.bluez.Device1')).Connect();
    expect(await changes.first).toEqual([{ Connected: true }, { ServicesResolved: true }]);
    expect(near.connected).toBe(true);
    const props = await call(RX, 'org.freedesktop.DBus.Properties');
    expect((await props.Get('org.bluez.GattCharacteristic1', 'Flags')).value).toEqual([
      'write-without-response',
      'write',
    ]);
  });

  it('takes Write Commands of at most MTU − 3 bytes and refuses what the flags do not allow', async () => {
    const rx = await call(RX, 'org.bluez.GattCharacteristic1');
    await rx.WriteValue(Buffer.alloc(20, 7), command);
    await rx.WriteValue(Buffer.from([1, 2, 3]), { type: new Variant('s', 'request') });
    expect(written).toEqual([Array(20).fill(7), [1, 2, 3]]);
    await expect(rx.WriteValue(Buffer.alloc(21), command)).rejects.toMatchObject({
      type: 'org.bluez.Error.InvalidValueLength',
    });
    await expect(
      rx.WriteValue(Buffer.alloc(1), { type: new Variant('s', 'reliable') }),
    ).rejects.toMatchObject({
      type: 'org.bluez.Error.NotSupported',
    });
    const tx = await call(TX, 'org.bluez.GattCharacteristic1');
    await expect(tx.WriteValue(Buffer.alloc(1), command)).rejects.toMatchObject({
      type: 'org.bluez.Error.NotSupported',
    });
  });

  it('notifies in pieces of at most MTU − 3 bytes, and only while notifying', async () => {
    await near.notify(Uint8Array.of(9, 9, 9));
    const tx = await call(TX, 'org.bluez.GattCharacteristic1');
    const changes = await propertyChanges(TX, 4);
    await tx.StartNotify();
    const frame = Uint8Array.from({ length: 45 }, (_, i) => i);
    await near.notify(frame);
    const [notifying, ...values] = await changes.first;
    expect(notifying).toEqual({ Notifying: true });
    expect(values.map((v) => [...(v.Value as Buffer)])).toEqual([
      [...frame.subarray(0, 20)],
      [...frame.subarray(20, 40)],
      [...frame.subarray(40)],
    ]);
  });

  it('on link loss signals the disconnect, drops the GATT objects and refuses writes', async () => {
    const changes = await propertyChanges(devicePath(NEAR), 2);
    const rx = await call(RX, 'org.bluez.GattCharacteristic1');
    near.disconnect();
    expect(await changes.first).toEqual([{ ServicesResolved: false }, { Connected: false }]);
    expect(near.connected).toBe(false);
    expect((await managedPaths()).filter((p) => p.startsWith(`${devicePath(NEAR)}/`))).toEqual([]);
    await expect(rx.WriteValue(Buffer.alloc(1), command)).rejects.toThrow();
    const device = await call(devicePath(NEAR), 'org.bluez.Device1');
    await expect(device.Disconnect()).rejects.toMatchObject({ type: 'org.bluez.Error.NotConnected' });
  });
});
