import type { GeoPoint } from '@vaultline/shared/plan/plan-schema';

/** Mean Earth radius (IUGG R₁), metres. */
const EARTH_RADIUS_M = 6_371_008.8;
const RAD = Math.PI / 180;
const M_PER_DEG_LAT = EARTH_RADIUS_M * RAD;
/**
 * Of two passes of a route near a stop (a run that leaves the vault and comes back to it), the earlier
 * one serves the stop when it comes at most this much farther from the stop than the nearest pass, m.
 */
const EARLIEST_PASS_SLACK_M = 25;

/** Metres east (x) and north (y) of the route's projection origin. */
export interface Xy {
  x: number;
  y: number;
}

/**
 * A route polyline measured in metres along its length. Points are placed on a local equirectangular
 * projection centred on the route: flat arithmetic, accurate to well under 1 % within tens of kilometres
 * of the centre below 60° latitude, which is the scale of one armoured-vehicle run.
 */
export class RoutePath {
  readonly lengthM: number;
  private readonly origin: GeoPoint;
  private readonly mPerDegLon: number;
  private readonly xs: number[] = [];
  private readonly ys: number[] = [];
  /** Distance along the route at each vertex. */
  private readonly at: number[] = [];

  constructor(route: readonly GeoPoint[]) {
    const lats = route.map((p) => p.lat);
    const lons = route.map((p) => p.lon);
    this.origin = {
      lat: (Math.min(...lats) + Math.max(...lats)) / 2,
      lon: (Math.min(...lons) + Math.max(...lons)) / 2,
    };
    this.mPerDegLon = M_PER_DEG_LAT * Math.cos(this.origin.lat * RAD);
    for (const point of route) {
      const { x, y } = this.toXy(point);
      const last = this.xs.length - 1;
      // Repeated points would make zero-length segments with no direction.
      if (last >= 0 && Math.hypot(x - this.xs[last]!, y - this.ys[last]!) < 0.01) continue;
      this.at.push(last < 0 ? 0 : this.at[last]! + Math.hypot(x - this.xs[last]!, y - this.ys[last]!));
      this.xs.push(x);
      this.ys.push(y);
    }
    if (this.xs.length < 2) {
      throw new RangeError('a vehicle route needs at least two distinct points (lat/lon)');
    }
    this.lengthM = this.at[this.at.length - 1]!;
  }

  toXy(point: GeoPoint): Xy {
    let dLon = point.lon - this.origin.lon;
    if (dLon > 180) dLon -= 360;
    if (dLon < -180) dLon += 360;
    return { x: dLon * this.mPerDegLon, y: (point.lat - this.origin.lat) * M_PER_DEG_LAT };
  }

  toGeo({ x, y }: Xy): GeoPoint {
    let lon = this.origin.lon + x / this.mPerDegLon;
    if (lon > 180) lon -= 360;
    if (lon < -180) lon += 360;
    return { lat: this.origin.lat + y / M_PER_DEG_LAT, lon };
  }

  /** The point `alongM` metres from the start (clamped to the route). */
  pointAt(alongM: number): Xy {
    const i = this.segmentAt(alongM);
    const length = this.at[i + 1]! - this.at[i]!;
    const t = Math.min(1, Math.max(0, (alongM - this.at[i]!) / length));
    return {
      x: this.xs[i]! + t * (this.xs[i + 1]! - this.xs[i]!),
      y: this.ys[i]! + t * (this.ys[i + 1]! - this.ys[i]!),
    };
  }

  /**
   * Unit direction of travel at `alongM`. With a window, the direction of the chord from `windowM` before
   * to `windowM` after: an offset path built on it rounds the corners instead of jumping across them.
   */
  directionAt(alongM: number, windowM = 0): Xy {
    if (windowM > 0) {
      const a = this.pointAt(Math.max(0, alongM - windowM));
      const b = this.pointAt(Math.min(this.lengthM, alongM + windowM));
      const length = Math.hypot(b.x - a.x, b.y - a.y);
      if (length > 1) return { x: (b.x - a.x) / length, y: (b.y - a.y) / length };
    }
    const i = this.segmentAt(alongM);
    const length = this.at[i + 1]! - this.at[i]!;
    return { x: (this.xs[i + 1]! - this.xs[i]!) / length, y: (this.ys[i + 1]! - this.ys[i]!) / length };
  }

  /**
   * Where a point meets the route at or after `fromM`: the distance along the route of the nearest pass
   * (the earliest of several near-equal passes) and how far the point is from it.
   */
  locate(point: GeoPoint, fromM = 0): { alongM: number; offsetM: number } {
    const p = this.toXy(point);
    const candidates: Array<{ alongM: number; offsetM: number }> = [];
    for (let i = 0; i < this.xs.length - 1; i++) {
      if (this.at[i + 1]! < fromM) continue;
      const [ax, ay, bx, by] = [this.xs[i]!, this.ys[i]!, this.xs[i + 1]!, this.ys[i + 1]!];
      const length = this.at[i + 1]! - this.at[i]!;
      let t = ((p.x - ax) * (bx - ax) + (p.y - ay) * (by - ay)) / (length * length);
      t = Math.min(1, Math.max((fromM - this.at[i]!) / length, t, 0));
      const offsetM = Math.hypot(ax + t * (bx - ax) - p.x, ay + t * (by - ay) - p.y);
      candidates.push({ alongM: this.at[i]! + t * length, offsetM });
    }
    // A pass is a run of consecutive segments near the point; the nearest spot of the first pass wins.
    const near = Math.min(...candidates.map((c) => c.offsetM)) + EARLIEST_PASS_SLACK_M;
    let i = candidates.findIndex((c) => c.offsetM <= near);
    let best = candidates[i]!;
    while (candidates[++i] && candidates[i]!.offsetM <= near) {
      if (candidates[i]!.offsetM < best.offsetM) best = candidates[i]!;
    }
    return best;
  }

  /** Vertices where the route turns by at least `minDeg`: distance along the route and turn angle. */
  turns(minDeg: number): Array<{ alongM: number; angleDeg: number }> {
    const found: Array<{ alongM: number; angleDeg: number }> = [];
    for (let i = 1; i < this.xs.length - 1; i++) {
      const inbound = Math.atan2(this.xs[i]! - this.xs[i - 1]!, this.ys[i]! - this.ys[i - 1]!);
      const outbound = Math.atan2(this.xs[i + 1]! - this.xs[i]!, this.ys[i + 1]! - this.ys[i]!);
      let angle = Math.abs(outbound - inbound) / RAD;
      if (angle > 180) angle = 360 - angle;
      if (angle >= minDeg) found.push({ alongM: this.at[i]!, angleDeg: angle });
    }
    return found;
  }

  /** Index of the segment that holds `alongM` (the later one at a vertex). */
  private segmentAt(alongM: number): number {
    let lo = 0;
    let hi = this.at.length - 2;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.at[mid]! <= alongM) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }
}

/** Compass bearing of a displacement, degrees in [0, 360): 0 north, 90 east. */
export function bearingDeg(dx: number, dy: number): number {
  const deg = Math.atan2(dx, dy) / RAD;
  return deg < 0 ? deg + 360 : deg;
}
