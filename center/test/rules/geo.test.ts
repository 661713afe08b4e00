import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  haversineM,
  LocalProjection,
  M_PER_DEG_LAT,
  offsetM,
  segmentDistance2,
} from '../../src/rules/geo.ts';

describe('haversineM', () => {
  it('measures one degree of latitude as R·π/180 and a degree of longitude at 60° as about half', () => {
    expect(haversineM({ lat: 0, lon: 0 }, { lat: 1, lon: 0 })).toBeCloseTo(111_195.08, 1);
    expect(haversineM({ lat: 60, lon: 10 }, { lat: 60, lon: 11 })).toBeCloseTo(55_596, -1);
    expect(haversineM({ lat: 39.9, lon: 116.4 }, { lat: 39.9, lon: 116.4 })).toBe(0);
  });

  it('is symmetric across the antimeridian', () => {
    const a = { lat: 0, lon: 179.99 };
    const b = { lat: 0, lon: -179.99 };
    expect(haversineM(a, b)).toBeCloseTo(0.02 * M_PER_DEG_LAT, 0);
    expect(haversineM(b, a)).toBeCloseTo(haversineM(a, b), 6);
  });
});

describe('LocalProjection', () => {
  it('places offsetM points at exactly the requested metres from the origin', () => {
    const origin = { lat: 39.9, lon: 116.3 };
    const p = offsetM(origin, 1234, -567);
    const projection = new LocalProjection(origin);
    expect(projection.x(p.lon)).toBeCloseTo(1234, 6);
    expect(projection.y(p.lat)).toBeCloseTo(-567, 6);
    expect(haversineM(origin, offsetM(origin, 0, 1000))).toBeCloseTo(1000, 3);
  });

  it('is within 1 % of haversine for points within ±45 km of the centre up to 50° latitude', () => {
    fc.assert(
      fc.property(
        fc.double({ min: -50, max: 50, noNaN: true }),
        fc.double({ min: -180, max: 180, noNaN: true }),
        fc.array(fc.double({ min: -45_000, max: 45_000, noNaN: true }), { minLength: 4, maxLength: 4 }),
        (lat, lon, [ax, ay, bx, by]) => {
          const projection = new LocalProjection({ lat, lon });
          const a = projection.unproject(ax!, ay!);
          const b = projection.unproject(bx!, by!);
          const truth = haversineM(a, b);
          fc.pre(truth > 1);
          const flat = Math.hypot(
            projection.x(a.lon) - projection.x(b.lon),
            projection.y(a.lat) - projection.y(b.lat),
          );
          expect(Math.abs(flat - truth) / truth).toBeLessThan(0.01);
        },
      ),
    );
  });

  it('centres on the bounding box and keeps a route across the antimeridian contiguous', () => {
    const projection = LocalProjection.around([
      { lat: 10, lon: 179.99 },
      { lat: 10.02, lon: -179.99 },
    ]);
    expect(projection.origin.lat).toBeCloseTo(10.01, 9);
    expect(Math.abs(projection.origin.lon)).toBeCloseTo(180, 9);
    const width = projection.x(-179.99) - projection.x(179.99);
    expect(width).toBeCloseTo(0.02 * projection.mPerDegLon, 3);
    expect(width).toBeGreaterThan(0);
  });
});

describe('segmentDistance2', () => {
  it('measures to the perpendicular foot inside the segment and to the nearest end outside it', () => {
    expect(segmentDistance2(5, 3, 0, 0, 10, 0)).toBe(9);
    expect(segmentDistance2(-3, 4, 0, 0, 10, 0)).toBe(25);
    expect(segmentDistance2(13, 4, 0, 0, 10, 0)).toBe(25);
    expect(segmentDistance2(3, 4, 0, 0, 0, 0)).toBe(25);
  });
});
