import { describe, expect, it } from 'vitest';
import { RoutePath } from '../../src/vehicle/route-path.ts';
import { CITY_ROUTE, destination, legsRoute, ORIGIN, sphereDistanceM } from './route-fixtures.ts';

describe('RoutePath', () => {
  it('measures a city route as the sphere does, within 0.1 %', () => {
    const path = new RoutePath(CITY_ROUTE);
    expect(path.lengthM).toBeGreaterThan(4_200 * 0.999);
    expect(path.lengthM).toBeLessThan(4_200 * 1.001);
  });

  it('places points along the route where the sphere puts them', () => {
    const path = new RoutePath(CITY_ROUTE);
    const at2000 = path.toGeo(path.pointAt(2_000)); // 500 m up the northbound leg
    expect(sphereDistanceM(at2000, destination(CITY_ROUTE[15]!, 0, 500))).toBeLessThan(2);
    expect(path.toGeo(path.pointAt(-5))).toEqual(path.toGeo(path.pointAt(0)));
    expect(sphereDistanceM(path.toGeo(path.pointAt(1e9)), CITY_ROUTE.at(-1)!)).toBeLessThan(0.01);
  });

  it('locates a place passed twice at the first pass after fromM', () => {
    const path = new RoutePath(
      legsRoute(ORIGIN, [
        [90, 1_000],
        [270, 1_000],
      ]),
    );
    const beside = destination(destination(ORIGIN, 90, 300), 0, 40);
    const first = path.locate(beside);
    expect(first.alongM).toBeCloseTo(300, 0);
    expect(first.offsetM).toBeCloseTo(40, 0);
    expect(path.locate(beside, first.alongM + 200).alongM).toBeCloseTo(1_700, 0);
  });

  it('finds the corners of at least a given angle', () => {
    const turns = new RoutePath(CITY_ROUTE).turns(45);
    expect(turns.map((t) => Math.round(t.alongM))).toEqual([1_500, 2_500, 3_700]);
    expect(turns.map((t) => Math.round(t.angleDeg))).toEqual([90, 60, 60]);
  });

  it('refuses a route without two distinct points', () => {
    expect(() => new RoutePath([ORIGIN, ORIGIN])).toThrow(/at least two distinct points/);
  });
});
