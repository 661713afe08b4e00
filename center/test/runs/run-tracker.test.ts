import { silentLogger } from '@vaultline/shared';
import type { EventEnvelope } from '@vaultline/shared/contract/event-envelope';
import { describe, expect, it } from 'vitest';
import { offsetM } from '../../src/rules/geo.ts';
import { replayDay } from '../../src/runs/day-replay.ts';
import { RunTracker } from '../../src/runs/run-tracker.ts';
import type { RunProgressEvent } from '../../src/runs/run-views.ts';
import { type AlarmStores, alarmService, alarmStores } from '../alarms/alarm-harness.ts';
import { MemoryEventStore } from '../alarms/memory-ports.ts';
import { at, DAY, PLAN, VAULT } from './day-fixture.ts';
import { BranchGateway } from './run-events-fixture.ts';

interface Centre extends AlarmStores {
  events: MemoryEventStore;
}

function centreStores(): Centre {
  return { ...alarmStores(at('08:00')), events: new MemoryEventStore() };
}

/** The centre's alarms and run tracker over `stores`; a second call is the centre after a restart. */
let trackers = 0;

function centre(stores: Centre = centreStores()) {
  const harness = alarmService(stores);
  // Unique across trackers, as ULIDs are: a restarted centre never reuses an alarm id.
  const prefix = `T${++trackers}-rule-`;
  let ids = 0;
  const tracker = new RunTracker({
    alarms: harness.alarms,
    clock: stores.clock,
    newAlarmId: () => `${prefix}${++ids}`,
    logger: silentLogger,
    events: stores.events,
  });
  const progress: RunProgressEvent[] = [];
  tracker.onProgress((event) => progress.push(event));
  /** What ingest does: store, then tell the tracker and the alarms. */
  const ingest = (...envelopes: EventEnvelope[]) => {
    for (const envelope of envelopes) {
      stores.events.appendVerified(envelope.gw, [envelope]);
      tracker.onGatewayEvents(envelope.gw, [envelope]);
      harness.alarms.onGatewayEvents(envelope.gw, [envelope]);
    }
  };
  return { ...harness, tracker, progress, ingest, stores };
}

const stopEvents = (events: RunProgressEvent[]) =>
  events.flatMap((e) => (e.type === 'stop' ? [`${e.runId}/${e.stop.seq} ${e.stop.state}`] : []));

