import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type SimulatedBleDevice, SimulatedBluez } from '@vaultline/firmware-sim/ble/simulated-bluez';
import { silentLogger, TransportError } from '@vaultline/shared';
import { FakeClock } from '@vaultline/shared/time/fake-clock';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  BleNusTransport,
  type BleNusTransportOptions,
} from '../../src/devices/transport/ble-nus-transport.ts';
import { DeviceLink, type LinkState } from '../../src/devices/transport/device-link.ts';

const ECHO = 'AA:BB:CC:DD:EE:01';
const RECORDER = 'AA:BB:CC:DD:EE:02';
const FRAME = Uint8Array.from({ length: 100 }, (_, i) => (i * 7) & 0xff);

/** Resolves with the chunks that carried the next `count` bytes. */
function nextBytes(transport: BleNusTransport, count: number): Promise<Uint8Array[]> {
  const chunks: Uint8Array[] = [];
  let received = 0;
  return new Promise((resolve) => {
    const stop = transport.onData((chunk) => {
      chunks.push(chunk);
      received += chunk.length;
      if (received < count) return;
      stop();
      resolve(chunks);
    });
  });
}

/** Real node-ble against the simulated BlueZ on a private dbus-daemon (ble-nus-and-bluez.md B4). */
describe('BleNusTransport', () => {
  let workDir: string;
  let bluez: SimulatedBluez;
  let echo: SimulatedBleDevice;
  let recorder: SimulatedBleDevice;
  const recorded: Uint8Array[] = [];
  const transports: BleNusTransport[] = [];

  const transport = (options: Partial<BleNusTransportOptions> = {}) => {
    const created = new BleNusTransport({ address: ECHO, dbusAddress: bluez.dbusAddress, ...options });
    transports.push(created);
    return created;
  };

  beforeAll(async () => {
    workDir = await mkdtemp(join(tmpdir(), 'vl-ble-'));
    bluez = await SimulatedBluez.start({ workDir });
    echo = bluez.addDevice({ address: ECHO, name: 'VL-echo', onWrite: (bytes) => void echo.notify(bytes) });
    recorder = bluez.addDevice({ address: RECORDER, name: 'VL-recorder', onWrite: (b) => recorded.push(b) });
  });

  afterEach(async () => {
    await Promise.all(transports.splice(0).map((t) => t.close()));
  });

  afterAll(async () => {
    await bluez?.stop();
    await rm(workDir, { recursive: true, force: true });
  });

  it('discovers the device, connects and echoes bytes', async () => {
    const link = transport({ address: ECHO.toLowerCase() });
    await link.open();
    expect(link.isOpen).toBe(true);
    expect(echo.connected).toBe(true);
    const answer = nextBytes(link, 5);
    await link.write(Uint8Array.of(0xef, 0x01, 0xff, 0xff, 0x42));
    expect(Buffer.concat(await answer)).toEqual(Buffer.from([0xef, 0x01, 0xff, 0xff, 0x42]));
  });

  it('writes 100 bytes as ≤ 20-byte GATT writes, in order', async () => {
    const link = transport({ address: RECORDER });
    await link.open();
    recorded.length = 0;
    await link.write(FRAME);
    expect(recorded.map((piece) => piece.length)).toEqual([20, 20, 20, 20, 20]);
    expect(Buffer.concat(recorded)).toEqual(Buffer.from(FRAME));
  });

  it('delivers a 100-byte device frame as ≤ 20-byte notifications that reassemble', async () => {
    const link = transport({ address: RECORDER });
    await link.open();
    const chunks = nextBytes(link, FRAME.length);
    await recorder.notify(FRAME);
    const received = await chunks;
    expect(received.every((chunk) => chunk.length <= 20)).toBe(true);
    expect(Buffer.concat(received)).toEqual(Buffer.from(FRAME));
  });

  it('reports a link lost on the device side through onClose, and opens again', async () => {
    const link = transport();
    await link.open();
    const closed = new Promise<Error>((resolve) => link.onClose(resolve));
    echo.disconnect();
    const cause = await closed;
    expect(cause).toBeInstanceOf(TransportError);
    expect((cause as TransportError).code).toBe('BLE_LINK_LOST');
    expect(link.isOpen).toBe(false);
    await expect(link.write(Uint8Array.of(1))).rejects.toMatchObject({ code: 'TRANSPORT_CLOSED' });

    await link.open();
    const answer = nextBytes(link, 2);
    await link.write(Uint8Array.of(0x55, 0xaa));
    expect(Buffer.concat(await answer)).toEqual(Buffer.from([0x55, 0xaa]));
  });

  it('lets DeviceLink reopen the link after the device dropped it', async () => {
    const clock = new FakeClock();
    const link = new DeviceLink(transport(), clock, silentLogger, { initialMs: 100, maxMs: 100, factor: 1 });
    const next = (wanted: LinkState) =>
      new Promise<void>((resolve) => {
        const stop = link.onState((state) => {
          if (state !== wanted) return;
          stop();
          resolve();
        });
      });
    await link.start();
    expect(link.isUp).toBe(true);
    const down = next('down');
    echo.disconnect();
    await down;
    const up = next('up');
    await clock.advance(100);
    await up;
    expect(echo.connected).toBe(true);
    await link.stop();
  });

  it('closes idempotently, disconnecting the device, and opens again after close', async () => {
    const link = transport();
    const closed = new Promise<Error>((resolve) => link.onClose(resolve));
    await link.open();
    await link.close();
    await link.close();
    expect(echo.connected).toBe(false);
    await link.open();
    expect(echo.connected).toBe(true);
    await link.close();
    const raced = await Promise.race([closed, Promise.resolve('no onClose')]);
    expect(raced).toBe('no onClose');
  });

  it('rejects open with a TransportError naming the device when it is out of range', async () => {
    echo.setAvailable(false);
    try {
      const error = await transport()
        .open()
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(TransportError);
      expect(error).toMatchObject({ code: 'BLE_CONNECT' });
      expect((error as Error).message).toMatch(
        /^ble:AA:BB:CC:DD:EE:01: could not connect \(org\.bluez\.Error\.Failed/,
      );
      expect((error as Error).message).toMatch(/check that the device is powered, in range/);
    } finally {
      echo.setAvailable(true);
    }
  });

  it('says which setting to check when the device, adapter, service or bus is wrong', async () => {
    await expect(
      transport({ address: '00:11:22:33:44:55', discoverTimeoutMs: 300 }).open(),
    ).rejects.toMatchObject({
      code: 'BLE_NOT_FOUND',
      message: expect.stringMatching(/check the device address/),
    });
    await expect(transport({ adapter: 'hci7' }).open()).rejects.toMatchObject({
      code: 'BLE_ADAPTER',
      message: expect.stringMatching(/adapter hci7 not found \(present: hci0\)/),
    });
    await expect(
      transport({ serviceUuid: '0000FFF0-0000-1000-8000-00805F9B34FB' }).open(),
    ).rejects.toMatchObject({
      code: 'BLE_SERVICE',
      message: expect.stringMatching(/found: 6e400001-b5a3-f393-e0a9-e50e24dcca9e/),
    });
    expect(echo.connected).toBe(false);
    const missingBus = `unix:path=${join(workDir, 'no-such.sock')}`;
    await expect(transport({ dbusAddress: missingBus }).open()).rejects.toMatchObject({
      code: 'BLE_BUS',
      message: expect.stringContaining(missingBus),
    });
  });

  it('reports the loss of BlueZ itself through onClose', async () => {
    const ownDir = await mkdtemp(join(tmpdir(), 'vl-ble-'));
    const shortLived = await SimulatedBluez.start({ workDir: ownDir });
    try {
      shortLived.addDevice({ address: ECHO, name: 'VL-echo', onWrite: () => {} });
      const link = transport({ dbusAddress: shortLived.dbusAddress });
      await link.open();
      const closed = new Promise<Error>((resolve) => link.onClose(resolve));
      await shortLived.stop();
      expect(await closed).toMatchObject({ code: 'BLE_BUS' });
      expect(link.isOpen).toBe(false);
    } finally {
      await shortLived.stop();
      await rm(ownDir, { recursive: true, force: true });
    }
  });

  it('abandons an open in progress when closed', async () => {
    const link = transport({ address: '00:11:22:33:44:66', discoverTimeoutMs: 5_000 });
    const opening = link.open().catch((e: unknown) => e);
    await link.close();
    expect(await opening).toMatchObject({ code: 'TRANSPORT_CLOSED' });
    expect(link.isOpen).toBe(false);
  });
});
