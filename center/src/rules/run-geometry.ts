import type { GeoPoint, Stop } from '@vaultline/shared/plan/plan-schema';
import { LocalProjection } from './geo.ts';
import { RouteIndex } from './route-index.ts';

/** A planned stop's geofence on the run's projection. */
export interface StopFence {
  seq: number;
  siteId: string;
  x: number;
  y: number;
  radiusM: number;
}

/** What the position rules read of a run: its route and where its stops are. */
export interface PlannedGeometry {
  route: readonly GeoPoint[];
  stops: readonly Pick<Stop, 'seq' | 'siteId' | 'position' | 'geofenceM'>[];
}

type PlacedStop = PlannedGeometry['stops'][number] & { position: GeoPoint };

/**
 * Everything the position rules need about one run, computed once per run: the projection centred on the
 * route (and its stops), the route index, and the geofences of the stops that have a position (a stop
 * without one has no geofence; its geofence radius is the stop's `geofenceM`, else `defaultGeofenceM`).
 */
export class RunGeometry {
  readonly projection: LocalProjection;
  readonly route: RouteIndex;
  readonly fences: readonly StopFence[];

  constructor(run: PlannedGeometry, options: { defaultGeofenceM: number; cellM?: number }) {
    const placed = run.stops.filter((s): s is PlacedStop => s.position !== undefined);
    this.projection = LocalProjection.around([...run.route, ...placed.map((s) => s.position)]);
    this.route = new RouteIndex(run.route, this.projection, options.cellM);
    this.fences = placed.map((s) => ({
      seq: s.seq,
      siteId: s.siteId,
      x: this.projection.x(s.position.lon),
      y: this.projection.y(s.position.lat),
      radiusM: s.geofenceM ?? options.defaultGeofenceM,
    }));
  }

  /** The first stop whose geofence contains (x, y), if any. Linear in stops (≤ 100 per run, plan schema). */
  fenceAt(x: number, y: number): StopFence | undefined {
    for (const f of this.fences) {
      const dx = x - f.x;
      const dy = y - f.y;
      if (dx * dx + dy * dy <= f.radiusM * f.radiusM) return f;
    }
    return undefined;
  }
}
