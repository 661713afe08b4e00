import { generateKeyPairSync } from 'node:crypto';
import { publicKeyToPem } from '@vaultline/shared/crypto/keys';
import { decryptTemplate, verifySitePlan } from '@vaultline/shared/plan/plan-bundle';
import { PlanSignatureError, PlanTemplateError } from '@vaultline/shared/plan/plan-errors';
import type { SitePlan } from '@vaultline/shared/plan/plan-schema';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StoredPlan } from '../../src/plans/day-plan-builder.ts';
import { PlanBook } from '../../src/plans/plan-book.ts';
import { type BundleSources, type BundleTarget, buildSiteBundle } from '../../src/plans/site-bundles.ts';
import { dayDraft, openPlanStore, PHOTO, runR1, runR2, TAG, TODAY, templateOf } from './plan-fixture.ts';

const fixture = openPlanStore();
afterAll(() => fixture.dispose());
const centre = generateKeyPairSync('ed25519');
const gatewayKeys = {
  vault: generateKeyPairSync('x25519'),
  branchA: generateKeyPairSync('x25519'),
  branchB: generateKeyPairSync('x25519'),
};
const target = (gatewayId: string, siteId: string, key: keyof typeof gatewayKeys): BundleTarget => ({
  gatewayId,
  siteId,
  encryptionPublicKey: publicKeyToPem(gatewayKeys[key].publicKey),
});
const sources: BundleSources = {
  people: fixture.store.people,
  vehicle: (id) => fixture.store.vehicles.get(id),
  signingKey: centre.privateKey,
};
let day: StoredPlan;

beforeAll(() => {
  const stored = new PlanBook(fixture.store, fixture.clock).submit(
    dayDraft(TODAY, [runR1(), runR2()]),
    'vm',
    TODAY,
  );
  if (!stored.ok) throw new Error(JSON.stringify(stored.problems));
  day = stored.value;
});

async function bundleFor(
  gatewayId: string,
  siteId: string,
  key: keyof typeof gatewayKeys,
): Promise<SitePlan> {
  const bundle = await buildSiteBundle(day, target(gatewayId, siteId, key), sources, fixture.clock.now());
  if (!bundle.ok) throw new Error(bundle.reason);
  const plan = await verifySitePlan(bundle.jws, centre.publicKey, { gatewayId, siteId });
  expect(plan).toEqual(bundle.plan);
  return plan;
}

const summary = (plan: SitePlan) => ({
  runs: plan.runs.map((r) => r.runId),
  vehicles: plan.vehicles,
  people: plan.people.map((p) => `${p.personId}:${p.role}`),
});

describe('the bundle of one site', () => {
  it('holds the runs stopping there, their vehicles, their crews and the staff of the site', async () => {
    expect(summary(await bundleFor('gw-a', 'BR-001', 'branchA'))).toEqual({
      runs: ['R1'],
      vehicles: [{ vehicleId: 'V1', plate: '京A·C1234', tagEpc: TAG.v1 }],
      people: ['E1:escort', 'E2:escort', 'T1:teller'],
    });
    expect(summary(await bundleFor('gw-b', 'BR-002', 'branchB'))).toEqual({
      runs: ['R1', 'R2'],
      vehicles: [
        { vehicleId: 'V1', plate: '京A·C1234', tagEpc: TAG.v1 },
        { vehicleId: 'V2', plate: '京A·C5678', tagEpc: TAG.v2 },
      ],
      people: ['E1:escort', 'E2:escort', 'E3:escort', 'E4:escort', 'T2:teller'],
    });
    expect(summary(await bundleFor('gw-v', 'VAULT-1', 'vault')).people).toEqual([
      'E1:escort',
      'E2:escort',
      'E3:escort',
      'E4:escort',
      'VM:vault-manager',
    ]);
  });

  it('carries the day, its version as gateways count them, the target and the stored runs', async () => {
    const plan = await bundleFor('gw-a', 'BR-001', 'branchA');
    expect(plan).toMatchObject({
      v: 1,
      planId: `plan-${TODAY}`,
      version: 20261123001,
      date: TODAY,
      issuedAt: new Date(fixture.clock.now()).toISOString(),
      siteId: 'BR-001',
      gatewayId: 'gw-a',
    });
    expect(plan.runs[0]).toEqual(day.runs[0]);
  });

  it('carries stored photos, and templates only the gateway it is made for can open', async () => {
    const plan = await bundleFor('gw-a', 'BR-001', 'branchA');
    const e1 = plan.people.find((p) => p.personId === 'E1')!;
    expect(Buffer.from(e1.photoJpeg!, 'base64')).toEqual(Buffer.from(PHOTO));
    expect(plan.people.find((p) => p.personId === 'E2')?.photoJpeg).toBeUndefined();
    for (const person of plan.people) {
      expect(person.templates).toHaveLength(1);
      const opened = await decryptTemplate(person.templates[0]!, gatewayKeys.branchA.privateKey);
      expect(Buffer.from(opened)).toEqual(templateOf(person.personId));
      await expect(decryptTemplate(person.templates[0]!, gatewayKeys.branchB.privateKey)).rejects.toThrow(
        PlanTemplateError,
      );
    }
    expect(JSON.stringify(plan)).not.toContain(templateOf('E1').toString('base64').slice(0, 40));
  });

  it('is signed by the centre: another key does not verify it', async () => {
    const bundle = await buildSiteBundle(
      day,
      target('gw-a', 'BR-001', 'branchA'),
      sources,
      fixture.clock.now(),
    );
    const other = generateKeyPairSync('ed25519');
    await expect(
      verifySitePlan(bundle.ok ? bundle.jws : '', other.publicKey, { gatewayId: 'gw-a', siteId: 'BR-001' }),
    ).rejects.toThrow(PlanSignatureError);
  });
});

describe('a gateway that cannot have its bundle', () => {
  it('is reported with the reason when it has no encryption key', async () => {
    const bundle = await buildSiteBundle(day, { gatewayId: 'gw-new', siteId: 'BR-001' }, sources, 0);
    expect(bundle).toEqual({
      ok: false,
      code: 'gateway.no_encryption_key',
      reason:
        'gateway gw-new has no encryption key registered, so its fingerprint templates cannot be sent to it; register the key it printed at init (vaultline-center gateway add --encryption-key)',
    });
  });

  it('is reported when its key is not an X25519 key', async () => {
    const wrong = {
      gatewayId: 'gw-x',
      siteId: 'BR-001',
      encryptionPublicKey: publicKeyToPem(centre.publicKey),
    };
    const bundle = await buildSiteBundle(day, wrong, sources, 0);
    expect(bundle).toMatchObject({ ok: false, code: 'gateway.bad_encryption_key' });
  });

  it('is reported when the registries no longer hold what the plan names', async () => {
    fixture.store.vehicles.setTagEpc('V1', null);
    try {
      const bundle = await buildSiteBundle(day, target('gw-a', 'BR-001', 'branchA'), sources, 0);
      expect(bundle).toEqual({
        ok: false,
        code: 'bundle.invalid',
        reason:
          'the bundle for gateway gw-a at BR-001 cannot be made: vehicle V1 is no longer registered with a tag EPC; record its tag',
      });
    } finally {
      fixture.store.vehicles.setTagEpc('V1', TAG.v1);
    }
  });
});
