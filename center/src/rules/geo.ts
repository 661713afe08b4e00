import type { GeoPoint } from '@vaultline/shared/plan/plan-schema';

/**
 * Geometry for the centre's position rules. Distances to a route are measured on a local equirectangular
 * projection centred on the route, which is flat arithmetic (no trigonometry per fix) and accurate enough
 * at city scale: the only distortion is that east–west lengths use cos(φ₀) of the centre instead of
 * cos(φ) of the point, a relative error of about tan(φ₀)·|φ − φ₀|. For points within ±50 km north–south
 * of the centre below 50° latitude that is under 1 % (≤ 5 m on the 500 m corridor); the Earth's
 * curvature adds under 0.01 % at those distances. Point-to-point distances between arbitrary places use
 * the haversine formula.
 */

/** Mean Earth radius (IUGG R₁), metres. */
export const EARTH_RADIUS_M = 6_371_008.8;
const RAD = Math.PI / 180;
/** Metres per degree of latitude on the sphere of radius EARTH_RADIUS_M. */
export const M_PER_DEG_LAT = EARTH_RADIUS_M * RAD;

/** Great-circle distance in metres (haversine). */
export function haversineM(a: GeoPoint, b: GeoPoint): number {
  const dLat = (b.lat - a.lat) * RAD;
  const dLon = (b.lon - a.lon) * RAD;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a.lat * RAD) * Math.cos(b.lat * RAD) * Math.sin(dLon / 2) ** 2;
  return 2 * EARTH_RADIUS_M * Math.asin(Math.min(1, Math.sqrt(h)));
}

/** Longitude difference folded into −180…180, so a route across the antimeridian stays contiguous. */
function lonDelta(lon: number, lon0: number): number {
  const d = lon - lon0;
  return d > 180 ? d - 360 : d < -180 ? d + 360 : d;
}

/** Local equirectangular projection: x east, y north, metres from the origin. */
export class LocalProjection {
  readonly mPerDegLon: number;

  constructor(readonly origin: GeoPoint) {
    this.mPerDegLon = M_PER_DEG_LAT * Math.cos(origin.lat * RAD);
  }

  /** Centred on the middle of the points' bounding box (the first point when there are none). */
  static around(points: readonly GeoPoint[], fallback: GeoPoint = { lat: 0, lon: 0 }): LocalProjection {
    const first = points[0] ?? fallback;
    let minLat = first.lat;
    let maxLat = first.lat;
    let minLon = 0;
    let maxLon = 0;
    for (const p of points) {
      minLat = Math.min(minLat, p.lat);
      maxLat = Math.max(maxLat, p.lat);
      const d = lonDelta(p.lon, first.lon);
      minLon = Math.min(minLon, d);
      maxLon = Math.max(maxLon, d);
    }
    const lon = first.lon + (minLon + maxLon) / 2;
    return new LocalProjection({ lat: (minLat + maxLat) / 2, lon: lon > 180 ? lon - 360 : lon });
  }

  x(lon: number): number {
    return lonDelta(lon, this.origin.lon) * this.mPerDegLon;
  }

  y(lat: number): number {
    return (lat - this.origin.lat) * M_PER_DEG_LAT;
  }

  /** The geographic point at (x, y) metres from the origin. */
  unproject(x: number, y: number): GeoPoint {
    const lon = this.origin.lon + x / this.mPerDegLon;
    return {
      lat: this.origin.lat + y / M_PER_DEG_LAT,
      lon: lon > 180 ? lon - 360 : lon < -180 ? lon + 360 : lon,
    };
  }
}

/** The point `eastM` east and `northM` north of `from`, on the local projection at `from`. */
export function offsetM(from: GeoPoint, eastM: number, northM: number): GeoPoint {
  return new LocalProjection(from).unproject(eastM, northM);
}

/** Squared distance from (px, py) to the segment (ax, ay)–(bx, by), all in projected metres. */
export function segmentDistance2(
  px: number,
  py: number,
  ax: number,
  ay: number,
  bx: number,
  by: number,
): number {
  const dx = bx - ax;
  const dy = by - ay;
  const length2 = dx * dx + dy * dy;
  let t = length2 > 0 ? ((px - ax) * dx + (py - ay) * dy) / length2 : 0;
  t = Math.min(1, Math.max(0, t));
  const ex = ax + t * dx - px;
  const ey = ay + t * dy - py;
  return ex * ex + ey * ey;
}
