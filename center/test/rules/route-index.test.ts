import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LocalProjection, offsetM } from '../../src/rules/geo.ts';
import { RouteIndex } from '../../src/rules/route-index.ts';
import { roadLikeRoute, seededRandom, straightRoute } from '../../src/rules/synthetic-routes.ts';

const CITY = { lat: 39.9, lon: 116.4 };

function indexed(route: ReturnType<typeof straightRoute>, cellM?: number) {
  const projection = LocalProjection.around(route);
  return { projection, index: new RouteIndex(route, projection, cellM) };
}

describe('RouteIndex', () => {
  it('agrees with a scan of every segment, for any route, point, limit and cell size', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 2 ** 31 }),
        fc.integer({ min: 1, max: 400 }),
        fc.integer({ min: 20, max: 2_000 }),
        fc.array(
          fc.record({
            east: fc.double({ min: -15_000, max: 15_000, noNaN: true }),
            north: fc.double({ min: -15_000, max: 15_000, noNaN: true }),
            limit: fc.double({ min: 1, max: 3_000, noNaN: true }),
            hint: fc.integer({ min: -1, max: 400 }),
          }),
          { minLength: 1, maxLength: 30 },
        ),
        (seed, points, cellM, queries) => {
          const route = roadLikeRoute(seededRandom(seed), CITY, points, 80);
          const { projection, index } = indexed(route, cellM);
          for (const q of queries) {
            const p = offsetM(CITY, q.east, q.north);
            const x = projection.x(p.lon);
            const y = projection.y(p.lat);
            const exact = index.distanceM(x, y);
            // Exactly on the limit, rounding may go either way; everywhere else the answer is fixed.
            if (Math.abs(exact - q.limit) < 1e-6) continue;
            const found = index.segmentWithin(x, y, q.limit, q.hint);
            expect(found >= 0, `distance ${exact} vs limit ${q.limit}`).toBe(exact <= q.limit);
          }
        },
      ),
      { numRuns: 150 },
    );
  });

  it('finds a long diagonal segment that crosses many cells, only within the limit', () => {
    const a = offsetM(CITY, -10_000, -10_000);
    const b = offsetM(CITY, 10_000, 10_000);
    const { projection, index } = indexed([a, b], 250);
    // 300 m from the middle of the diagonal, perpendicular to it.
    const p = offsetM(CITY, -300 / Math.SQRT2, 300 / Math.SQRT2);
    const x = projection.x(p.lon);
    const y = projection.y(p.lat);
    expect(index.distanceM(x, y)).toBeCloseTo(300, 0);
    expect(index.segmentWithin(x, y, 500)).toBe(0);
    expect(index.segmentWithin(x, y, 200)).toBe(-1);
  });

  it('tries the hint and the segment after it before the grid', () => {
    const route = straightRoute(CITY, 90, 11, 100);
    const { projection, index } = indexed(route);
    const p = offsetM(CITY, 450, 20);
    const x = projection.x(p.lon);
    const y = projection.y(p.lat);
    expect(index.segmentWithin(x, y, 50, 4)).toBe(4);
    expect(index.segmentWithin(x, y, 50, 3)).toBe(4);
    // A hint that is not within the limit falls back to the grid, which finds the right one.
    expect(index.segmentWithin(x, y, 50, 9)).toBe(4);
  });

  it('treats an empty route as infinitely far and a one-point route as that point', () => {
    const empty = indexed([]);
    expect(empty.index.segmentCount).toBe(0);
    expect(empty.index.segmentWithin(0, 0, 1e6)).toBe(-1);
    expect(empty.index.distanceM(0, 0)).toBe(Number.POSITIVE_INFINITY);
    const one = indexed([CITY]);
    expect(one.index.segmentCount).toBe(1);
    const p = offsetM(CITY, 30, 40);
    expect(one.index.distanceM(one.projection.x(p.lon), one.projection.y(p.lat))).toBeCloseTo(50, 6);
    expect(one.index.segmentWithin(one.projection.x(p.lon), one.projection.y(p.lat), 51)).toBe(0);
  });
});
