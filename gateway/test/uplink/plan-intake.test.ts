import { PlanVersionError } from '@vaultline/shared/plan/plan-errors';
import { describe, expect, it } from 'vitest';
import { PlanIntake, type UplinkPlans } from '../../src/uplink/plan-intake.ts';
import { recordingLogger } from './uplink-fixture.ts';

/** The PlanService port played by the test: accepts bundles named in `valid` with rising versions. */
function plans(valid: Record<string, number>) {
  const imported: string[] = [];
  let held: { jws: string; version: number } | undefined;
  const port: UplinkPlans = {
    heldJws: () => held?.jws,
    heldVersion: () => held?.version ?? null,
    async importBundle(jws) {
      imported.push(jws);
      const version = valid[jws];
      if (jws === 'disk.is.full') throw new Error('SQLITE_FULL');
      if (version === undefined || version <= (held?.version ?? 0))
        throw new PlanVersionError(version ?? 0, held?.version ?? 0);
      held = { jws, version };
    },
  };
  return { port, imported };
}

describe('PlanIntake', () => {
  it('imports a new bundle and treats the retained re-delivery of the held one as a no-op', async () => {
    const { port, imported } = plans({ 'a.b.c': 1 });
    const intake = new PlanIntake(port, recordingLogger().logger);
    expect(await intake.offer('a.b.c')).toBe('accepted');
    expect(await intake.offer('a.b.c\n')).toBe('held');
    expect(imported).toEqual(['a.b.c']);
  });

  it('tries a refused bundle once and logs it once, however often it is re-delivered', async () => {
    const { port, imported } = plans({ 'new.er.one': 2 });
    const { logger, lines } = recordingLogger();
    const intake = new PlanIntake(port, logger);
    expect(await intake.offer('for.ged.x')).toBe('refused');
    expect(await intake.offer('for.ged.x')).toBe('already-refused');
    expect(await intake.offer('for.ged.x')).toBe('already-refused');
    expect(imported).toEqual(['for.ged.x']);
    expect(lines.filter((l) => String(l.msg).includes('plan from the centre refused'))).toHaveLength(1);
    expect(await intake.offer('new.er.one')).toBe('accepted');
  });

  it('tries a bundle again that failed for a reason of the gateway, not of the bundle', async () => {
    const { port, imported } = plans({});
    const intake = new PlanIntake(port, recordingLogger().logger);
    expect(await intake.offer('disk.is.full')).toBe('refused');
    expect(await intake.offer('disk.is.full')).toBe('refused');
    expect(imported).toEqual(['disk.is.full', 'disk.is.full']);
  });

  it('remembers several refused bundles, as a persistent session may deliver them all again', async () => {
    const { port, imported } = plans({});
    const intake = new PlanIntake(port, recordingLogger().logger);
    for (const jws of ['a.a.a', 'b.b.b', 'a.a.a', 'b.b.b']) await intake.offer(jws);
    expect(imported).toEqual(['a.a.a', 'b.b.b']);
  });

  it('imports one bundle at a time, in the order they came', async () => {
    const { port, imported } = plans({ 'v.1.x': 1, 'v.2.x': 2 });
    const intake = new PlanIntake(port, recordingLogger().logger);
    const outcomes = await Promise.all([intake.offer('v.1.x'), intake.offer('v.2.x'), intake.offer('v.1.x')]);
    expect(outcomes).toEqual(['accepted', 'accepted', 'refused']);
    expect(imported).toEqual(['v.1.x', 'v.2.x', 'v.1.x']);
    await intake.idle();
    expect(port.heldVersion()).toBe(2);
  });
});
