import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadGatewayIdentity } from '@vaultline/gateway/identity/gateway-identity';
import type { KioskView } from '@vaultline/gateway/kiosk/kiosk-view';
import { openGatewayStore } from '@vaultline/gateway/store/open-store';
import { verifyChain } from '@vaultline/shared/contract/chain-verifier';
import type { AlarmRaisedBody, HandoverCompletedBody } from '@vaultline/shared/contract/event-bodies';
import type { EventEnvelope } from '@vaultline/shared/contract/event-envelope';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../../src/harness/sim-process.ts';
import { waitFor } from '../../src/harness/wait-for.ts';
import { BOXES, VEHICLES } from '../../src/scenario/day-plan.ts';
import { readEngineState, readEvents } from '../../src/scenario/gateway-db.ts';
import { fixKioskPort, GatewayProcess, runGatewayCli } from '../../src/scenario/gateway-process.ts';
import { GatewayScenario } from '../../src/scenario/gateway-scenario.ts';

/**
 * `kill -9` of a gateway running as its own process, right after each step of a hand-over is recorded:
 * the restarted gateway resumes at the same step (kiosk view), re-drives what the kill interrupted (face
 * capture, door unlock, box counting, report), and the SQLite file — the source of truth — holds one
 * gap-free signed chain in which nothing is lost and nothing is recorded twice.
 */

let s: GatewayScenario;
let gw: GatewayProcess;
let port: number;
let dbFile: string;

beforeAll(async () => {
  s = await GatewayScenario.start({ siteId: 'BR-001', startGateway: false });
  dbFile = join(s.config.dataDir, 'gateway.db');
  port = await freePort();
  fixKioskPort(s.configFile, port);
  const planFile = join(s.dir, 'plan.jws');
  writeFileSync(planFile, s.bundle);
  const imported = await runGatewayCli(['plan', 'import', planFile, '--config', s.configFile]);
  expect(imported.code, imported.stderr).toBe(0);
  await startGateway();
}, 60_000);
afterAll(async () => {
  await gw?.kill();
  await s?.stop();
});

async function startGateway(): Promise<void> {
  gw = await GatewayProcess.start(s.configFile, port);
  await gw.templatesSynced(['fp-door', 'fp-zone']);
}

/** `waitFor`, with the gateway's own warnings and errors in the message when it times out. */
async function until<T>(
  condition: () => T | undefined | false | Promise<T | undefined | false>,
  what: string,
  timeoutMs?: number,
): Promise<T> {
  try {
    return await waitFor(condition, what, timeoutMs);
  } catch (error) {
    throw new Error(`${(error as Error).message}; gateway log: ${gw.problems() || 'no warnings'}`);
  }
}

/** What the branch manager sees of the hand-over's progress (live captures may be re-taken on resume). */
function progress(view: KioskView) {
  const active = view.active;
  if (!active) return null;
  return {
    handoverId: active.handoverId,
    phase: active.phase,
    vehicle: active.vehicle,
    crew: active.crew.map((m) => ({ personId: m.personId, fingerprint: m.fingerprint, photo: m.photoCheck })),
    boxes: active.boxes,
    leader: active.confirmations.leader.done,
    staff: active.confirmations.staff.done,
  };
}

/** `kill -9`, whatever people do while the gateway is down, restart: the kiosk shows the same progress. */
async function killAndResume(whileDown?: () => Promise<void>): Promise<KioskView> {
  const before = progress(await gw.view());
  await gw.kill();
  await whileDown?.();
  await startGateway();
  const after = await gw.view();
  expect(progress(after)).toEqual(before);
  return after;
}

function recorded(
  type: string,
  predicate: (e: EventEnvelope) => boolean = () => true,
): Promise<EventEnvelope> {
  return until(() => readEvents(dbFile).find((e) => e.type === type && predicate(e)), `${type} in the store`);
}

