import { generateSigningKeyPair } from '@vaultline/shared/crypto/keys';
import { signSitePlan } from '@vaultline/shared/plan/plan-bundle';
import { PlanSignatureError, PlanTargetError, PlanVersionError } from '@vaultline/shared/plan/plan-errors';
import type { SitePlan } from '@vaultline/shared/plan/plan-schema';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tamperPayload } from '../../src/scenario/bundle-tamper.ts';
import { GatewayScenario } from '../../src/scenario/gateway-scenario.ts';
import { attempt } from '../../src/scenario/handover-steps.ts';

/**
 * Plan bundles pushed to a running gateway (BR-001, holding version 1): refusals keep the plan in force;
 * a newer version is accepted, recorded and re-syncs the fingerprint modules.
 */
let s: GatewayScenario;
beforeAll(async () => {
  s = await GatewayScenario.start({ siteId: 'BR-001' });
});
afterAll(async () => {
  await s?.stop();
});

const heldVersion = () => ({
  service: s.app!.plans.current()?.version,
  stored: s.app!.store.plans.current()?.version,
});

const templateFingers = async (reader: string) => {
  const state = (await s.sim.control.device(reader)).state as {
    templates: Array<{ fingerId: string | null }>;
  };
  return state.templates.map((t) => t.fingerId);
};

describe('plan bundles on a running gateway', () => {
  it('refuses a tampered bundle, a foreign signature, another gateway’s bundle and a replay, keeping version 1', async () => {
    const plans = s.app!.plans;
    const v2 = await s.sitePlanVersion(2);
    const stranger = generateSigningKeyPair();
    const forOther: SitePlan = { ...v2, gatewayId: 'gw-BR-002' };

    await expect(plans.importBundle(tamperPayload(await s.sign(v2)), 'centre')).rejects.toBeInstanceOf(
      PlanSignatureError,
    );
    await expect(
      plans.importBundle(await signSitePlan(v2, stranger.privateKey), 'centre'),
    ).rejects.toBeInstanceOf(PlanSignatureError);
    await expect(plans.importBundle(await s.sign(forOther), 'centre')).rejects.toBeInstanceOf(
      PlanTargetError,
    );
    const replay = plans.importBundle(s.bundle, 'centre');
    await expect(replay).rejects.toBeInstanceOf(PlanVersionError);
    await expect(replay).rejects.toMatchObject({ version: 1, currentVersion: 1 });

    expect(heldVersion()).toEqual({ service: 1, stored: 1 });
    expect(s.ofType('plan.accepted').map((e) => e.body.version)).toEqual([1]);
  });

  it('accepts a newer version without T2001: recorded, and the modules no longer hold or match T2001', async () => {
    const before = await attempt(s, 'fp-zone', s.fingerOf('T2001'));
    expect(before.input).toMatchObject({ outcome: 'matched', personId: 'T2001' });

    const v3 = await s.sitePlanVersion(3);
    const withoutTeller = { ...v3, people: v3.people.filter((p) => p.personId !== 'T2001') };
    await s.app!.plans.importBundle(await s.sign(withoutTeller), 'centre');
    const accepted = await s.waitForEvent('plan.accepted', (e) => e.body.version === 3);
    expect(accepted.body).toMatchObject({ planId: v3.planId, source: 'centre', runs: 2 });
    expect(heldVersion()).toEqual({ service: 3, stored: 3 });

    await s.templatesLoaded();
    for (const reader of ['fp-door', 'fp-zone']) {
      const fingers = await templateFingers(reader);
      expect(fingers).toHaveLength(withoutTeller.people.length);
      expect(fingers).not.toContain(s.fingerOf('T2001'));
    }
    const after = await attempt(s, 'fp-zone', s.fingerOf('T2001'));
    expect(after.input.outcome).toBe('no-match');
    expect(after.input.personId).toBeUndefined();
  });

  it('refuses the older version 2 once version 3 is held', async () => {
    await expect(
      s.app!.plans.importBundle(await s.sign(await s.sitePlanVersion(2)), 'centre'),
    ).rejects.toMatchObject({ code: 'PLAN_VERSION', version: 2, currentVersion: 3 });
    expect(heldVersion()).toEqual({ service: 3, stored: 3 });
    expect(s.ofType('plan.accepted').map((e) => e.body.version)).toEqual([1, 3]);
  });
});
