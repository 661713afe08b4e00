import type { HandoverCompletedBody } from '@vaultline/shared/contract/event-bodies';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BOXES, VEHICLES } from '../../src/scenario/day-plan.ts';
import { GatewayScenario } from '../../src/scenario/gateway-scenario.ts';
import { confirmAtZone, crewEnters, kioskAction, phase } from '../../src/scenario/handover-steps.ts';

/**
 * The vault's side of the day (one gateway at VAULT-1): R1's dispatch in the morning, then the returns.
 * The vault manager VM001 is the staff member who confirms.
 */
let s: GatewayScenario;
beforeAll(async () => {
  s = await GatewayScenario.start({ siteId: 'VAULT-1' });
});
afterAll(async () => {
  await s?.stop();
});

const completedRecord = async (runId: string, stopSeq: number) =>
  (await s.waitForEvent('handover.completed', (e) => e.body.runId === runId && e.body.stopSeq === stopSeq))
    .body as HandoverCompletedBody;

describe('hand-overs at the vault', () => {
  it('dispatches b1, b2, b3 to R1 crew, confirmed by the escort leader and the vault manager', async () => {
    await s.vehicleArrives(VEHICLES[0]!.tagEpc);
    // R1 has two stops here (1 dispatch, 4 return) with the same window: the engine takes stop 1 first.
    const arrived = await s.waitForEvent('vehicle.arrived');
    expect(arrived.body).toMatchObject({ vehicleId: 'V1', runId: 'R1', stopSeq: 1, kind: 'dispatch' });

    await crewEnters(s, ['E1001', 'E1002']);
    await s.boxesInZone([BOXES.b1, BOXES.b2, BOXES.b3]);
    await s.waitForEvent('box.scanned', (e) => e.body.scanned === 3);
    await confirmAtZone(s, ['E1001', 'VM001']);

    const body = await completedRecord('R1', 1);
    expect(body).toMatchObject({
      siteId: 'VAULT-1',
      kind: 'dispatch',
      vehicleId: 'V1',
      crew: ['E1001', 'E1002'],
      confirmedBy: ['E1001', 'VM001'],
    });
    expect(body.boxes).toEqual({
      expected: [BOXES.b1, BOXES.b2, BOXES.b3],
      scanned: [BOXES.b1, BOXES.b2, BOXES.b3],
      missing: [],
      rejected: [],
    });
    await s.vehicleLeaves();
    await s.boxesInZone([]);
  });

  it("checks R2's collected boxes c1, c2 back in on its return (R2 stop 2)", async () => {
    await s.vehicleArrives(VEHICLES[1]!.tagEpc);
    const arrived = await s.waitForEvent('vehicle.arrived', (e) => e.body.vehicleId === 'V2');
    expect(arrived.body).toMatchObject({ runId: 'R2', stopSeq: 2, kind: 'return', source: 'tag' });

    await crewEnters(s, ['E1003', 'E1004']);
    await s.boxesInZone([BOXES.c1, BOXES.c2]);
    await s.waitForEvent('box.scanned', (e) => e.body.epc === BOXES.c2);
    await confirmAtZone(s, ['E1003', 'VM001']);

    const body = await completedRecord('R2', 2);
    expect(body).toMatchObject({
      kind: 'return',
      vehicleId: 'V2',
      crew: ['E1003', 'E1004'],
      confirmedBy: ['E1003', 'VM001'],
    });
    expect(body.boxes).toEqual({
      expected: [BOXES.c1, BOXES.c2],
      scanned: [BOXES.c1, BOXES.c2],
      missing: [],
      rejected: [],
    });
    await s.vehicleLeaves();
    await s.boxesInZone([]);
  });

  it("takes R1's return (stop 4, no boxes) once its dispatch is done, by the manager's manual arrival", async () => {
    // V1's own tag stays quiet for a while after its dispatch ended here (it may still be in the bay).
    await kioskAction(s, { type: 'manual-arrival', vehicleId: 'V1' });
    const arrived = await s.waitForEvent('vehicle.arrived', (e) => e.body.stopSeq === 4);
    expect(arrived.body).toMatchObject({ vehicleId: 'V1', runId: 'R1', kind: 'return', source: 'manual' });

    await crewEnters(s, ['E1001', 'E1002']);
    // Nothing to scan: the hand-over goes straight to confirmation.
    expect(phase(s)).toBe('confirm');
    await confirmAtZone(s, ['E1001', 'VM001']);

    const body = await completedRecord('R1', 4);
    expect(body).toMatchObject({ kind: 'return', confirmedBy: ['E1001', 'VM001'] });
    expect(body.boxes).toEqual({ expected: [], scanned: [], missing: [], rejected: [] });
    expect(s.app!.service.current.completedStops).toEqual(['R1#1', 'R2#2', 'R1#4']);
    expect(s.alarms()).toEqual([]);
  });
});
