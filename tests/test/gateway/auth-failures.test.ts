import type { AlarmRaisedBody } from '@vaultline/shared/contract/event-bodies';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { VEHICLES } from '../../src/scenario/day-plan.ts';
import { GatewayScenario } from '../../src/scenario/gateway-scenario.ts';
import {
  attempt,
  eventsSince,
  kioskView,
  phase,
  STRANGER_FINGER,
} from '../../src/scenario/handover-steps.ts';

/**
 * Failed fingerprints at the interlock door's reader during R1's delivery at BR-001 (DESIGN §4
 * AUTH_FAILED_5X). The tests share one hand-over and run in order: first a count that a success resets,
 * then five in a row. The lockout's length, its doubling and its expiry are unit-tested in the engine on
 * fake time; here real time only shows the lock is in force.
 */
let s: GatewayScenario;
beforeAll(async () => {
  s = await GatewayScenario.start({ siteId: 'BR-001' });
  await s.vehicleArrives(VEHICLES[0]!.tagEpc);
  await s.waitForEvent('vehicle.arrived');
});
afterAll(async () => {
  await s?.stop();
});

const failedCount = (events: { type: string; body: Record<string, unknown> }[]) =>
  events.filter((e) => e.type === 'auth.failed').map((e) => e.body.consecutive);

describe('failed fingerprints at the door reader', () => {
  it('counts 4 failures, and a success resets the count: the next failure is consecutive 1 again', async () => {
    const counts: unknown[] = [];
    for (const quality of ['good', 'poor', 'good', 'good'] as const) {
      const { input, events } = await attempt(s, 'fp-door', STRANGER_FINGER, quality);
      expect(input.outcome).toBe(quality === 'poor' ? 'poor-image' : 'no-match');
      counts.push(...failedCount(events));
    }
    expect(counts).toEqual([1, 2, 3, 4]);
    expect(s.alarms()).toEqual([]);

    const success = await attempt(s, 'fp-door', s.fingerOf('E1001'));
    expect(success.events.map((e) => e.type)).toEqual(['crew.verified']);

    const next = await attempt(s, 'fp-door', STRANGER_FINGER);
    expect(next.events.find((e) => e.type === 'auth.failed')?.body).toMatchObject({
      reader: 'fp-door',
      outcome: 'no-match',
      consecutive: 1,
    });
    // The second escort verifies too; both now wait for the manager's photo check (door still shut).
    const second = await attempt(s, 'fp-door', s.fingerOf('E1002'));
    expect(second.events.map((e) => e.type)).toEqual(['crew.verified']);
    expect(phase(s)).toBe('crew-auth');
  });

  it('raises AUTH_FAILED_5X on the 5th in a row, restarts crew authentication and locks the reader', async () => {
    const mark = s.events.length;
    for (let i = 0; i < 5; i++) await attempt(s, 'fp-door', STRANGER_FINGER);
    expect(eventsSince(s, mark, 'auth.failed').map((e) => e.body.consecutive)).toEqual([1, 2, 3, 4, 5]);
    const raised = eventsSince(s, mark, 'alarm.raised');
    expect(raised).toHaveLength(1);
    const alarm = raised[0]!.body as AlarmRaisedBody;
    expect(alarm).toMatchObject({
      kind: 'AUTH_FAILED_5X',
      severity: 'critical',
      siteId: 'BR-001',
      runId: 'R1',
      stopSeq: 2,
      handoverId: s.app!.service.current.active!.handoverId,
    });
    expect(alarm.detail).toMatchObject({ reader: 'fp-door', failures: 5, restarted: true });

    // The hand-over starts again from crew authentication: both escorts, verified before, must verify again.
    const active = s.app!.service.current.active!;
    expect(active.phase).toBe('crew-auth');
    expect(active.restarts).toBe(1);
    expect(active.crew.map((m) => [m.personId, m.verified, m.photo])).toEqual([
      ['E1001', false, 'pending'],
      ['E1002', false, 'pending'],
    ]);
    const view = await kioskView(s);
    expect(view.active?.phase).toBe('crew-auth');
    expect(view.active?.crew.map((c) => c.fingerprint)).toEqual(['waiting', 'waiting']);
    const reader = view.readers.find((r) => r.reader === 'fp-door');
    expect(reader).toMatchObject({ role: 'crew' });
    expect(reader!.lockedUntil).toBeGreaterThan(view.generatedAt);
    expect(reader!.secondsLeft).toBeGreaterThan(0);
    expect(reader!.secondsLeft).toBeLessThanOrEqual(30);
  });

  it('ignores every attempt while the reader is locked: no failure counted, nobody verified', async () => {
    const mark = s.events.length;
    const escort = await attempt(s, 'fp-door', s.fingerOf('E1001'));
    // The module matched the finger; the locked reader's attempt is refused before it means anything.
    expect(escort.input).toMatchObject({ outcome: 'matched', personId: 'E1001' });
    expect(escort.events).toEqual([]);
    const stranger = await attempt(s, 'fp-door', STRANGER_FINGER);
    expect(stranger.events).toEqual([]);

    expect(eventsSince(s, mark, 'auth.failed')).toEqual([]);
    expect(eventsSince(s, mark, 'crew.verified')).toEqual([]);
    expect(s.app!.service.current.active!.crew.every((m) => !m.verified)).toBe(true);
    expect(s.alarms('AUTH_FAILED_5X')).toHaveLength(1);
    const relays = ((await s.sim.control.device('mantrap')).state as { relays: boolean[] }).relays;
    expect(relays[0]).toBe(false);
    const view = await kioskView(s);
    expect(view.readers.find((r) => r.reader === 'fp-door')!.secondsLeft).toBeGreaterThan(0);
  });
});
