import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { templateForFinger } from '@vaultline/firmware-sim/devices/fingerprint/finger-templates';
import { DeviceSet } from '@vaultline/gateway/devices/device-set';
import type { TagSeen } from '@vaultline/gateway/devices/rfid/rfid-reader';
import { silentLogger, systemClock } from '@vaultline/shared';
import { spawnSimulator } from '../harness/sim-process.ts';
import { waitFor } from '../harness/wait-for.ts';
import {
  DEMO_BOXES,
  DEMO_CREW,
  demoGatewayDevices,
  demoSimulatorDevices,
  FOREIGN_BOX,
} from './demo-devices.ts';
import { runSystemAct } from './system-act.ts';

const say = (text = '') => process.stdout.write(`${text}\n`);
const step = (n: number, title: string) => say(`\n${n}. ${title}`);

async function main(): Promise<void> {
  const workDir = mkdtempSync(join(tmpdir(), 'vaultline-demo-'));
  say('Vaultline demo — simulated hardware behind real serial ports (socat) and real BLE (BlueZ over D-Bus)');
  say('\n— Act one: the gateway’s devices —');
  const sim = await spawnSimulator({ devices: demoSimulatorDevices(workDir), workDir });
  const { dbusAddress } = await sim.control.ble();
  const devices = new DeviceSet(
    demoGatewayDevices(workDir, dbusAddress ?? undefined),
    systemClock,
    silentLogger,
  );
  try {
    say(`simulators: vaultline-sim serve (pid ${sim.process.pid}), control API ${sim.control.baseUrl}`);
    for (const d of (await sim.control.devices()).devices)
      say(`  ${d.id.padEnd(14)} ${d.kind.padEnd(12)} ${d.endpoint}`);
    await run(devices, sim.control, workDir);
  } finally {
    await devices.stop();
    await sim.stop();
  }
  say('\n— Act two: a branch gateway and the monitoring centre —');
  await runSystemAct(step, 8);
  say('\nDone.');
}