describe('RunTracker', () => {
  it('reports stop progress and raises STOP_SKIPPED through the alarms, stamped with the plan day', () => {
    const { tracker, ingest, progress, alarms } = centre();
    tracker.loadPlan(PLAN);
    expect(progress).toEqual([{ type: 'plan', date: DAY, version: 1 }]);
    const b1 = new BranchGateway(1);
    ingest(b1.arrived('09:05'), b1.verified('09:06'), b1.completed('09:20'));
    ingest(new BranchGateway(3).arrived('10:40'));
    expect(stopEvents(progress)).toEqual([
      'R1/1 arrived',
      'R1/1 in-progress',
      'R1/1 completed',
      'R1/3 arrived',
      'R1/2 skipped',
    ]);
    const [skipped] = alarms.list({ kind: 'STOP_SKIPPED' });
    expect(skipped).toMatchObject({
      source: 'centre',
      runId: 'R1',
      stopSeq: 2,
      siteId: 'B2',
      vehicleId: 'V1',
      raisedAt: at('10:40'),
      detail: { planDate: DAY, arrivedAtStopSeq: 3 },
    });
    expect(tracker.view()?.runs[0]?.stops.map((s) => s.state)).toEqual(['completed', 'skipped', 'arrived']);
  });

  it('raises LATE_ARRIVAL on its own ticks once a window closes with no arrival', async () => {
    const { tracker, alarms, clock, progress } = centre();
    tracker.loadPlan(PLAN);
    tracker.start();
    await clock.advance(at('09:29') - clock.now());
    expect(alarms.list({ kind: 'LATE_ARRIVAL' })).toEqual([]);
    await clock.advance(2 * 60_000);
    expect(alarms.list({ kind: 'LATE_ARRIVAL' })).toEqual([
      expect.objectContaining({ runId: 'R1', stopSeq: 1, siteId: 'B1', state: 'raised' }),
    ]);
    expect(stopEvents(progress)).toEqual(['R1/1 late']);
    tracker.stop();
    expect(clock.pending).toBe(0);
  });

  it('feeds vehicle positions to the route rules and streams them at most every 5 s', () => {
    const { tracker, alarms, progress } = centre();
    tracker.loadPlan(PLAN);
    const off = offsetM(VAULT, 3000, 1500);
    for (let s = 0; s <= 90; s += 10) {
      const ts = new Date(at('09:40') + s * 1000).toISOString();
      expect(tracker.position('V1', JSON.stringify({ ts, ...off, speedKmh: 40, headingDeg: 0 }))).toBe(true);
    }
    expect(alarms.list({ kind: 'ROUTE_DEVIATION' })).toEqual([
      expect.objectContaining({
        runId: 'R1',
        vehicleId: 'V1',
        state: 'raised',
        detail: expect.objectContaining({ planDate: DAY }),
      }),
    ]);
    const ts = new Date(at('09:40') + 92_000).toISOString();
    tracker.position('V1', Buffer.from(JSON.stringify({ ts, ...off, speedKmh: 40, headingDeg: 0 })));
    // Fixes 10 s apart all go out; the one 2 s after the last does not.
    expect(progress.filter((e) => e.type === 'position')).toHaveLength(10);
    expect(tracker.view()?.runs[0]?.vehiclePosition?.ts).toBe(ts);
  });

  it('counts and ignores positions that break the contract', () => {
    const { tracker } = centre();
    tracker.loadPlan(PLAN);
    expect(tracker.position('V1', 'not json')).toBe(false);
    expect(
      tracker.position('V1', '{"ts":"2026-11-23T01:00:00Z","lat":91,"lon":0,"speedKmh":0,"headingDeg":0}'),
    ).toBe(false);
    expect(tracker.metrics()).toMatchObject({ positions: 0, invalidPositions: 2 });
  });

  it('after a restart, replays the stored day: same progress, no new alarm, later clears reach the stored ones', async () => {
    const stores = centreStores();
    const before = centre(stores);
    before.tracker.loadPlan(PLAN);
    const b1 = new BranchGateway(1);
    const b2 = new BranchGateway(2);
    before.ingest(b1.arrived('09:05'), b1.completed('09:20'), new BranchGateway(3).arrived('10:40'));
    before.tracker.tick(at('10:45'));
    const alarmsBefore = before.alarms.list({}).map((a) => `${a.kind} ${a.stopSeq}`);
    expect(alarmsBefore.sort()).toEqual(['LATE_ARRIVAL 2', 'STOP_SKIPPED 2']);

    const after = centre(stores);
    await stores.clock.advance(at('10:50') - stores.clock.now());
    after.tracker.loadPlan(PLAN);
    expect(stores.store.rows.size).toBe(2);
    expect(after.tracker.view()?.runs[0]?.stops.map((s) => s.state)).toEqual([
      'completed',
      'skipped',
      'arrived',
    ]);
    after.ingest(b2.arrived('10:55'), b2.completed('11:05'));
    const skipped = after.alarms.list({ kind: 'STOP_SKIPPED' })[0];
    expect(skipped?.clearReason).toBe('the skipped stop was completed after all');
    expect(after.alarms.list({ kind: 'LATE_ARRIVAL' })[0]?.clearedAt).toBe(at('10:55'));
    expect(stores.store.rows.size).toBe(2);
  });

  it('rebuilds the progress of another day from the stored events, raising nothing', () => {
    const { ingest, stores, alarms } = centre();
    const b1 = new BranchGateway(1);
    ingest(b1.arrived('09:05'), b1.completed('09:20'));
    const view = replayDay(PLAN, stores.events, at('23:00'));
    expect(view.runs[0]?.stops.map((s) => s.state)).toEqual(['completed', 'late', 'late']);
    expect(alarms.list({})).toEqual([]);
  });
});
