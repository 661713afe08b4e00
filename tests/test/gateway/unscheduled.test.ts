import type { AlarmRaisedBody } from '@vaultline/shared/contract/event-bodies';
import type { SitePlan } from '@vaultline/shared/plan/plan-schema';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UNKNOWN_VEHICLE_EPC, VEHICLES } from '../../src/scenario/day-plan.ts';
import { GatewayScenario } from '../../src/scenario/gateway-scenario.ts';
import { attempt, eventsSince, waitForEventSince } from '../../src/scenario/handover-steps.ts';

/** UNSCHEDULED_VEHICLE and UNSCHEDULED_PERSON (DESIGN §4), raised by the gateway from what it reads. */

const [V1, V2] = VEHICLES as [(typeof VEHICLES)[0], (typeof VEHICLES)[0]];
const alarmBody = (e: { body: Record<string, unknown> }) => e.body as AlarmRaisedBody;

/** R2's collection at BR-001 moved to two hours from now: V2 is in the plan but not due yet. */
function withCollectionLater(plan: SitePlan): SitePlan {
  const at = (minutes: number) => new Date(Date.now() + minutes * 60_000).toISOString();
  return {
    ...plan,
    runs: plan.runs.map((run) =>
      run.runId !== 'R2'
        ? run
        : {
            ...run,
            stops: run.stops.map((stop) =>
              stop.siteId === 'BR-001' ? { ...stop, windowStart: at(120), windowEnd: at(180) } : stop,
            ),
          },
    ),
  };
}

describe('at BR-001', () => {
  let s: GatewayScenario;
  beforeAll(async () => {
    s = await GatewayScenario.start({ siteId: 'BR-001' });
  });
  afterAll(async () => {
    await s?.stop();
  });

  it('raises UNSCHEDULED_VEHICLE for a tag no plan knows, and starts nothing', async () => {
    await s.vehicleArrives(UNKNOWN_VEHICLE_EPC);
    const raised = await s.waitForEvent('alarm.raised');
    expect(alarmBody(raised)).toMatchObject({
      kind: 'UNSCHEDULED_VEHICLE',
      severity: 'critical',
      siteId: 'BR-001',
      detail: { epc: UNKNOWN_VEHICLE_EPC, reader: 'rfid-gate' },
    });
    expect(s.ofType('vehicle.arrived')).toEqual([]);
    expect(s.app!.service.current.active).toBeNull();
    await s.vehicleLeaves();
  });

  it('raises UNSCHEDULED_VEHICLE for a planned vehicle that has no stop due here now', async () => {
    await s.app!.plans.importBundle(await s.sign(withCollectionLater(await s.sitePlanVersion(2))), 'centre');
    const mark = s.events.length;
    await s.vehicleArrives(V2.tagEpc);
    const raised = await waitForEventSince(s, mark, 'alarm.raised');
    expect(alarmBody(raised)).toMatchObject({
      kind: 'UNSCHEDULED_VEHICLE',
      detail: { epc: V2.tagEpc, reader: 'rfid-gate', vehicleId: 'V2', plate: V2.plate },
    });
    expect(eventsSince(s, mark, 'vehicle.arrived')).toEqual([]);
    await s.vehicleLeaves();
  });

  it("raises UNSCHEDULED_PERSON when R2's escort E1003 authenticates for R1, counted as a failure", async () => {
    await s.vehicleArrives(V1.tagEpc);
    await s.waitForEvent('vehicle.arrived', (e) => e.body.runId === 'R1');
    const handoverId = s.app!.service.current.active!.handoverId;

    const first = await attempt(s, 'fp-door', s.fingerOf('E1003'));
    expect(first.input).toMatchObject({ outcome: 'matched', personId: 'E1003' });
    expect(first.events.map((e) => e.type)).toEqual(['alarm.raised', 'auth.failed']);
    expect(alarmBody(first.events[0]!)).toMatchObject({
      kind: 'UNSCHEDULED_PERSON',
      severity: 'critical',
      runId: 'R1',
      stopSeq: 2,
      handoverId,
      detail: { personId: 'E1003', name: '王强', runId: 'R1', reader: 'fp-door' },
    });
    expect(first.events[1]!.body).toMatchObject({
      reader: 'fp-door',
      outcome: 'not-on-crew',
      personId: 'E1003',
      consecutive: 1,
    });

    // Trying again is one more failure, not one more alarm; E1003 never joins the crew.
    const again = await attempt(s, 'fp-door', s.fingerOf('E1003'));
    expect(again.events.map((e) => [e.type, e.body.consecutive])).toEqual([['auth.failed', 2]]);
    expect(s.alarms('UNSCHEDULED_PERSON')).toHaveLength(1);
    expect(s.ofType('crew.verified')).toEqual([]);
    expect(s.app!.service.current.active!.crew.map((m) => m.personId)).toEqual(['E1001', 'E1002']);
  });
});

describe('at BR-002', () => {
  let s: GatewayScenario;
  beforeAll(async () => {
    s = await GatewayScenario.start({ siteId: 'BR-002' });
  });
  afterAll(async () => {
    await s?.stop();
  });

  it('raises UNSCHEDULED_VEHICLE for V2, whose runs never stop at this branch', async () => {
    await s.vehicleArrives(V2.tagEpc);
    const raised = await s.waitForEvent('alarm.raised');
    expect(alarmBody(raised)).toMatchObject({
      kind: 'UNSCHEDULED_VEHICLE',
      siteId: 'BR-002',
      detail: { epc: V2.tagEpc, reader: 'rfid-gate' },
    });
    expect(s.ofType('vehicle.arrived')).toEqual([]);
    // V1, which is due here (R1 stop 3), still starts its hand-over.
    await s.vehicleArrives(V1.tagEpc);
    const arrived = await s.waitForEvent('vehicle.arrived');
    expect(arrived.body).toMatchObject({ vehicleId: 'V1', runId: 'R1', stopSeq: 3, kind: 'deliver' });
    expect(s.alarms()).toHaveLength(1);
  });
});
