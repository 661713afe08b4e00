import type { GeoPoint } from '@vaultline/shared/plan/plan-schema';
import { LocalProjection } from '../rules/geo.ts';
import { seededRandom } from '../rules/synthetic-routes.ts';

/**
 * The planned route of a run whose draft gives none: from stop to stop along a street grid (blocks of a
 * few hundred metres, alternating north–south and east–west), so the route-deviation rule and the map see
 * a road-like polyline rather than straight lines through buildings. The same run id always yields the
 * same route, so re-importing a plan does not move it. A dispatcher who knows the real route imports it.
 */

/** City blocks: between these lengths, metres (a typical urban block in Beijing is 300–800 m). */
const BLOCK_MIN_M = 300;
const BLOCK_MAX_M = 800;

export function plannedRoute(runId: string, stops: readonly GeoPoint[]): GeoPoint[] {
  const first = stops[0];
  if (!first) return [];
  const random = seededRandom(fnv1a(runId));
  const route: GeoPoint[] = [first];
  for (let i = 1; i < stops.length; i++) {
    const from = route[route.length - 1]!;
    const to = stops[i]!;
    if (from.lat === to.lat && from.lon === to.lon) continue;
    route.push(...gridLeg(from, to, random));
  }
  if (route.length === 1) route.push(first);
  return route;
}

/** The corners from `from` (excluded) to `to` (included), one street block at a time. */
function gridLeg(from: GeoPoint, to: GeoPoint, random: () => number): GeoPoint[] {
  const projection = new LocalProjection(from);
  const targetX = projection.x(to.lon);
  const targetY = projection.y(to.lat);
  let x = 0;
  let y = 0;
  const corners: GeoPoint[] = [];
  // Each block runs along the axis with more distance left, more often than not (a driver heads for the
  // target but not always on the most direct street).
  while (Math.abs(targetX - x) > 1 || Math.abs(targetY - y) > 1) {
    const leftX = targetX - x;
    const leftY = targetY - y;
    const alongX = random() * (Math.abs(leftX) + Math.abs(leftY)) < Math.abs(leftX);
    const block = BLOCK_MIN_M + random() * (BLOCK_MAX_M - BLOCK_MIN_M);
    if (alongX) x += Math.sign(leftX) * Math.min(Math.abs(leftX), block);
    else y += Math.sign(leftY) * Math.min(Math.abs(leftY), block);
    corners.push(projection.unproject(x, y));
  }
  // The last corner is the target up to rounding: end exactly on the stop.
  corners.pop();
  corners.push(to);
  return corners;
}

/** FNV-1a, 32 bit: a stable seed from a run id. */
function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash;
}
