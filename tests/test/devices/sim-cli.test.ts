import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import {
  templateBase64,
  templateForFinger,
} from '@vaultline/firmware-sim/devices/fingerprint/finger-templates';
import { FingerprintReader } from '@vaultline/gateway/devices/fingerprint/fingerprint-reader';
import { silentLogger, systemClock } from '@vaultline/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { linkToEndpoint } from '../../src/harness/gateway-links.ts';
import { runSimulatorCli, type SimProcess, spawnSimulator } from '../../src/harness/sim-process.ts';
import { waitFor } from '../../src/harness/wait-for.ts';

const BLE_ADDRESS = 'C0:FF:EE:00:00:31';

let workDir: string;
let sim: SimProcess;
let links: Record<'fp' | 'cam' | 'relay' | 'contact', string>;

beforeAll(async () => {
  workDir = mkdtempSync(join(tmpdir(), 'vl-cli-'));
  const dev = (name: string) => join(workDir, 'dev', name);
  links = { fp: dev('fp'), cam: dev('cam'), relay: dev('relay'), contact: dev('contact') };
  sim = await spawnSimulator({
    workDir,
    fast: true,
    devices: [
      { id: 'fp', kind: 'fingerprint', transport: 'serial', link: links.fp },
      { id: 'cam', kind: 'camera', transport: 'serial', link: links.cam },
      { id: 'uhf-ble', kind: 'rfid', transport: 'ble', address: BLE_ADDRESS, name: 'Nordic_UART_CW' },
      { id: 'door', kind: 'relay', transport: 'serial', link: links.relay, contactLink: links.contact },
    ],
  });
});
afterAll(async () => {
  await sim?.stop();
  if (workDir) rmSync(workDir, { recursive: true, force: true });
});

