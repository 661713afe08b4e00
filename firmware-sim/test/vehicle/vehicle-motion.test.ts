import type { GeoPoint } from '@vaultline/shared/plan/plan-schema';
import { describe, expect, it } from 'vitest';
import { seededRandom } from '../../src/vehicle/drive-profile.ts';
import { RoutePath } from '../../src/vehicle/route-path.ts';
import { type VehicleFix, VehicleMotion, type VehicleStop } from '../../src/vehicle/vehicle-motion.ts';
import {
  bearingDiff,
  CITY_ROUTE,
  destination,
  distanceToRouteM,
  legsRoute,
  ORIGIN,
  sphereDistanceM,
} from './route-fixtures.ts';

interface TrackPoint extends VehicleFix {
  t: number;
  state: VehicleMotion['state'];
}

function motionOn(route: GeoPoint[], stops: VehicleStop[] = [], seed = 7): VehicleMotion {
  return new VehicleMotion(new RoutePath(route), stops, seededRandom(seed));
}

/** Steps the vehicle one simulated second at a time, recording every fix. */
function drive(motion: VehicleMotion, seconds: number, from = 0): TrackPoint[] {
  const track: TrackPoint[] = [];
  for (let t = from + 1; t <= from + seconds; t++) {
    motion.step(1);
    track.push({ t, ...motion.fix, state: motion.state });
  }
  return track;
}

const EAST_12KM = legsRoute(ORIGIN, [[90, 12_000]]);

describe('VehicleMotion on its route', () => {
  it('stays on the route at urban speed, with variation, and parks at the end', () => {
    const track = drive(motionOn(CITY_ROUTE), 1_200);
    const arrivedAt = track.findIndex((p) => p.state === 'arrived');
    expect(arrivedAt).toBeGreaterThan(0);
    for (const p of track) expect(distanceToRouteM(p.position, CITY_ROUTE)).toBeLessThan(3);
    const speeds = track.slice(0, arrivedAt).map((p) => p.speedKmh);
    expect(Math.max(...speeds)).toBeLessThanOrEqual(50.001);
    // 4.2 km with corners and a standing start: an urban average.
    const averageKmh = (4_200 / arrivedAt) * 3.6;
    expect(averageKmh).toBeGreaterThan(25);
    expect(averageKmh).toBeLessThan(50);
    const cruising = speeds.filter((s) => s >= 30);
    expect(cruising.length / speeds.length).toBeGreaterThan(0.6);
    expect(Math.max(...cruising) - Math.min(...cruising)).toBeGreaterThan(5);
    const last = track[track.length - 1]!;
    expect(last.speedKmh).toBe(0);
    expect(sphereDistanceM(last.position, CITY_ROUTE[CITY_ROUTE.length - 1]!)).toBeLessThan(1);
  });

  it('accelerates gently and slows for a right-angle corner', () => {
    const track = drive(motionOn(CITY_ROUTE), 400);
    for (let i = 1; i < track.length; i++) {
      expect(track[i]!.speedKmh - track[i - 1]!.speedKmh).toBeLessThanOrEqual(1.2 * 3.6 + 1e-9);
    }
    const corner = CITY_ROUTE[15]!; // end of the 1.5 km east leg
    const atCorner = track.reduce((a, b) =>
      sphereDistanceM(a.position, corner) < sphereDistanceM(b.position, corner) ? a : b,
    );
    expect(atCorner.speedKmh).toBeLessThan(26);
  });

  it('heads along the road: east on the first leg, north on the second', () => {
    const track = drive(motionOn(CITY_ROUTE), 400);
    const leg1 = CITY_ROUTE.slice(0, 16);
    const leg2 = CITY_ROUTE.slice(15, 26);
    let checked = 0;
    for (const p of track) {
      for (const [leg, bearing] of [
        [leg1, 90],
        [leg2, 0],
      ] as const) {
        const inside = distanceToRouteM(p.position, leg) < 1;
        const farFromEnds =
          sphereDistanceM(p.position, leg[0]!) > 100 &&
          sphereDistanceM(p.position, leg[leg.length - 1]!) > 100;
        if (inside && farFromEnds && p.speedKmh > 5) {
          expect(bearingDiff(p.headingDeg, bearing)).toBeLessThan(1);
          checked++;
        }
      }
    }
    expect(checked).toBeGreaterThan(150);
  });
});

