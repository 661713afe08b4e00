import type { GeoPoint } from '@vaultline/shared/plan/plan-schema';
import { offsetM } from './geo.ts';

/**
 * Planned routes made up for tests, benchmarks and demos (never for real plans): a straight road, and a
 * road-like polyline of equal steps that mostly runs straight and sometimes turns at a junction.
 */

/** A seeded pseudo-random source in [0, 1) (mulberry32), so generated routes are the same every run. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
  };
}

/** `points` points `stepM` apart from `start` heading `bearingDeg` (0 north, 90 east). */
export function straightRoute(
  start: GeoPoint,
  bearingDeg: number,
  points: number,
  stepM: number,
): GeoPoint[] {
  const east = Math.sin((bearingDeg * Math.PI) / 180);
  const north = Math.cos((bearingDeg * Math.PI) / 180);
  return Array.from({ length: points }, (_, i) => offsetM(start, east * i * stepM, north * i * stepM));
}

/**
 * `points` points `stepM` apart: the heading drifts a few degrees per step (a bending street) and turns
 * by ±90° at about one step in `junctionEvery` (a junction).
 */
export function roadLikeRoute(
  random: () => number,
  start: GeoPoint,
  points: number,
  stepM: number,
  junctionEvery = 20,
): GeoPoint[] {
  const route: GeoPoint[] = [start];
  let heading = random() * 2 * Math.PI;
  for (let i = 1; i < points; i++) {
    // ±4° of drift per step; a junction turns a quarter left or right.
    heading += (random() - 0.5) * 0.14;
    if (random() < 1 / junctionEvery) heading += random() < 0.5 ? Math.PI / 2 : -Math.PI / 2;
    const last = route[i - 1]!;
    route.push(offsetM(last, Math.sin(heading) * stepM, Math.cos(heading) * stepM));
  }
  return route;
}