/** BlueZ's own client against the simulator's bus, as an operator would point it (colours stripped). */
async function bluetoothctl(busAddress: string, ...args: string[]): Promise<string> {
  const { stdout } = await promisify(execFile)('bluetoothctl', args, {
    env: { ...process.env, DBUS_SYSTEM_BUS_ADDRESS: busAddress },
    timeout: 10_000,
  });
  // biome-ignore lint/suspicious/noControlCharactersInRegex: ANSI colours and readline markers to strip.
  return stdout.replace(/\u001b\[[0-9;]*[A-Za-z]/g, '').replace(/[\u0001\u0002\r]/g, '');
}

describe('vaultline-sim serve: the HTTP control contract', () => {
  it('GET /devices lists every device with its endpoint', async () => {
    const { devices } = await sim.control.devices();
    expect(devices).toEqual([
      { id: 'fp', kind: 'fingerprint', transport: 'serial', endpoint: links.fp, fault: 'none' },
      { id: 'cam', kind: 'camera', transport: 'serial', endpoint: links.cam, fault: 'none' },
      { id: 'uhf-ble', kind: 'rfid', transport: 'ble', endpoint: BLE_ADDRESS, fault: 'none' },
      { id: 'door', kind: 'relay', transport: 'serial', endpoint: links.relay, fault: 'none' },
    ]);
  });

  it('GET /devices/:id describes the device and its state', async () => {
    expect(await sim.control.device('fp')).toMatchObject({
      id: 'fp',
      kind: 'fingerprint',
      baud: 57_600,
      fault: 'none',
      state: { capacity: 1000, templateCount: 0, finger: null },
    });
    expect(await sim.control.device('cam')).toMatchObject({
      baud: 38_400,
      state: { scene: 'nobody', imageSize: '320x240', frozen: false },
    });
    expect((await sim.control.device('uhf-ble')).state).toMatchObject({ tags: [] });
    expect((await sim.control.device('door')).state).toEqual({
      relays: [false, false],
      doors: [
        { door: 1, open: false },
        { door: 2, open: false },
      ],
      switchCount: 0,
      contactEndpoint: links.contact,
    });
  });

  it('changes the state through each POST endpoint, and answers with the new description', async () => {
    expect((await sim.control.placeFinger('fp', 'li-na-R1', 'poor')).state.finger).toEqual({
      id: 'li-na-R1',
      quality: 'poor',
    });
    expect((await sim.control.placeFinger('fp', null)).state.finger).toBeNull();
    const epc = 'e28011700000020a1b2c3d01';
    expect((await sim.control.setTags('uhf-ble', [epc])).state.tags).toEqual([epc.toUpperCase()]);
    expect((await sim.control.setTags('uhf-ble', [])).state.tags).toEqual([]);
    expect((await sim.control.setScene('cam', 'WANG FANG')).state.scene).toBe('WANG FANG');
    const opened = await sim.control.setDoor('door', true, 2);
    expect(opened.state.doors).toEqual([
      { door: 1, open: false },
      { door: 2, open: true },
    ]);
    expect((await sim.control.setDoor('door', false, 2)).state.doors[1]).toEqual({ door: 2, open: false });
    expect(await sim.control.setFault('cam', 'silent')).toMatchObject({ fault: 'silent' });
    expect((await sim.control.devices()).devices.find((d) => d.id === 'cam')?.fault).toBe('silent');
    expect(await sim.control.setFault('cam', 'none')).toMatchObject({ fault: 'none' });
  });

  it('refuses invalid bodies with 400 and a message that says what to send', async () => {
    const fault = await sim.control.raw('POST', '/devices/cam/fault', { kind: 'meltdown' });
    expect(fault.status).toBe(400);
    expect(fault.body.message).toMatch(/kind.*silent, garbage, corrupt, split, disconnect, none/);

    const notHex = await sim.control.raw('POST', '/devices/uhf-ble/tags', { epcs: ['NOT-AN-EPC'] });
    expect(notHex.status).toBe(400);
    expect(notHex.body.message).toMatch(/epcs\/0 must match pattern/);
    const tooShort = await sim.control.raw('POST', '/devices/uhf-ble/tags', { epcs: ['ABCD'] });
    expect(tooShort).toMatchObject({ status: 400, body: { error: 'SIM_RFID_SETTING' } });
    expect(tooShort.body.message).toMatch(/EPC "ABCD" is not valid.*4–62 bytes/);

    const missing = await sim.control.raw('POST', '/devices/fp/finger', {});
    expect(missing.status).toBe(400);
    expect(missing.body.message).toMatch(/required property 'finger'/);
    const noSuchDoor = await sim.control.raw('POST', '/devices/door/door', { open: true, door: 3 });
    expect(noSuchDoor.status).toBe(400);
    expect(noSuchDoor.body.message).toMatch(/door must be 1…2/);
    expect((await sim.control.device('fp')).state.finger).toBeNull();
  });

  it('answers 404 for an unknown device and 400 for an action its kind does not have', async () => {
    const unknown = await sim.control.raw('GET', '/devices/vault-9');
    expect(unknown).toMatchObject({ status: 404, body: { error: 'SIM_UNKNOWN_DEVICE' } });
    expect(unknown.body.message).toMatch(/no simulated device "vault-9"; GET \/devices lists them/);
    const unknownPost = await sim.control.raw('POST', '/devices/vault-9/fault', { kind: 'none' });
    expect(unknownPost.status).toBe(404);

    const fingerOnCamera = await sim.control.raw('POST', '/devices/cam/finger', { finger: 'li-na-R1' });
    expect(fingerOnCamera).toMatchObject({ status: 400, body: { error: 'SIM_UNSUPPORTED' } });
    expect(fingerOnCamera.body.message).toMatch(/"cam" is a camera; it has no placeFinger/);
    const tagsOnDoor = await sim.control.raw('POST', '/devices/door/tags', { epcs: [] });
    expect(tagsOnDoor).toMatchObject({ status: 400, body: { error: 'SIM_UNSUPPORTED' } });
  });

  it('GET /ble gives the simulated BlueZ bus, where bluetoothctl finds the BLE device', async () => {
    const { dbusAddress } = await sim.control.ble();
    expect(dbusAddress).toMatch(/^unix:path=/);
    if (!dbusAddress) return;
    expect(await bluetoothctl(dbusAddress, 'list')).toMatch(
      /Controller [0-9A-F:]{17} vaultline-sim \[default\]/,
    );
    const scan = await bluetoothctl(dbusAddress, '--timeout', '2', 'scan', 'on');
    expect(scan).toContain(`[NEW] Device ${BLE_ADDRESS} Nordic_UART_CW`);
    expect(await bluetoothctl(dbusAddress, 'devices')).toContain(`Device ${BLE_ADDRESS} Nordic_UART_CW`);
  });

  it('lets a FingerprintReader in another process match a finger placed through the API', async () => {
    const reader = new FingerprintReader({
      id: 'fp',
      link: linkToEndpoint(links.fp, 57_600),
      clock: systemClock,
      logger: silentLogger,
      requestTimeoutMs: 300,
    });
    try {
      await reader.start();
      await waitFor(() => reader.health.isOnline, 'fingerprint reader online');
      const { pages } = await reader.syncTemplates([
        { personId: 'E2001', template: templateForFinger('wang-fang-L2') },
        { personId: 'E2002', template: templateForFinger('chen-jie-R1') },
      ]);
      expect((await sim.control.device('fp')).state.templateCount).toBe(2);
      await sim.control.placeFinger('fp', 'chen-jie-R1');
      const outcome = await reader.identify({ waitMs: 3000 });
      expect(outcome.kind === 'matched' && pages.get(outcome.pageId)).toBe('E2002');
    } finally {
      await reader.stop();
    }
  });
});

describe('vaultline-sim template and serve errors', () => {
  it('prints the template of a finger as templateBase64() does, different per finger', async () => {
    const [zhang, li] = await Promise.all([
      runSimulatorCli(['template', 'zhang-wei-R1']),
      runSimulatorCli(['template', 'li-na-R1']),
    ]);
    expect(zhang).toEqual({ code: 0, stdout: `${templateBase64('zhang-wei-R1')}\n`, stderr: '' });
    expect(li.stdout).toBe(`${templateBase64('li-na-R1')}\n`);
    expect(li.stdout).not.toBe(zhang.stdout);
  });

  it('exits non-zero and names the problem when the devices file is bad', async () => {
    const badKind = join(workDir, 'bad-kind.json');
    writeFileSync(
      badKind,
      JSON.stringify([{ id: 'x', kind: 'toaster', transport: 'serial', link: '/tmp/x' }]),
    );
    const notJson = join(workDir, 'not-json.json');
    writeFileSync(notJson, '[{ "id": ');
    const serve = (file: string) => runSimulatorCli(['serve', '--devices', file, '--control', '0']);
    const [kind, json] = await Promise.all([serve(badKind), serve(notJson)]);
    expect(kind.code).not.toBe(0);
    expect(kind.stderr).toContain('device 0: "kind" must be fingerprint | rfid | camera | relay');
    expect(json.code).not.toBe(0);
    expect(json.stderr).toContain(`cannot read devices file ${notJson}`);
  });
});
