import type { GeoPoint } from '@vaultline/shared/plan/plan-schema';
import { describe, expect, it } from 'vitest';
import { buildRuns } from '../../src/plans/day-plan-builder.ts';
import { plannedRoute } from '../../src/plans/planned-route.ts';
import { haversineM, LocalProjection } from '../../src/rules/geo.ts';
import { runR1, SITES } from './plan-fixture.ts';

const { vault, branchA, branchB } = SITES;
const STOPS = [vault.position, branchA.position, branchB.position, vault.position];

const lengthM = (route: readonly GeoPoint[]) =>
  route.slice(1).reduce((sum, point, i) => sum + haversineM(route[i]!, point), 0);

/** East–west plus north–south distance between two points: what a drive along a street grid covers. */
function gridDistanceM(from: GeoPoint, to: GeoPoint): number {
  const projection = new LocalProjection(from);
  return Math.abs(projection.x(to.lon)) + Math.abs(projection.y(to.lat));
}

describe('a route computed from the stops', () => {
  it('is the same for the same run id, and another for another run', () => {
    expect(plannedRoute('R1', STOPS)).toEqual(plannedRoute('R1', STOPS));
    expect(plannedRoute('R2', STOPS)).not.toEqual(plannedRoute('R1', STOPS));
  });

  it('passes through every stop in order, on street-grid blocks, without detours', () => {
    const route = plannedRoute('R1', STOPS);
    const stopIndexes = STOPS.map((stop, i) =>
      route.findIndex((p, at) => at >= i && p.lat === stop.lat && p.lon === stop.lon),
    );
    expect(
      stopIndexes.every((index, i) => index >= 0 && (i === 0 || index > (stopIndexes[i - 1] as number))),
    ).toBe(true);
    expect(route[0]).toEqual(vault.position);
    expect(route.at(-1)).toEqual(vault.position);
    for (let i = 1; i < route.length; i++) {
      const [a, b] = [route[i - 1]!, route[i]!];
      // Along one axis only: a north–south block keeps the longitude, an east–west one the latitude.
      expect(Math.min(Math.abs(a.lat - b.lat), Math.abs(a.lon - b.lon))).toBeLessThan(1e-5);
      expect(haversineM(a, b)).toBeLessThanOrEqual(801);
    }
    const grid = STOPS.slice(1).reduce((sum, stop, i) => sum + gridDistanceM(STOPS[i]!, stop), 0);
    expect(Math.abs(lengthM(route) - grid)).toBeLessThan(0.001 * grid);
    // A road-like route: several blocks per leg, not one dog-leg.
    expect(route.length).toBeGreaterThan(3 * 4);
  });

  it('is the stop itself for a run that stays at one site', () => {
    expect(plannedRoute('R9', [vault.position, vault.position])).toEqual([vault.position, vault.position]);
    expect(plannedRoute('R9', [])).toEqual([]);
  });
});

describe('runs built from a validated draft', () => {
  const site = (id: string) =>
    Object.values(SITES)
      .map((s) => ({ ...s, geofenceM: 150 }))
      .find((s) => s.siteId === id);

  it('number the stops, place them at their sites, and compute a route when none is given', () => {
    const [run] = buildRuns([runR1()], site);
    expect(run?.stops.map((s) => [s.seq, s.siteId, s.position, s.geofenceM])).toEqual([
      [1, 'VAULT-1', vault.position, 150],
      [2, 'BR-001', branchA.position, 150],
      [3, 'BR-002', branchB.position, 150],
      [4, 'VAULT-1', vault.position, 150],
    ]);
    expect(run?.route).toEqual(plannedRoute('R1', STOPS));
  });

  it('keep the route the planner gave', () => {
    const route = [vault.position, branchA.position, branchB.position, vault.position];
    expect(buildRuns([{ ...runR1(), route }], site)[0]?.route).toEqual(route);
  });
});
