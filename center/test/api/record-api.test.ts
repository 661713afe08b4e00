import { verifyEnvelope } from '@vaultline/shared/contract/event-chain';
import type { EventEnvelope } from '@vaultline/shared/contract/event-envelope';
import { afterEach, describe, expect, it } from 'vitest';
import { at, DAY, PLAN } from '../runs/day-fixture.ts';
import { BranchGateway } from '../runs/run-events-fixture.ts';
import { apiFixture, auth } from './api-fixture.ts';

let fixture: Awaited<ReturnType<typeof apiFixture>>;

afterEach(async () => {
  await fixture?.app.close();
});

/** Stores and announces envelopes the way ingest does. */
function ingest(...envelopes: EventEnvelope[]) {
  for (const envelope of envelopes) {
    fixture.events.appendVerified(envelope.gw, [envelope]);
    fixture.runs.onGatewayEvents(envelope.gw, [envelope]);
  }
}

describe('hand-over records API', () => {
  it('lists the signed records, newest first, filtered by site and run, and serves one by id', async () => {
    fixture = await apiFixture();
    const b1 = new BranchGateway(1);
    const b2 = new BranchGateway(2);
    ingest(b1.arrived('09:05'), b1.completed('09:20'), b2.arrived('10:05'), b2.completed('10:20'));
    const list = await fixture.app.inject({ url: '/api/v1/handovers', headers: auth('auditor') });
    expect(list.json().handovers.map((h: { handoverId: string }) => h.handoverId)).toEqual(['H2', 'H1']);
    const bySite = await fixture.app.inject({
      url: '/api/v1/handovers?siteId=B1&runId=R1',
      headers: auth('auditor'),
    });
    expect(bySite.json().handovers).toHaveLength(1);
    const none = await fixture.app.inject({ url: '/api/v1/handovers?runId=R9', headers: auth('auditor') });
    expect(none.json().handovers).toEqual([]);

    const one = await fixture.app.inject({ url: '/api/v1/handovers/H1', headers: auth('auditor') });
    const { handover } = one.json();
    expect(handover).toMatchObject({
      handoverId: 'H1',
      siteId: 'B1',
      runId: 'R1',
      stopSeq: 1,
      gatewayId: 'gw-1',
      seq: 2,
    });
    expect(handover.hash).toBe(handover.envelope.hash);
    // What the API serves is the record exactly as signed: an outside tool can verify it.
    expect(verifyEnvelope(handover.envelope, b1.chain.publicKey)).toBe(true);
    const missing = await fixture.app.inject({ url: '/api/v1/handovers/H404', headers: auth('auditor') });
    expect([missing.statusCode, missing.json().code]).toEqual([404, 'HANDOVER_NOT_FOUND']);
  });

  it("finds a record older than the store's default page", async () => {
    fixture = await apiFixture();
    const b1 = new BranchGateway(1);
    ingest(b1.completed('09:20', 'H-first'));
    for (let i = 0; i < 1_005; i++) ingest(b1.completed('09:21', `H-${i}`));
    const one = await fixture.app.inject({ url: '/api/v1/handovers/H-first', headers: auth('auditor') });
    expect(one.json().handover).toMatchObject({ handoverId: 'H-first', seq: 1 });
    const bySite = await fixture.app.inject({
      url: '/api/v1/handovers?siteId=B1&limit=1000',
      headers: auth('auditor'),
    });
    expect(bySite.json().handovers).toHaveLength(1000);
  });
});

describe('runs API', () => {
  it("answers the tracked day's runs with the state of every stop", async () => {
    fixture = await apiFixture();
    const b1 = new BranchGateway(1);
    ingest(b1.arrived('09:05'), b1.verified('09:06'));
    const response = await fixture.app.inject({ url: '/api/v1/runs', headers: auth('dispatcher') });
    expect(response.json()).toMatchObject({
      date: DAY,
      planVersion: 1,
      runs: [
        {
          runId: 'R1',
          vehicleId: 'V1',
          state: 'under-way',
          stops: [{ state: 'in-progress' }, { state: 'planned' }, { state: 'planned' }],
        },
      ],
    });
    const same = await fixture.app.inject({ url: `/api/v1/runs?date=${DAY}`, headers: auth('dispatcher') });
    expect(same.json()).toEqual(response.json());
  });

  it('rebuilds another day from its plan and stored events, and answers an empty day without a plan', async () => {
    const yesterday = '2026-11-22';
    const plan = { ...PLAN, date: yesterday };
    fixture = await apiFixture({ plans: { [yesterday]: plan } });
    const past = await fixture.app.inject({
      url: `/api/v1/runs?date=${yesterday}`,
      headers: auth('auditor'),
    });
    expect(past.json()).toMatchObject({ date: yesterday, planVersion: 1, runs: [{ runId: 'R1' }] });
    const empty = await fixture.app.inject({ url: '/api/v1/runs?date=2026-01-01', headers: auth('auditor') });
    expect(empty.json()).toEqual({ date: '2026-01-01', planVersion: null, runs: [] });
  });
});

describe('gateways API', () => {
  it('shows online, backlog, last stored seq and last status time of every registered gateway', async () => {
    fixture = await apiFixture();
    const b1 = new BranchGateway(1);
    ingest(b1.arrived('09:05'), b1.completed('09:20'));
    await fixture.clock.advance(at('09:21') - fixture.clock.now());
    fixture.monitor.status(
      'gw-1',
      JSON.stringify({
        online: true,
        devices: {},
        backlog: 4,
        backlogDetail: { count: 4, oldestAgeS: 3, bytes: 900, limitBytes: 10_000 },
        lastSeq: 6,
      }),
    );
    fixture.monitor.status('gw-2', '{"online":false}');
    const response = await fixture.app.inject({ url: '/api/v1/gateways', headers: auth('auditor') });
    const gateways = response.json().gateways;
    expect(gateways).toEqual([
      {
        gatewayId: 'gw-1',
        siteId: 'B1',
        registeredAt: new Date(0).toISOString(),
        online: true,
        lastStatusAt: new Date(at('09:21')).toISOString(),
        backlog: 4,
        backlogDetail: { count: 4, oldestAgeS: 3, bytes: 900, limitBytes: 10_000 },
        devices: {},
        lastSeq: 2,
        reportedLastSeq: 6,
        tampered: false,
      },
      expect.objectContaining({
        gatewayId: 'gw-2',
        online: false,
        backlog: null,
        lastSeq: 0,
        reportedLastSeq: null,
      }),
    ]);
  });
});