describe('VehicleMotion at stops', () => {
  it('brakes into a stop, dwells on the route beside it, then drives on', () => {
    const route = legsRoute(ORIGIN, [[90, 3_000]]);
    // 20 m north of the road, 1.5 km along it: the van dwells on the road beside it.
    const stop = destination(destination(ORIGIN, 90, 1_500), 0, 20);
    const track = drive(motionOn(route, [{ position: stop, dwellS: 60 }]), 400);
    const dwelling = track.filter((p) => p.state === 'dwelling');
    expect(dwelling.length).toBeGreaterThanOrEqual(59);
    expect(dwelling.length).toBeLessThanOrEqual(61);
    for (const p of dwelling) {
      expect(p.speedKmh).toBe(0);
      expect(Math.abs(sphereDistanceM(p.position, stop) - 20)).toBeLessThan(2);
    }
    const arrival = track.indexOf(dwelling[0]!);
    const approach = track.slice(arrival - 5, arrival).map((p) => p.speedKmh);
    for (let i = 1; i < approach.length; i++) expect(approach[i]!).toBeLessThanOrEqual(approach[i - 1]!);
    expect(approach[approach.length - 1]!).toBeLessThan(15);
    expect(track[arrival + 70]!.speedKmh).toBeGreaterThan(20);
  });

  it('serves a place passed twice at the pass that follows the previous stop', () => {
    const route = legsRoute(ORIGIN, [
      [90, 1_000],
      [270, 1_000],
    ]);
    const midway = destination(ORIGIN, 90, 500);
    const motion = motionOn(route, [
      { position: midway, dwellS: 30, seq: 1 },
      { position: destination(ORIGIN, 90, 1_000), dwellS: 30, seq: 2 },
      { position: midway, dwellS: 30, seq: 3 },
    ]);
    const track = drive(motion, 600);
    const arrivals = track.filter((p, i) => p.state === 'dwelling' && track[i - 1]?.state !== 'dwelling');
    expect(arrivals).toHaveLength(3);
    expect(sphereDistanceM(arrivals[0]!.position, midway)).toBeLessThan(1);
    expect(sphereDistanceM(arrivals[2]!.position, midway)).toBeLessThan(1);
    // The last dwell is on the way back, after the turn at the far end.
    expect(bearingDiff(arrivals[2]!.headingDeg, 270)).toBeLessThan(1);
    expect(motion.snapshot().stopsServed).toEqual([1, 2, 3]);
  });

  it('dwells once per stop when two stops share a place (deliver, then collect)', () => {
    const midway = destination(ORIGIN, 90, 500);
    const motion = motionOn(EAST_12KM, [
      { position: midway, dwellS: 30 },
      { position: midway, dwellS: 45 },
    ]);
    const track = drive(motion, 300);
    expect(track.filter((p) => p.state === 'dwelling').length).toBeGreaterThanOrEqual(74);
    expect(motion.snapshot().stopsServed).toEqual([1, 2]);
  });

  it('refuses a stop that is not on the route, saying how far off it is', () => {
    const far = destination(destination(ORIGIN, 90, 500), 0, 1_000);
    expect(() => motionOn(EAST_12KM, [{ position: far }])).toThrow(/stop 1 lies 1000 m from the route/);
  });
});

describe('VehicleMotion controls', () => {
  it('deviates: leaves the route gradually to the offset, holds it, then rejoins', () => {
    const motion = motionOn(EAST_12KM);
    drive(motion, 60);
    motion.deviate({ offsetM: 800, forS: 120 });
    const track = drive(motion, 600, 60);
    const distances = track.map((p) => distanceToRouteM(p.position, EAST_12KM));
    expect(Math.max(...distances)).toBeGreaterThan(799);
    expect(distances.filter((d) => d >= 795).length).toBeGreaterThanOrEqual(120);
    // It drives out at an angle (tens of seconds), not in one jump.
    expect(distances.findIndex((d) => d > 500)).toBeGreaterThan(30);
    // Right of an eastbound van is south.
    expect(track[distances.indexOf(Math.max(...distances))]!.position.lat).toBeLessThan(ORIGIN.lat);
    for (let i = 1; i < track.length; i++) {
      expect(sphereDistanceM(track[i]!.position, track[i - 1]!.position)).toBeLessThan(50 / 3.6 + 0.5);
    }
    expect(distances[distances.length - 1]).toBeLessThan(1);
    expect(motion.state).toBe('driving');
    expect(track.some((p) => p.state === 'deviating')).toBe(true);
  });

  it('deviates to the left and around corners without jumping', () => {
    const motion = motionOn(CITY_ROUTE);
    drive(motion, 20);
    motion.deviate({ offsetM: 300, forS: 60, side: 'left' });
    const track = drive(motion, 300, 20);
    const distances = track.map((p) => distanceToRouteM(p.position, CITY_ROUTE));
    expect(Math.max(...distances)).toBeGreaterThan(280);
    // Eastbound: left is north.
    expect(track[distances.indexOf(Math.max(...distances))]!.position.lat).toBeGreaterThan(ORIGIN.lat);
    for (let i = 1; i < track.length; i++) {
      expect(sphereDistanceM(track[i]!.position, track[i - 1]!.position)).toBeLessThan(30);
    }
  });

  it('skips a stop it passes while off the route', () => {
    const stop = destination(ORIGIN, 90, 2_000);
    const motion = motionOn(EAST_12KM, [{ position: stop, dwellS: 60 }]);
    drive(motion, 10);
    motion.deviate({ offsetM: 600, forS: 300 });
    const track = drive(motion, 400, 10);
    expect(track.some((p) => p.state === 'dwelling')).toBe(false);
    expect(motion.snapshot().stopsSkipped).toEqual([1]);
    expect(motion.snapshot().stopsServed).toEqual([]);
  });

  it('stops where it is (speed 0, position fixed) until resumed', () => {
    const motion = motionOn(EAST_12KM);
    drive(motion, 100);
    motion.stop();
    const halted = drive(motion, 600, 100);
    expect(new Set(halted.map((p) => p.state))).toEqual(new Set(['stopped']));
    for (const p of halted) {
      expect(p.speedKmh).toBe(0);
      expect(p.position).toEqual(halted[0]!.position);
    }
    motion.resume();
    const resumed = drive(motion, 10, 700);
    expect(resumed[9]!.speedKmh).toBeGreaterThan(20);
    expect(sphereDistanceM(resumed[9]!.position, halted[0]!.position)).toBeGreaterThan(30);
  });

  it('refuses a deviation out of range', () => {
    const motion = motionOn(EAST_12KM);
    expect(() => motion.deviate({ offsetM: 10 })).toThrow(RangeError);
    expect(() => motion.deviate({ forS: -1 })).toThrow(RangeError);
  });
});
