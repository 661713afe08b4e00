import type { GeoPoint } from '@vaultline/shared/plan/plan-schema';

/**
 * Geometry for the vehicle tests, on the sphere (spherical trigonometry): independent of the flat
 * projection the simulator uses, so the tests measure it instead of repeating it.
 */
const R = 6_371_008.8;
const RAD = Math.PI / 180;

type Vec = [number, number, number];

function vec(p: GeoPoint): Vec {
  const [lat, lon] = [p.lat * RAD, p.lon * RAD];
  return [Math.cos(lat) * Math.cos(lon), Math.cos(lat) * Math.sin(lon), Math.sin(lat)];
}
const dot = (a: Vec, b: Vec) => a[0] * b[0] + a[1] * b[1] + a[2] * b[2];
const cross = (a: Vec, b: Vec): Vec => [
  a[1] * b[2] - a[2] * b[1],
  a[2] * b[0] - a[0] * b[2],
  a[0] * b[1] - a[1] * b[0],
];
const norm = (a: Vec): Vec => {
  const l = Math.hypot(...a);
  return [a[0] / l, a[1] / l, a[2] / l];
};
const angle = (a: Vec, b: Vec) => Math.atan2(Math.hypot(...cross(a, b)), dot(a, b));

/** Great-circle distance, m. */
export function sphereDistanceM(a: GeoPoint, b: GeoPoint): number {
  return angle(vec(a), vec(b)) * R;
}

/** Distance from a point to a polyline of great-circle arcs, m. */
export function distanceToRouteM(point: GeoPoint, route: readonly GeoPoint[]): number {
  const p = vec(point);
  let best = Number.POSITIVE_INFINITY;
  for (let i = 0; i < route.length - 1; i++) {
    const [a, b] = [vec(route[i]!), vec(route[i + 1]!)];
    const n = norm(cross(a, b));
    const s = dot(p, n);
    const c = norm([p[0] - s * n[0], p[1] - s * n[1], p[2] - s * n[2]]);
    const onArc = Math.abs(angle(a, c) + angle(c, b) - angle(a, b)) < 1e-9;
    const d = onArc ? Math.abs(Math.asin(s)) * R : Math.min(angle(p, a), angle(p, b)) * R;
    best = Math.min(best, d);
  }
  return best;
}

/** Initial great-circle bearing from a to b, degrees [0, 360). */
export function sphereBearingDeg(a: GeoPoint, b: GeoPoint): number {
  const [lat1, lat2, dLon] = [a.lat * RAD, b.lat * RAD, (b.lon - a.lon) * RAD];
  const y = Math.sin(dLon) * Math.cos(lat2);
  const x = Math.cos(lat1) * Math.sin(lat2) - Math.sin(lat1) * Math.cos(lat2) * Math.cos(dLon);
  return (Math.atan2(y, x) / RAD + 360) % 360;
}

/** Smallest difference between two bearings, degrees. */
export function bearingDiff(a: number, b: number): number {
  const d = Math.abs(a - b) % 360;
  return d > 180 ? 360 - d : d;
}

/** The point `distanceM` from `from` on bearing `bearingDeg` (great circle, the destination formula). */
export function destination(from: GeoPoint, bearingDeg: number, distanceM: number): GeoPoint {
  const [lat1, lon1, theta, delta] = [from.lat * RAD, from.lon * RAD, bearingDeg * RAD, distanceM / R];
  const lat2 = Math.asin(
    Math.sin(lat1) * Math.cos(delta) + Math.cos(lat1) * Math.sin(delta) * Math.cos(theta),
  );
  const lon2 =
    lon1 +
    Math.atan2(
      Math.sin(theta) * Math.sin(delta) * Math.cos(lat1),
      Math.cos(delta) - Math.sin(lat1) * Math.sin(lat2),
    );
  return { lat: lat2 / RAD, lon: lon2 / RAD };
}

/** A route that follows `legs` of [bearing, metres] from `start`, with a vertex every `stepM`. */
export function legsRoute(start: GeoPoint, legs: Array<[number, number]>, stepM = 100): GeoPoint[] {
  const route = [start];
  for (const [bearing, length] of legs) {
    for (let done = 0; done < length; done += stepM) {
      route.push(destination(route[route.length - 1]!, bearing, Math.min(stepM, length - done)));
    }
  }
  return route;
}

/** Near the Bund, Shanghai: a city-centre latitude where a degree of longitude is ~96 km. */
export const ORIGIN: GeoPoint = { lat: 31.2304, lon: 121.4737 };

/** A city run: 1.5 km east, 90° left, 1 km north, a 60° bend, 1.2 km on bearing 300, 500 m north. */
export const CITY_ROUTE = legsRoute(ORIGIN, [
  [90, 1500],
  [0, 1000],
  [300, 1200],
  [0, 500],
]);
