import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SimulatedBluez } from '../../src/ble/simulated-bluez.ts';
import { bluetoothctl, bluetoothctlSession } from './bluetoothctl.ts';

/** BlueZ's own command-line client, pointed at the private bus, is an independent check of the fake. */
describe('SimulatedBluez seen by bluetoothctl', () => {
  let workDir: string;
  let bluez: SimulatedBluez;

  beforeAll(async () => {
    workDir = await mkdtemp(join(tmpdir(), 'vl-bluez-'));
    bluez = await SimulatedBluez.start({ workDir, adapterAddress: '00:00:5e:00:53:10' });
    bluez.addDevice({ address: 'AA:BB:CC:DD:EE:01', name: 'Nordic_UART_CW', onWrite: () => {} });
    bluez.addDevice({ address: 'aa:bb:cc:dd:ee:02', name: 'VL-finger-2', onWrite: () => {} });
  });

  afterAll(async () => {
    await bluez?.stop();
    await rm(workDir, { recursive: true, force: true });
  });

  it('lists the simulated controller', async () => {
    const out = await bluetoothctl(bluez.dbusAddress, 'list');
    expect(out).toContain('Controller 00:00:5E:00:53:10 vaultline-sim [default]');
  });

  it('finds the devices with scan on and lists them with devices', async () => {
    const session = bluetoothctlSession(bluez.dbusAddress);
    try {
      await session.send('scan on', /NEW\] Device AA:BB:CC:DD:EE:02/);
      expect(session.output).toContain('[NEW] Device AA:BB:CC:DD:EE:01 Nordic_UART_CW');
      const out = await session.send('devices', /# devices\n(.*\n)*Device AA:BB:CC:DD:EE:02 VL-finger-2/);
      expect(out).toContain('Device AA:BB:CC:DD:EE:01 Nordic_UART_CW');
      await session.send('scan off', /Discovering: no/);
    } finally {
      await session.quit();
    }
  });

  it('connects, resolves the Nordic UART service and disconnects', async () => {
    const session = bluetoothctlSession(bluez.dbusAddress);
    try {
      await session.send('connect AA:BB:CC:DD:EE:01', /Connection successful/);
      const out = session.output;
      expect(out).toContain('Device AA:BB:CC:DD:EE:01 Connected: yes');
      expect(out).toMatch(/service000c\n\s+6e400001-b5a3-f393-e0a9-e50e24dcca9e/);
      expect(out).toMatch(/char000d\n\s+6e400002-b5a3-f393-e0a9-e50e24dcca9e/);
      expect(out).toMatch(/char000f\n\s+6e400003-b5a3-f393-e0a9-e50e24dcca9e/);
      expect(out).toContain('ServicesResolved: yes');
      await session.send('disconnect AA:BB:CC:DD:EE:01', /Connected: no/);
      expect(session.output).toMatch(/\[DEL\] Primary Service/);
    } finally {
      await session.quit();
    }
  });
});
