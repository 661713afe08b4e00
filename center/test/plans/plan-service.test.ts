import { generateKeyPairSync, type KeyObject } from 'node:crypto';
import { silentLogger } from '@vaultline/shared';
import { publicKeyToPem, publicKeyToRaw } from '@vaultline/shared/crypto/keys';
import { verifySitePlan } from '@vaultline/shared/plan/plan-bundle';
import type { SitePlan } from '@vaultline/shared/plan/plan-schema';
import { afterEach, describe, expect, it } from 'vitest';
import type { PlanPublisher } from '../../src/plans/plan-publisher.ts';
import { type PlanOutcome, PlanService } from '../../src/plans/plan-service.ts';
import { dayDraft, openPlanStore, runR1, runR2, TODAY, TOMORROW } from './plan-fixture.ts';

interface Sent {
  topic: string;
  payload: string;
  options: { retain: boolean; qos: 0 | 1 };
}

/** A broker as the plan service sees it: records what it takes; `refuse` makes it refuse a gateway's topic. */
class RecordingPublisher implements PlanPublisher {
  readonly sent: Sent[] = [];
  readonly refused = new Set<string>();
  hang = false;

  publish(topic: string, payload: string, options: { retain: boolean; qos: 0 | 1 }): Promise<void> {
    if (this.hang) return new Promise(() => undefined);
    if ([...this.refused].some((id) => topic.includes(`/${id}/`)))
      return Promise.reject(new Error('connection closed'));
    this.sent.push({ topic, payload, options });
    return Promise.resolve();
  }

  take(): Sent[] {
    return this.sent.splice(0);
  }
}

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** A plan service on a real store, gateways at the vault and both branches, one more without its encryption key. */
function startService() {
  const fixture = openPlanStore();
  const centre = generateKeyPairSync('ed25519');
  const keys = new Map<string, KeyObject>();
  const register = (gatewayId: string, siteId: string, withKey = true) => {
    const encryption = generateKeyPairSync('x25519');
    keys.set(gatewayId, encryption.privateKey);
    const publicKey = publicKeyToRaw(generateKeyPairSync('ed25519').publicKey);
    fixture.store.gateways.register({
      gatewayId,
      siteId,
      publicKey,
      ...(withKey ? { encryptionPublicKey: publicKeyToPem(encryption.publicKey) } : {}),
    });
  };
  register('gw-a', 'BR-001');
  register('gw-b', 'BR-002');
  register('gw-v', 'VAULT-1');
  register('gw-nokey', 'BR-001', false);
  const publisher = new RecordingPublisher();
  let today = TODAY;
  const service = new PlanService({
    store: fixture.store,
    signingKey: centre.privateKey,
    publisher,
    clock: fixture.clock,
    logger: silentLogger,
    today: () => today,
  });
  cleanups.push(async () => {
    await service.stop();
    fixture.dispose();
  });
  return {
    ...fixture,
    service,
    publisher,
    register,
    setToday: (day: string) => {
      today = day;
    },
    /** The plan in a published bundle, verified as its gateway verifies it. */
    open: (sent: Sent): Promise<SitePlan> => {
      const gatewayId = sent.topic.split('/')[3] as string;
      const siteId = fixture.store.gateways.get(gatewayId)?.siteId as string;
      return verifySitePlan(sent.payload, centre.publicKey, { gatewayId, siteId });
    },
  };
}

const published = (outcome: PlanOutcome) =>
  outcome.ok
    ? outcome.publications.map((p) => (p.ok ? `${p.gatewayId}:v${p.version}` : `${p.gatewayId}:${p.code}`))
    : [];

