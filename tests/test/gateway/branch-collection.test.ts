import type { HandoverCompletedBody } from '@vaultline/shared/contract/event-bodies';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BOXES, VEHICLES } from '../../src/scenario/day-plan.ts';
import { GatewayScenario } from '../../src/scenario/gateway-scenario.ts';
import { confirmAtZone, crewEnters, phase } from '../../src/scenario/handover-steps.ts';

let s: GatewayScenario;
beforeAll(async () => {
  s = await GatewayScenario.start({ siteId: 'BR-001' });
});
afterAll(async () => {
  await s?.stop();
});

describe('a collection at a branch (run R2, stop 1 at BR-001)', () => {
  it('hands boxes c1, c2 from the branch to crew E1003 + E1004 and records a collect hand-over', async () => {
    await s.vehicleArrives(VEHICLES[1]!.tagEpc);
    const arrived = await s.waitForEvent('vehicle.arrived');
    expect(arrived.body).toMatchObject({ vehicleId: 'V2', runId: 'R2', stopSeq: 1, kind: 'collect' });

    await crewEnters(s, ['E1003', 'E1004']);
    expect(phase(s)).toBe('box-scan');
    await s.boxesInZone([BOXES.c1, BOXES.c2]);
    await s.waitForEvent('box.scanned', (e) => e.body.epc === BOXES.c2);

    await confirmAtZone(s, ['E1003', 'T2001']);
    const completed = await s.waitForEvent('handover.completed');
    const body = completed.body as HandoverCompletedBody;
    expect(body).toMatchObject({
      siteId: 'BR-001',
      runId: 'R2',
      stopSeq: 1,
      kind: 'collect',
      vehicleId: 'V2',
      crew: ['E1003', 'E1004'],
      confirmedBy: ['E1003', 'T2001'],
    });
    expect(body.boxes).toEqual({
      expected: [BOXES.c1, BOXES.c2],
      scanned: [BOXES.c1, BOXES.c2],
      missing: [],
      rejected: [],
    });
    expect(body.discrepancy).toBeUndefined();
    expect(s.alarms()).toEqual([]);
    expect(s.app!.service.current.completedStops).toEqual(['R2#1']);
  });
});