const about = (handoverId: string) => (e: EventEnvelope) => e.body.handoverId === handoverId;
function typesOf(events: EventEnvelope[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const e of events) counts[e.type] = (counts[e.type] ?? 0) + 1;
  return counts;
}

/** The chain in the file is whole: seq 1..N without gaps, every link and signature verified. */
function expectWholeChain(events: EventEnvelope[]): void {
  expect(events.map((e) => e.seq)).toEqual(events.map((_, i) => i + 1));
  const { signingPublicKey } = loadGatewayIdentity(s.config.dataDir);
  const result = verifyChain(events, signingPublicKey, { expectedFirstSeq: 1, signatures: 'every' });
  expect(result).toMatchObject({ ok: true });
}

/** Boxes in the zone that are in no manifest of the day (sorted, as the checks compare them). */
const FOREIGN = Array.from({ length: 40 }, (_, i) =>
  `E28011606000020A0000F${i.toString(16).padStart(3, '0')}`.toUpperCase(),
);

/** The finger leaves the sensor; the reader counts the next placement only after it saw the sensor empty. */
async function lift(reader: 'fp-door' | 'fp-zone'): Promise<void> {
  await s.sim.control.placeFinger(reader, null);
  await new Promise((resolve) => setTimeout(resolve, 300));
}

async function relays(): Promise<boolean[]> {
  return ((await s.sim.control.device('mantrap')).state as { relays: boolean[] }).relays;
}

async function crewCapturesReady(): Promise<KioskView> {
  return until(async () => {
    const view = await gw.view();
    return view.active?.crew.every((m) => m.captureUrl !== undefined && m.canCheckPhoto) && view;
  }, 'live captures of both escorts on the kiosk');
}

async function doorUnlocked(): Promise<void> {
  await gw.waitForLog((line) => line.msg === 'door unlocked' && line.door === 1, 'crew door unlocked');
  await until(async () => (await relays())[0], 'strike of the crew door energised');
  // Straight away, not after a refusal ("close the other door first") while the contacts were unread.
  expect(gw.logs.filter((line) => line.msg === 'crew door refused')).toEqual([]);
}