describe('submitting a day plan', () => {
  it('stores version 1 and publishes each gateway its own bundle, retained, QoS 1', async () => {
    const s = startService();
    const outcome = await s.service.submit(dayDraft(TODAY, [runR1()]), 'dispatcher-1');
    expect(outcome).toMatchObject({ ok: true, date: TODAY, version: 1, bundleVersion: 20261123001, runs: 1 });
    expect(published(outcome)).toEqual([
      'gw-a:v1',
      'gw-b:v1',
      'gw-nokey:gateway.no_encryption_key',
      'gw-v:v1',
    ]);
    const sent = s.publisher.take();
    expect(sent.map((m) => [m.topic, m.options])).toEqual([
      ['vl/v1/gw/gw-a/plan', { retain: true, qos: 1 }],
      ['vl/v1/gw/gw-b/plan', { retain: true, qos: 1 }],
      ['vl/v1/gw/gw-v/plan', { retain: true, qos: 1 }],
    ]);
    const plans = await Promise.all(sent.map((m) => s.open(m)));
    expect(plans.map((p) => [p.gatewayId, p.siteId, p.version, p.runs.map((r) => r.runId)])).toEqual([
      ['gw-a', 'BR-001', 20261123001, ['R1']],
      ['gw-b', 'BR-002', 20261123001, ['R1']],
      ['gw-v', 'VAULT-1', 20261123001, ['R1']],
    ]);
    expect(s.store.planPublications.latest('gw-a', TODAY)).toMatchObject({
      version: 1,
      siteId: 'BR-001',
      jws: sent[0]?.payload,
    });
    expect(s.service.current(TODAY)?.change).toEqual({ kind: 'submit', by: 'dispatcher-1' });
    const audit = s.store.audit.list().map((e) => `${e.actor} ${e.action} ${e.target}`);
    expect(audit).toEqual([
      'dispatcher-1 plan.submitted plan:2026-11-23',
      'dispatcher-1 plan.published gateway:gw-a',
      'dispatcher-1 plan.published gateway:gw-b',
      'dispatcher-1 plan.not-published gateway:gw-nokey',
      'dispatcher-1 plan.published gateway:gw-v',
    ]);
  });

  it('refuses an invalid plan with its problems, and changes nothing', async () => {
    const s = startService();
    await s.service.submit(dayDraft(TODAY, [runR1()]), 'dispatcher-1');
    s.publisher.take();
    const outcome = await s.service.submit(dayDraft(TODAY, [{ ...runR1(), crew: ['E1'] }]), 'dispatcher-1');
    expect(outcome).toEqual({
      ok: false,
      problems: [
        {
          path: '/runs/0/crew',
          code: 'crew.too_few',
          params: { runId: 'R1', count: 1 },
          message: 'run R1 has 1 escort(s); every run needs at least two different escorts',
        },
      ],
    });
    expect(s.store.plans.versions(TODAY)).toEqual([1]);
    expect(s.publisher.sent).toEqual([]);
    expect(s.store.audit.list().at(-1)).toMatchObject({
      actor: 'dispatcher-1',
      action: 'plan.refused',
      target: 'plan:2026-11-23',
      detail: { problems: 1, codes: ['crew.too_few'] },
    });
  });

  it('numbers versions per day and publishes each new one to every gateway', async () => {
    const s = startService();
    await s.service.submit(dayDraft(TODAY, [runR1()]), 'dispatcher-1');
    const second = await s.service.submit(dayDraft(TODAY, [runR1(), runR2()]), 'dispatcher-2');
    expect(second).toMatchObject({ ok: true, version: 2, bundleVersion: 20261123002 });
    expect(published(second)).toEqual([
      'gw-a:v2',
      'gw-b:v2',
      'gw-nokey:gateway.no_encryption_key',
      'gw-v:v2',
    ]);
    expect(s.service.versions(TODAY)).toEqual([
      { version: 1, savedAt: s.clock.now(), runs: 1, change: { kind: 'submit', by: 'dispatcher-1' } },
      { version: 2, savedAt: s.clock.now(), runs: 2, change: { kind: 'submit', by: 'dispatcher-2' } },
    ]);
    // A reason is audited once, not at every attempt.
    expect(s.store.audit.list().filter((e) => e.action === 'plan.not-published')).toHaveLength(2);
  });

  it('stores a later day at once and publishes it when that day begins', async () => {
    const s = startService();
    const outcome = await s.service.submit(dayDraft(TOMORROW, [runR1(TOMORROW)]), 'dispatcher-1');
    expect(outcome).toMatchObject({
      ok: true,
      date: TOMORROW,
      version: 1,
      bundleVersion: 20261124001,
      publications: [],
    });
    expect(s.publisher.sent).toEqual([]);
    s.service.start();
    await s.clock.advance(5_000);
    expect(s.publisher.sent).toEqual([]);
    s.setToday(TOMORROW);
    await s.clock.advance(5_000);
    await s.service.stop();
    expect(s.publisher.take().map((m) => m.topic)).toEqual([
      'vl/v1/gw/gw-a/plan',
      'vl/v1/gw/gw-b/plan',
      'vl/v1/gw/gw-v/plan',
    ]);
    expect(
      s.store.audit
        .list()
        .filter((e) => e.action === 'plan.published')
        .map((e) => e.actor),
    ).toEqual(['centre', 'centre', 'centre']);
  });

  it('takes a CSV file, with problems at their line and column', async () => {
    const s = startService();
    const csv = [
      'run_id,vehicle_id,crew,stop_seq,site_id,kind,window_start,window_end,boxes',
      'R1,V1,E1,1,VAULT-1,dispatch,2026-11-23T08:00:00+08:00,2026-11-23T08:30:00+08:00,',
    ].join('\n');
    const refused = await s.service.submitCsv(csv, 'dispatcher-1');
    expect(refused.ok ? [] : refused.problems.map((p) => `${p.path}: ${p.code}`)).toEqual([
      'line 2, column crew: crew.too_few',
    ]);
    const accepted = await s.service.submitCsv(csv.replace(',E1,', ',E1|E2,'), 'dispatcher-1');
    expect(published(accepted)).toEqual([
      'gw-a:v1',
      'gw-b:v1',
      'gw-nokey:gateway.no_encryption_key',
      'gw-v:v1',
    ]);
  });
});

