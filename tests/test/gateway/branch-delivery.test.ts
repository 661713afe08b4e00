import { loadGatewayIdentity } from '@vaultline/gateway/identity/gateway-identity';
import { verifyChain } from '@vaultline/shared/contract/chain-verifier';
import type { HandoverCompletedBody } from '@vaultline/shared/contract/event-bodies';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitFor } from '../../src/harness/wait-for.ts';
import { BOXES, VEHICLES } from '../../src/scenario/day-plan.ts';
import { GatewayScenario } from '../../src/scenario/gateway-scenario.ts';

let s: GatewayScenario;
beforeAll(async () => {
  s = await GatewayScenario.start({ siteId: 'BR-001' });
});
afterAll(async () => {
  await s?.stop();
});

describe('a normal delivery at a branch, on simulated devices', () => {
  it('runs arrival → crew authentication with photo check → door → boxes → dual confirmation → signed record', async () => {
    await s.vehicleArrives(VEHICLES[0]!.tagEpc);
    const arrived = await s.waitForEvent('vehicle.arrived');
    expect(arrived.body).toMatchObject({
      vehicleId: 'V1',
      runId: 'R1',
      stopSeq: 2,
      kind: 'deliver',
      source: 'tag',
    });

    for (const escort of ['E1001', 'E1002']) {
      await s.touch('fp-door', s.fingerOf(escort));
      await s.waitForEvent('crew.verified', (e) => e.body.personId === escort);
    }
    await s.waitForEvent('face.captured', (e) => e.body.personId === 'E1002');
    for (const escort of ['E1001', 'E1002']) {
      const answer = await s.kiosk({ type: 'photo-check', personId: escort, accepted: true });
      expect(answer.status).toBeLessThan(300);
    }
    const relay = await waitFor(async () => {
      const state = (await s.sim.control.device('mantrap')).state as { relays: boolean[] };
      return state.relays[0] === true && state;
    }, 'crew door unlocked');
    expect(relay.relays[1]).toBe(false);

    await s.crewWalksThroughDoor();
    await s.boxesInZone([BOXES.b1, BOXES.b2]);
    await s.waitForEvent('box.scanned', (e) => e.body.epc === BOXES.b2);

    await s.touch('fp-zone', s.fingerOf('E1001'));
    await s.touch('fp-zone', s.fingerOf('T2001'));
    const completed = await s.waitForEvent('handover.completed');
    const body = completed.body as HandoverCompletedBody;
    expect(body).toMatchObject({
      siteId: 'BR-001',
      runId: 'R1',
      stopSeq: 2,
      kind: 'deliver',
      vehicleId: 'V1',
      crew: ['E1001', 'E1002'],
      confirmedBy: ['E1001', 'T2001'],
    });
    expect(body.boxes).toEqual({
      expected: [BOXES.b1, BOXES.b2],
      scanned: [BOXES.b1, BOXES.b2],
      missing: [],
      rejected: [],
    });
    expect(body.discrepancy).toBeUndefined();
    expect(s.alarms()).toEqual([]);

    const chain = [...s.app!.store.events.all()];
    const { signingPublicKey } = loadGatewayIdentity(s.config.dataDir);
    expect(verifyChain(chain, signingPublicKey, { expectedFirstSeq: 1, signatures: 'every' })).toMatchObject({
      ok: true,
    });
    expect(chain.map((e) => e.seq)).toEqual(chain.map((_, i) => i + 1));

    const pdf = await waitFor(async () => {
      const response = await fetch(`${s.app!.kiosk.url}/reports/${body.handoverId}.pdf`);
      return response.ok && Buffer.from(await response.arrayBuffer());
    }, 'report pdf');
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    const html = await (await fetch(`${s.app!.kiosk.url}/reports/${body.handoverId}.html`)).text();
    expect(html).toContain('张伟');
    expect(html).toContain(BOXES.b1);
    expect(html).toContain(completed.hash);
  });
});
