import type { GeoPoint } from '@vaultline/shared/plan/plan-schema';
import { RoutePath } from './route-path.ts';
import { VehicleMotion, type VehicleStop } from './vehicle-motion.ts';
import { MAX_SPEED_FACTOR } from './vehicle-unit.ts';

/**
 * A vehicle in the simulator's devices file (`vaultline-sim serve`):
 * `{"id", "kind": "vehicle", "route": [{lat, lon}…], "stops": [{"position": {lat, lon}, "dwellS"?}…],
 *   "broker": "mqtt://…", "password"?, "speedFactor"?, "qos"?, "startAt"?}`.
 */
export interface VehicleEntry {
  /** The vehicle id of the plan: MQTT username and topic segment; letters, digits, `.` `_` `:` `-`. */
  id: string;
  kind: 'vehicle';
  /** The run's planned route polyline, at least two points. */
  route: GeoPoint[];
  /** The run's stops in route order, each within 200 m of the route; `dwellS` default 240. */
  stops: VehicleStop[];
  /** Broker URL: `mqtt://`, `mqtts://`, `tcp://`, `ws://` or `wss://`. */
  broker: string;
  /** Broker password of the vehicle (username = id); never shown by the control API. */
  password?: string;
  /** Simulated seconds per real second (default 1, at most 1000). */
  speedFactor: number;
  /** QoS of the position messages (default 0). */
  qos: 0 | 1;
  /** Simulated time of the first fix, ISO 8601 (default: when the simulator starts). */
  startAt?: string;
  /** A vehicle has no line: the line fields of a DeviceEntry are absent, so a mixed list reads uniformly. */
  transport?: never;
  link?: never;
  address?: never;
  port?: never;
  baud?: never;
}

/** Plan schema limit of a route (shared/src/plan/plan-schema.ts). */
const MAX_ROUTE_POINTS = 10_000;
const VEHICLE_ID = /^[A-Za-z0-9._:-]{1,64}$/;
const BROKER_SCHEMES = ['mqtt:', 'mqtts:', 'tcp:', 'ws:', 'wss:'];

export function isVehicleEntry(entry: { kind: string }): entry is VehicleEntry {
  return entry.kind === 'vehicle';
}

/** Validates one vehicle entry; every problem names the entry (`device <index>`) and the field. */
export function parseVehicleEntry(
  e: Record<string, unknown>,
  index: number,
  error: (message: string) => Error,
): VehicleEntry {
  const fail = (field: string, expected: string): never => {
    throw error(`device ${index}: "${field}" must be ${expected}`);
  };
  if (typeof e.id !== 'string' || !VEHICLE_ID.test(e.id)) {
    fail('id', 'the vehicle id: letters, digits, . _ : - (it names the MQTT topic)');
  }
  const id = e.id as string;
  if (!Array.isArray(e.route) || e.route.length < 2 || e.route.length > MAX_ROUTE_POINTS) {
    fail('route', `an array of 2–${MAX_ROUTE_POINTS} points {"lat", "lon"}`);
  }
  const route = (e.route as unknown[]).map(
    (p, i) => geoPoint(p) ?? fail(`route[${i}]`, '{"lat", "lon"} in degrees'),
  );
  if (e.stops !== undefined && !Array.isArray(e.stops)) fail('stops', 'an array of stops');
  const stops = ((e.stops as unknown[] | undefined) ?? []).map((s, i) => vehicleStop(s, i, fail));
  if (typeof e.broker !== 'string' || !BROKER_SCHEMES.includes(urlScheme(e.broker))) {
    fail('broker', 'a broker URL such as mqtt://127.0.0.1:1883');
  }
  if (e.password !== undefined && typeof e.password !== 'string') fail('password', 'a string');
  const speedFactor = e.speedFactor ?? 1;
  if (typeof speedFactor !== 'number' || !(speedFactor > 0 && speedFactor <= MAX_SPEED_FACTOR)) {
    fail('speedFactor', `a number > 0 and ≤ ${MAX_SPEED_FACTOR}`);
  }
  const qos = e.qos ?? 0;
  if (qos !== 0 && qos !== 1) fail('qos', '0 or 1');
  if (e.startAt !== undefined && !(typeof e.startAt === 'string' && Number.isFinite(Date.parse(e.startAt)))) {
    fail('startAt', 'an ISO 8601 date-time');
  }
  try {
    new VehicleMotion(new RoutePath(route), stops, () => 0.5);
  } catch (problem) {
    throw error(`device ${index} (${id}): ${(problem as Error).message}`);
  }
  return {
    id,
    kind: 'vehicle',
    route,
    stops,
    broker: e.broker as string,
    password: e.password as string | undefined,
    speedFactor: speedFactor as number,
    qos: qos as 0 | 1,
    startAt: e.startAt as string | undefined,
  };
}

function geoPoint(value: unknown): GeoPoint | undefined {
  const p = value as { lat?: unknown; lon?: unknown } | null;
  if (typeof p?.lat !== 'number' || typeof p.lon !== 'number') return undefined;
  if (!(Math.abs(p.lat) <= 90 && Math.abs(p.lon) <= 180)) return undefined;
  return { lat: p.lat, lon: p.lon };
}

function vehicleStop(
  value: unknown,
  i: number,
  fail: (field: string, expected: string) => never,
): VehicleStop {
  const s = (value ?? {}) as Record<string, unknown>;
  const position = geoPoint(s.position) ?? fail(`stops[${i}].position`, '{"lat", "lon"} in degrees');
  if (s.dwellS !== undefined && !(typeof s.dwellS === 'number' && s.dwellS >= 0)) {
    fail(`stops[${i}].dwellS`, 'a number of seconds ≥ 0');
  }
  if (s.seq !== undefined && !(Number.isInteger(s.seq) && (s.seq as number) >= 1)) {
    fail(`stops[${i}].seq`, 'an integer ≥ 1');
  }
  if (s.siteId !== undefined && typeof s.siteId !== 'string') fail(`stops[${i}].siteId`, 'a string');
  return {
    position,
    dwellS: s.dwellS as number | undefined,
    seq: s.seq as number | undefined,
    siteId: s.siteId as string | undefined,
  };
}

function urlScheme(url: string): string {
  try {
    return new URL(url).protocol;
  } catch {
    return '';
  }
}