describe('an ad-hoc run', () => {
  it('is a new version that reaches only the gateways of its sites; the others keep theirs', async () => {
    const s = startService();
    await s.service.submit(dayDraft(TODAY, [runR1()]), 'dispatcher-1');
    s.publisher.take();
    const outcome = await s.service.addAdHocRun(TODAY, runR2(), 'dispatcher-2');
    expect(outcome).toMatchObject({ ok: true, version: 2, runs: 2 });
    // The gateway that never had a bundle is tried again with every publication (its reason audited once).
    expect(published(outcome)).toEqual(['gw-b:v2', 'gw-nokey:gateway.no_encryption_key', 'gw-v:v2']);
    const [toB] = s.publisher.take();
    expect((await s.open(toB as Sent)).runs.map((r) => r.runId)).toEqual(['R1', 'R2']);
    expect(s.service.current(TODAY)?.change).toEqual({
      kind: 'ad-hoc',
      by: 'dispatcher-2',
      runId: 'R2',
      sites: ['BR-002', 'VAULT-1'],
    });
    expect(s.service.publications(TODAY)).toEqual([
      {
        gatewayId: 'gw-a',
        siteId: 'BR-001',
        published: { version: 1, bundleVersion: 20261123001, publishedAt: s.clock.now() },
        upToDate: true,
      },
      {
        gatewayId: 'gw-b',
        siteId: 'BR-002',
        published: { version: 2, bundleVersion: 20261123002, publishedAt: s.clock.now() },
        upToDate: true,
      },
      {
        gatewayId: 'gw-nokey',
        siteId: 'BR-001',
        upToDate: false,
        problem: {
          code: 'gateway.no_encryption_key',
          reason:
            'gateway gw-nokey has no encryption key registered, so its fingerprint templates cannot be sent to it; register the key it printed at init (vaultline-center gateway add --encryption-key)',
        },
      },
      {
        gatewayId: 'gw-v',
        siteId: 'VAULT-1',
        published: { version: 2, bundleVersion: 20261123002, publishedAt: s.clock.now() },
        upToDate: true,
      },
    ]);
    expect(s.store.audit.list().find((e) => e.action === 'plan.run-added')).toMatchObject({
      actor: 'dispatcher-2',
      target: 'plan:2026-11-23',
      detail: { version: 2, runs: 2, runId: 'R2', sites: ['BR-002', 'VAULT-1'] },
    });
  });

  it('is refused when it clashes with the day, and nothing changes', async () => {
    const s = startService();
    await s.service.submit(dayDraft(TODAY, [runR1()]), 'dispatcher-1');
    s.publisher.take();
    const outcome = await s.service.addAdHocRun(TODAY, { ...runR2(), runId: 'R1' }, 'dispatcher-2');
    expect(outcome.ok ? [] : outcome.problems.map((p) => `${p.path} ${p.code}`)).toEqual([
      '/runId run.duplicate',
    ]);
    const badDay = await s.service.addAdHocRun('23.11.2026', runR2(), 'dispatcher-2');
    expect(badDay.ok ? [] : badDay.problems.map((p) => `${p.path}: ${p.message}`)).toEqual([
      '/date: "23.11.2026" is not a day, e.g. 2026-11-23',
    ]);
    expect(s.store.plans.versions(TODAY)).toEqual([1]);
    expect(s.publisher.sent).toEqual([]);
  });

  it("on a day without a plan is that day's version 1", async () => {
    const s = startService();
    const outcome = await s.service.addAdHocRun(TODAY, runR2(), 'dispatcher-2');
    expect(outcome).toMatchObject({ ok: true, version: 1, runs: 1 });
    expect(published(outcome)).toEqual(['gw-b:v1', 'gw-v:v1']);
    // Branch A has nothing to do today: it needs no bundle.
    expect(s.service.publications(TODAY).find((g) => g.gatewayId === 'gw-a')).toEqual({
      gatewayId: 'gw-a',
      siteId: 'BR-001',
      upToDate: true,
    });
  });
});

