import { describe, expect, it } from 'vitest';
import { DayProgress } from '../../src/runs/day-progress.ts';
import { type RunEvent, readRunEvent } from '../../src/runs/run-events.ts';
import { at, DAY, PLAN } from './day-fixture.ts';
import { BranchGateway } from './run-events-fixture.ts';

const read = (envelope: Parameters<typeof readRunEvent>[0]) => readRunEvent(envelope) as RunEvent;
const states = (progress: DayProgress, now: number) => progress.view(now).runs[0]!.stops.map((s) => s.state);

describe('DayProgress', () => {
  it('follows a stop from planned to arrived, in progress, aborted, again and completed', () => {
    const progress = new DayProgress(PLAN);
    const b1 = new BranchGateway(1);
    expect(states(progress, at('08:00'))).toEqual(['planned', 'planned', 'planned']);
    expect(progress.apply(read(b1.arrived('09:05')))).toEqual([{ runId: 'R1', seq: 1 }]);
    expect(states(progress, at('09:06'))[0]).toBe('arrived');
    progress.apply(read(b1.verified('09:07')));
    expect(states(progress, at('09:07'))[0]).toBe('in-progress');
    progress.apply(read(b1.aborted('09:10')));
    expect(progress.view(at('09:10')).runs[0]!.stops[0]).toMatchObject({
      state: 'arrived',
      aborts: 1,
      lastAbortReason: 'manager aborted',
    });
    progress.apply(read(b1.arrived('09:12', 'H1b')));
    // A crew check of the aborted hand-over no longer counts.
    expect(progress.apply(read(b1.verified('09:13', 'H1')))).toEqual([]);
    progress.apply(read(b1.verified('09:14', 'H1b')));
    progress.apply(read(b1.completed('09:20', 'H1b')));
    expect(progress.view(at('09:21')).runs[0]).toMatchObject({
      state: 'under-way',
      completedStops: 1,
      stops: [
        {
          seq: 1,
          siteId: 'B1',
          state: 'completed',
          late: false,
          arrivedAt: new Date(at('09:05')).toISOString(),
          completedAt: new Date(at('09:20')).toISOString(),
          handoverId: 'H1b',
          gatewayId: 'gw-1',
        },
        { state: 'planned' },
        { state: 'planned' },
      ],
    });
  });

  it('marks earlier stops skipped when the run reaches a later one, until they are completed after all', () => {
    const progress = new DayProgress(PLAN);
    const changed = progress.apply(read(new BranchGateway(3).arrived('09:40')));
    expect(changed).toEqual([
      { runId: 'R1', seq: 3 },
      { runId: 'R1', seq: 1 },
      { runId: 'R1', seq: 2 },
    ]);
    expect(states(progress, at('09:41'))).toEqual(['skipped', 'skipped', 'arrived']);
    progress.apply(read(new BranchGateway(2).completed('10:10')));
    expect(states(progress, at('10:11'))).toEqual(['skipped', 'completed', 'arrived']);
  });

  it('turns a stop late when its window closes without an arrival, once', () => {
    const progress = new DayProgress(PLAN);
    progress.apply(read(new BranchGateway(1).arrived('09:40')));
    expect(progress.tick(at('10:31'))).toEqual([{ runId: 'R1', seq: 2 }]);
    expect(progress.tick(at('10:45'))).toEqual([]);
    const [first, second] = progress.view(at('10:45')).runs[0]!.stops;
    expect(first).toMatchObject({ state: 'arrived', late: true });
    expect(second).toMatchObject({ state: 'late', late: true });
  });

  it('keeps the newest fix of vehicles on its runs only', () => {
    const progress = new DayProgress(PLAN);
    const fix = (ts: string) => ({ ts, lat: 30.66, lon: 104.07, speedKmh: 40, headingDeg: 90 });
    expect(progress.position('V1', fix(`${DAY}T01:00:10Z`))).toBe(true);
    expect(progress.position('V1', fix(`${DAY}T01:00:05Z`))).toBe(false);
    expect(progress.position('V9', fix(`${DAY}T01:00:20Z`))).toBe(false);
    expect(progress.view(at('09:00')).runs[0]!.vehiclePosition?.ts).toBe(`${DAY}T01:00:10Z`);
  });

  it('ignores events of runs and stops it does not know', () => {
    const progress = new DayProgress(PLAN);
    const other = new BranchGateway(9);
    expect(progress.apply(read(other.arrived('09:00')))).toEqual([]);
    expect(progress.apply({ type: 'activity', handoverId: 'unknown', at: 0 })).toEqual([]);
  });
});
