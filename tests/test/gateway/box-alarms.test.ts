import type { HandoverInput } from '@vaultline/gateway/handover/handover-types';
import type { AlarmRaisedBody, HandoverCompletedBody } from '@vaultline/shared/contract/event-bodies';
import { afterEach, describe, expect, it } from 'vitest';
import { BOXES, VEHICLES } from '../../src/scenario/day-plan.ts';
import { GatewayScenario } from '../../src/scenario/gateway-scenario.ts';
import {
  confirmAtZone,
  crewEnters,
  kioskAction,
  phase,
  waitForPhase,
} from '../../src/scenario/handover-steps.ts';

/**
 * Boxes against the manifest in R1's delivery at BR-001 (b1, b2): WRONG_BOX, MISSING_BOX with the
 * manager's override, and the re-scan window. Each test completes the stop, so each gets its own
 * gateway, brought to the box scan.
 */
let s: GatewayScenario;
async function atBoxScan(rescanWindowMs?: number): Promise<void> {
  s = await GatewayScenario.start({ siteId: 'BR-001', engine: rescanWindowMs ? { rescanWindowMs } : {} });
  await s.vehicleArrives(VEHICLES[0]!.tagEpc);
  await s.waitForEvent('vehicle.arrived');
  await crewEnters(s, ['E1001', 'E1002']);
}
afterEach(async () => {
  await s?.stop();
});

const completedBody = async () => (await s.waitForEvent('handover.completed')).body as HandoverCompletedBody;

describe('boxes against the manifest', () => {
  it("rejects a box of BR-002's delivery at once (WRONG_BOX) and keeps it out of the record", async () => {
    await atBoxScan();
    await s.boxesInZone([BOXES.b1, BOXES.b3]);
    const raised = await s.waitForEvent('alarm.raised');
    const alarm = raised.body as AlarmRaisedBody;
    expect(alarm).toMatchObject({ kind: 'WRONG_BOX', severity: 'critical', runId: 'R1', stopSeq: 2 });
    // Raised while boxes are still being scanned, long before anybody asks to confirm.
    expect(phase(s)).toBe('box-scan');
    expect(alarm.detail).toMatchObject({ epc: BOXES.b3, reader: 'rfid-zone' });
    expect(alarm.detail.belongsTo).toContainEqual({
      runId: 'R1',
      stopSeq: 3,
      siteId: 'BR-002',
      kind: 'deliver',
    });

    await s.boxesInZone([BOXES.b1, BOXES.b3, BOXES.b2]);
    await waitForPhase(s, ['confirm']);
    await confirmAtZone(s, ['E1001', 'T2001']);
    const body = await completedBody();
    expect(body.boxes).toEqual({
      expected: [BOXES.b1, BOXES.b2],
      scanned: [BOXES.b1, BOXES.b2],
      missing: [],
      rejected: [BOXES.b3],
    });
    expect(s.alarms('WRONG_BOX')).toHaveLength(1);
  });

  it('calls b2 missing after the re-scan window; the manager gives a reason and approves by fingerprint', async () => {
    await atBoxScan(); // the scenario's 1.5 s window
    const alarmInputs: HandoverInput[] = [];
    s.app!.service.onStep((_state, events, input) => {
      if (events.some((e) => e.type === 'alarm.raised')) alarmInputs.push(input);
    });
    await s.boxesInZone([BOXES.b1]);
    await s.waitForEvent('box.scanned', (e) => e.body.epc === BOXES.b1);
    await kioskAction(s, { type: 'request-confirmation' });

    const raised = await s.waitForEvent('alarm.raised', (e) => e.body.kind === 'MISSING_BOX');
    // The alarm came from the window's end, not from the request itself.
    expect(alarmInputs).toEqual([{ type: 'timer', name: 'rescan-window' }]);
    const alarm = raised.body as AlarmRaisedBody;
    expect(alarm).toMatchObject({ severity: 'critical', runId: 'R1', stopSeq: 2 });
    expect(alarm.detail).toMatchObject({ missing: [BOXES.b2], expected: 2, scanned: 1 });
    expect(phase(s)).toBe('discrepancy');

    // Without a reason the manager's finger approves nothing; nor does the teller's.
    await confirmAtZone(s, ['M3001']);
    expect(s.app!.service.current.active!.discrepancy).toEqual({ missing: [BOXES.b2] });
    await kioskAction(s, { type: 'discrepancy-reason', reason: '押运箱B02未装车 box B02 not loaded' });
    await confirmAtZone(s, ['T2001']);
    expect(phase(s)).toBe('discrepancy');
    await confirmAtZone(s, ['M3001']);
    expect(phase(s)).toBe('confirm');

    await confirmAtZone(s, ['E1001', 'T2001']);
    const body = await completedBody();
    expect(body.discrepancy).toEqual({ reason: '押运箱B02未装车 box B02 not loaded', approvedBy: 'M3001' });
    expect(body.boxes).toEqual({
      expected: [BOXES.b1, BOXES.b2],
      scanned: [BOXES.b1],
      missing: [BOXES.b2],
      rejected: [],
    });
    expect(body.confirmedBy).toEqual(['E1001', 'T2001']);
    const cleared = await s.waitForEvent('alarm.cleared');
    expect(cleared.body).toMatchObject({ alarmId: alarm.alarmId, kind: 'MISSING_BOX' });
    expect(cleared.seq).toBeGreaterThan((await s.waitForEvent('handover.completed')).seq);
  });

  it('counts a late tag inside the re-scan window: no MISSING_BOX, a normal record', async () => {
    // A window far longer than a tag read takes, even on a loaded machine; the test never waits it out.
    await atBoxScan(60_000);
    await s.boxesInZone([BOXES.b1]);
    await s.waitForEvent('box.scanned', (e) => e.body.epc === BOXES.b1);
    await kioskAction(s, { type: 'request-confirmation' });
    expect(phase(s)).toBe('rescan');

    await s.boxesInZone([BOXES.b1, BOXES.b2]);
    await s.waitForEvent('box.scanned', (e) => e.body.epc === BOXES.b2);
    expect(phase(s)).toBe('confirm');
    // The window's timer is gone from the persisted state: it can no longer call anything missing.
    expect(s.app!.store.engineState.load()).toMatchObject({ timers: {} });

    await confirmAtZone(s, ['E1001', 'T2001']);
    const body = await completedBody();
    expect(body.boxes).toEqual({
      expected: [BOXES.b1, BOXES.b2],
      scanned: [BOXES.b1, BOXES.b2],
      missing: [],
      rejected: [],
    });
    expect(body.discrepancy).toBeUndefined();
    expect(s.alarms()).toEqual([]);
  });
});