async function run(
  devices: DeviceSet,
  control: Awaited<ReturnType<typeof spawnSimulator>>['control'],
  workDir: string,
) {
  const stopReporting = devices.onStatus((s) =>
    say(`   [gateway] ${s.device} ${s.online ? 'online' : 'OFFLINE'} — ${s.reason}`),
  );
  await devices.start();
  step(1, 'The gateway connects to every device');
  const all = [
    ...devices.fingerprints.values(),
    ...devices.cameras.values(),
    ...devices.doors.values(),
    ...devices.rfidReaders.values(),
  ];
  await waitFor(() => all.every((d) => d.health.isOnline), 'every device online', 30_000);

  const doorReader = devices.fingerprints.get('fp-door')!;
  const camera = devices.cameras.get('cam-door')!;
  const mantrap = devices.doors.get('mantrap')!;
  const zone = devices.rfidReaders.get('rfid-zone')!;
  const handheld = devices.rfidReaders.get('rfid-handheld')!;

  step(2, "Today's escorts are loaded into the interlock door's fingerprint module");
  const sync = await doorReader.syncTemplates(
    DEMO_CREW.map((c) => ({ personId: c.personId, template: templateForFinger(c.finger) })),
  );
  say(
    `   stored ${sync.stored}, kept ${sync.kept}, deleted ${sync.deleted}; module holds ${await doorReader.templateCount()} templates`,
  );
  const personOnPage = (pageId: number) => DEMO_CREW.find((c) => c.personId === sync.pages.get(pageId));

  step(3, 'Escort Zhang Wei places his finger; the camera captures his face at the same moment');
  const escort = DEMO_CREW[0]!;
  await control.setScene('cam-door', escort.label);
  await control.placeFinger('fp-door', escort.finger);
  const [outcome, snapshot] = await Promise.all([doorReader.identify({ waitMs: 5000 }), camera.capture()]);
  if (outcome.kind === 'matched') {
    const person = personOnPage(outcome.pageId);
    say(
      `   fp-door: matched page ${outcome.pageId} → ${person?.personId} ${person?.name} (score ${outcome.score})`,
    );
  } else say(`   fp-door: ${outcome.kind}`);
  mkdirSync(join(workDir, 'captures'), { recursive: true });
  const photo = join(workDir, 'captures', `${escort.personId}.jpg`);
  writeFileSync(photo, snapshot.jpeg);
  say(
    `   cam-door: ${snapshot.width}×${snapshot.height} JPEG, ${snapshot.bytes} bytes in ${(snapshot.durationMs / 1000).toFixed(2)} s ` +
      `(${Math.round(snapshot.bytesPerSecond)} B/s at 115 200 baud) → ${photo}`,
  );
  await control.placeFinger('fp-door', null);

  step(4, 'Someone who is not enrolled tries the reader');
  await control.placeFinger('fp-door', 'stranger-R1');
  say(`   fp-door: ${(await doorReader.identify({ waitMs: 5000 })).kind} (unknown finger)`);
  await control.placeFinger('fp-door', 'zhang-wei-R1', 'poor');
  say(`   fp-door: ${(await doorReader.identify({ waitMs: 5000 })).kind} (smudged finger)`);
  await control.placeFinger('fp-door', null);

  step(5, 'The interlock (mantrap): the outer door opens; the inner door stays locked while it is open');
  const stopDoorReports = mantrap.onDoorState((s) =>
    say(`   [gateway] mantrap door ${s.door}: ${s.open === null ? 'UNKNOWN' : s.open ? 'open' : 'closed'}`),
  );
  await mantrap.open(1, 5000);
  const relays = await waitFor(async () => {
    const state = (await control.device('mantrap')).state as { relays: boolean[] };
    return state.relays[0] && state.relays;
  }, 'relay 1 energised');
  say(
    `   mantrap: door 1 unlocked for 5 s (relay board reports energised channels: ${JSON.stringify(relays)})`,
  );
  await control.setDoor('mantrap', true, 1);
  await waitFor(() => mantrap.doorStates().find((s) => s.door === 1)?.open === true, 'door 1 open');
  await mantrap.open(2, 5000).then(
    () => say('   mantrap: door 2 opened — THIS MUST NOT HAPPEN'),
    (error: Error) => say(`   mantrap: inner door refused — ${error.message}`),
  );
  await control.setDoor('mantrap', false, 1);
  await waitFor(() => mantrap.doorStates().find((s) => s.door === 1)?.open === false, 'door 1 closed');
  await mantrap.open(2, 3000);
  say('   mantrap: door 1 closed, so door 2 now unlocks');

  step(6, 'Cash boxes in the hand-over zone: the fixed UHF reader and a BLE handheld');
  const seen = new Map<string, TagSeen[]>();
  for (const reader of [zone, handheld]) {
    reader.onTag((tag) => {
      say(`   ${tag.device}: box ${tag.epc} (antenna ${tag.antenna}, ${tag.rssi} dBm)`);
      seen.set(tag.device, [...(seen.get(tag.device) ?? []), tag]);
    });
    reader.startInventory();
  }
  await control.setTags('rfid-zone', DEMO_BOXES);
  await waitFor(() => (seen.get('rfid-zone')?.length ?? 0) >= DEMO_BOXES.length, 'boxes read', 15_000);
  await control.setTags('rfid-handheld', [FOREIGN_BOX]);
  await waitFor(() => seen.get('rfid-handheld')?.length, 'handheld read', 15_000);

  step(7, 'The fixed reader is unplugged, then plugged back in');
  await control.setFault('rfid-zone', 'disconnect');
  await waitFor(() => !zone.health.isOnline, 'reader offline', 15_000);
  await control.setFault('rfid-zone', 'none');
  await waitFor(() => zone.health.isOnline, 'reader back', 30_000);

  stopReporting();
  stopDoorReports();
  say(`\nThe captured face is at ${photo}.`);
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(`demo failed: ${(error as Error)?.stack ?? error}\n`);
    process.exit(1);
  },
);