describe('kill -9 at every step of branch hand-overs, the gateway as a child process', () => {
  let handoverId: string;
  let collectionId: string;
  const wrongBoxes = (events: EventEnvelope[]) =>
    events
      .filter((e) => e.type === 'alarm.raised' && about(collectionId)(e))
      .map((e) => e.body as AlarmRaisedBody & { detail: { epc: string } })
      .filter((b) => b.kind === 'WRONG_BOX');

  it('resumes each step where it was and writes one signed record', async () => {
    await s.vehicleArrives(VEHICLES[0]!.tagEpc);
    handoverId = String((await recorded('vehicle.arrived')).body.handoverId);
    const arrived = await killAndResume();
    expect(arrived.active).toMatchObject({ phase: 'crew-auth', vehicle: { plate: '京A·C1234' } });

    // The first escort's face capture is still in flight (camera silent) when the gateway dies.
    await s.sim.control.setFault('cam-door', 'silent');
    await s.sim.control.placeFinger('fp-door', s.fingerOf('E1001'));
    await recorded('crew.verified', (e) => e.body.personId === 'E1001');
    await killAndResume(async () => {
      await s.sim.control.placeFinger('fp-door', null);
      await s.sim.control.setFault('cam-door', 'none');
    });

    await s.sim.control.placeFinger('fp-door', s.fingerOf('E1002'));
    await recorded('crew.verified', (e) => e.body.personId === 'E1002');
    await killAndResume(() => s.sim.control.placeFinger('fp-door', null));

    // Both live captures are on screen (the lost one taken again on resume): the manager compares.
    await crewCapturesReady();
    for (const personId of ['E1001', 'E1002']) {
      const answer = await gw.kiosk({ type: 'photo-check', personId, accepted: true });
      expect(answer.status).toBe(204);
    }
    // Killed before (or just after) the unlock left: the restarted gateway unlocks for the crew again.
    const atDoor = await killAndResume();
    expect(atDoor.active?.phase).toBe('door');
    await doorUnlocked();

    await s.sim.control.setDoor('mantrap', true, 1);
    await recorded('door.opened', about(handoverId));
    await killAndResume();
    await s.sim.control.setDoor('mantrap', false, 1);
    await recorded('door.closed', about(handoverId));
    expect((await killAndResume()).active?.phase).toBe('box-scan');

    await s.boxesInZone([BOXES.b1]);
    await recorded('box.scanned', (e) => e.body.epc === BOXES.b1);
    expect((await killAndResume()).active?.boxes.counts).toMatchObject({ expected: 2, scanned: 1 });
    await s.boxesInZone([BOXES.b1, BOXES.b2]);
    await recorded('box.scanned', (e) => e.body.epc === BOXES.b2);

    await s.sim.control.placeFinger('fp-zone', s.fingerOf('E1001'));
    await until(async () => (await gw.view()).active?.confirmations.leader.done, 'leader confirmed');
    const confirming = await killAndResume(() => s.sim.control.placeFinger('fp-zone', null));
    expect(confirming.active?.phase).toBe('confirm');

    // The record is committed before its report is rendered: killed in between, the report still comes.
    await s.sim.control.placeFinger('fp-zone', s.fingerOf('T2001'));
    const completed = await recorded('handover.completed');
    await gw.kill();
    await s.sim.control.placeFinger('fp-zone', null);
    await startGateway();
    const idle = await gw.view();
    expect(idle.active).toBeNull();
    expect(idle.lastCompleted?.handoverId).toBe(handoverId);
    const pdf = await until(async () => {
      const response = await fetch(`${gw.url}/reports/${handoverId}.pdf`);
      return response.ok && Buffer.from(await response.arrayBuffer());
    }, 'report pdf after restart');
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');

    const body = completed.body as HandoverCompletedBody;
    expect(body).toMatchObject({
      handoverId,
      runId: 'R1',
      stopSeq: 2,
      kind: 'deliver',
      vehicleId: 'V1',
      crew: ['E1001', 'E1002'],
      confirmedBy: ['E1001', 'T2001'],
      boxes: { expected: [BOXES.b1, BOXES.b2], scanned: [BOXES.b1, BOXES.b2], missing: [], rejected: [] },
    });
    expect(body.discrepancy).toBeUndefined();
    // The branch takes its boxes in: the zone is empty for the next hand-over.
    await s.boxesInZone([]);
  }, 180_000);

  it('never leaves a half-written step when killed amid a burst of box reads, and counts boxes again after', async () => {
    await s.vehicleArrives(VEHICLES[1]!.tagEpc);
    collectionId = String(
      (await recorded('vehicle.arrived', (e) => e.body.vehicleId === 'V2')).body.handoverId,
    );
    for (const escort of ['E1003', 'E1004']) {
      await s.sim.control.placeFinger('fp-door', s.fingerOf(escort));
      await recorded('crew.verified', (e) => e.body.personId === escort);
      await lift('fp-door');
    }
    await crewCapturesReady();
    for (const personId of ['E1003', 'E1004']) {
      expect((await gw.kiosk({ type: 'photo-check', personId, accepted: true })).status).toBe(204);
    }
    await until(async () => (await relays())[0], 'crew door unlocked');
    await s.sim.control.setDoor('mantrap', true, 1);
    await recorded('door.opened', about(collectionId));
    await s.sim.control.setDoor('mantrap', false, 1);
    await recorded('door.closed', about(collectionId));

    // c1 and a trolley of boxes that belong to nobody: one step (and one commit) per tag read.
    await s.boxesInZone([BOXES.c1, ...FOREIGN]);
    await until(
      () =>
        readEvents(dbFile).some(
          (e) => ['box.scanned', 'alarm.raised'].includes(e.type) && about(collectionId)(e),
        ),
      'first box step recorded',
    );
    await gw.kill();
    const events = readEvents(dbFile);
    expectWholeChain(events);
    // What was committed is consistent: the saved state and the events of every step agree.
    const boxes = readEngineState(dbFile)?.active?.boxes;
    const mine = events.filter(about(collectionId));
    expect(boxes?.scanned).toEqual(mine.filter((e) => e.type === 'box.scanned').map((e) => e.body.epc));
    expect(boxes?.rejected).toEqual(wrongBoxes(events).map((b) => b.detail.epc));

    await startGateway();
    await until(
      () => wrongBoxes(readEvents(dbFile)).length === FOREIGN.length,
      'every foreign box rejected after the restart',
    );
    const counts = (await gw.view()).active?.boxes.counts;
    expect(counts).toMatchObject({ expected: 2, scanned: 1, rejected: FOREIGN.length });

    // c2 is late: the re-scan window closes on MISSING_BOX, then the gateway dies in that phase.
    expect((await gw.kiosk({ type: 'request-confirmation' })).status).toBe(204);
    await recorded('alarm.raised', (e) => (e.body as AlarmRaisedBody).kind === 'MISSING_BOX');
    expect((await killAndResume()).active?.phase).toBe('discrepancy');
    await s.boxesInZone([BOXES.c1, BOXES.c2, ...FOREIGN]);
    await recorded('alarm.cleared', (e) => e.body.kind === 'MISSING_BOX');

    await s.sim.control.placeFinger('fp-zone', s.fingerOf('E1003'));
    await until(async () => (await gw.view()).active?.confirmations.leader.done, 'leader confirmed');
    await lift('fp-zone');
    await s.sim.control.placeFinger('fp-zone', s.fingerOf('T2001'));
    const completed = await recorded('handover.completed', about(collectionId));
    await lift('fp-zone');
    const body = completed.body as HandoverCompletedBody;
    expect(body).toMatchObject({
      kind: 'collect',
      vehicleId: 'V2',
      crew: ['E1003', 'E1004'],
      confirmedBy: ['E1003', 'T2001'],
      boxes: { expected: [BOXES.c1, BOXES.c2], scanned: [BOXES.c1, BOXES.c2], missing: [] },
    });
    expect([...body.boxes.rejected].sort()).toEqual(FOREIGN);
    expect(body.discrepancy).toBeUndefined();
  }, 180_000);

  it('leaves one gap-free verified chain with every step recorded exactly once', async () => {
    await gw.stop();
    const verified = await runGatewayCli(['verify', '--config', s.configFile]);
    expect(verified.code, verified.stdout + verified.stderr).toBe(0);
    expect(verified.stdout).toContain('chain ok');

    const store = openGatewayStore(dbFile);
    const events = [...store.events.all()];
    store.close();
    expectWholeChain(events);
    expect(typesOf(events.filter(about(handoverId)))).toEqual({
      'vehicle.arrived': 1,
      'crew.verified': 2,
      'face.captured': 2,
      'door.opened': 1,
      'door.closed': 1,
      'box.scanned': 2,
      'handover.completed': 1,
    });
    const all = typesOf(events);
    expect(all['handover.completed']).toBe(2);
    expect(typesOf(events.filter(about(collectionId)))).toEqual({
      'vehicle.arrived': 1,
      'crew.verified': 2,
      'face.captured': 2,
      'door.opened': 1,
      'door.closed': 1,
      'box.scanned': 2,
      'alarm.raised': FOREIGN.length + 1,
      'handover.completed': 1,
    });
    // One WRONG_BOX per foreign box and the one MISSING_BOX, whatever the kills interrupted.
    expect(
      wrongBoxes(events)
        .map((b) => b.detail.epc)
        .sort(),
    ).toEqual(FOREIGN);
    expect(all['alarm.raised']).toBe(FOREIGN.length + 1);
    expect(all['alarm.cleared']).toBe(1);
    expect(all['auth.failed']).toBeUndefined();
    expect(all['handover.aborted']).toBeUndefined();
  }, 60_000);
});