describe('publishing to gateways', () => {
  it('sends a gateway registered later the current plan', async () => {
    const s = startService();
    await s.service.submit(dayDraft(TODAY, [runR1()]), 'dispatcher-1');
    s.publisher.take();
    s.register('gw-a2', 'BR-001');
    expect(s.service.publications(TODAY).find((g) => g.gatewayId === 'gw-a2')).toEqual({
      gatewayId: 'gw-a2',
      siteId: 'BR-001',
      upToDate: false,
    });
    const outcomes = await s.service.publishTo('gw-a2');
    expect(outcomes.map((o) => o.ok && `${o.gatewayId}:v${o.version}`)).toEqual(['gw-a2:v1']);
    expect((await s.service.publishTo('gw-a2')).length).toBe(0);
    expect(s.publisher.take().map((m) => m.topic)).toEqual(['vl/v1/gw/gw-a2/plan']);
  });

  it("republishes each gateway's last bundle unchanged after a broker restart", async () => {
    const s = startService();
    await s.service.submit(dayDraft(TODAY, [runR1()]), 'dispatcher-1');
    await s.service.addAdHocRun(TODAY, runR2(), 'dispatcher-2');
    const first = s.publisher.take();
    await s.service.republishLatest();
    const again = s.publisher.take();
    const last = (id: string, sent: Sent[]) =>
      sent.filter((m) => m.topic.includes(`/${id}/`)).at(-1)?.payload;
    expect(again.map((m) => m.topic).sort()).toEqual([
      'vl/v1/gw/gw-a/plan',
      'vl/v1/gw/gw-b/plan',
      'vl/v1/gw/gw-v/plan',
    ]);
    for (const id of ['gw-a', 'gw-b', 'gw-v']) expect(last(id, again)).toBe(last(id, first));
    expect(again.every((m) => m.options.retain && m.options.qos === 1)).toBe(true);
  });

  it('retries a bundle the broker did not take with the very same bundle, and reports why meanwhile', async () => {
    const s = startService();
    s.publisher.refused.add('gw-a');
    const outcome = await s.service.submit(dayDraft(TODAY, [runR1()]), 'dispatcher-1');
    expect(outcome.ok && outcome.publications[0]).toEqual({
      gatewayId: 'gw-a',
      siteId: 'BR-001',
      ok: false,
      code: 'publish.failed',
      reason: 'the broker did not take the bundle (connection closed); it is sent again within seconds',
    });
    expect(s.service.publications(TODAY)[0]).toMatchObject({
      gatewayId: 'gw-a',
      upToDate: false,
      problem: { code: 'publish.failed' },
    });
    s.publisher.take();
    s.service.start();
    await s.clock.advance(5_000);
    expect(s.publisher.sent).toEqual([]);
    s.publisher.refused.clear();
    await s.clock.advance(5_000);
    await s.service.stop();
    const [retry] = s.publisher.take();
    expect(retry?.topic).toBe('vl/v1/gw/gw-a/plan');
    expect(retry?.payload).toBe(s.store.planPublications.latest('gw-a', TODAY)?.jws);
    expect(s.service.publications(TODAY)[0]).toMatchObject({
      gatewayId: 'gw-a',
      upToDate: true,
      published: { version: 1 },
    });
    expect(
      s.store.audit
        .list()
        .filter((e) => e.target === 'gateway:gw-a')
        .map((e) => `${e.actor} ${e.action}`),
    ).toEqual(['dispatcher-1 plan.not-published', 'centre plan.published']);
  });

  it('gives up waiting for a broker that does not acknowledge', async () => {
    const s = startService();
    s.publisher.hang = true;
    let outcome: PlanOutcome | undefined;
    const submitted = s.service.submit(dayDraft(TODAY, [runR2()]), 'dispatcher-1').then((o) => {
      outcome = o;
    });
    // Each gateway's bundle is signed (real crypto, off the fake clock) before its wait begins.
    for (let i = 0; i < 100 && !outcome; i++) {
      await s.clock.advance(10_000);
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    await submitted;
    if (!outcome) throw new Error('the submit never finished');
    expect(published(outcome)).toEqual([
      'gw-a:publish.failed',
      'gw-b:publish.failed',
      'gw-nokey:gateway.no_encryption_key',
      'gw-v:publish.failed',
    ]);
    expect(outcome.ok && outcome.publications[0]).toMatchObject({
      reason:
        'the broker did not take the bundle (no acknowledgement within 10000 ms); it is sent again within seconds',
    });
  });
});
