import type { GeoPoint } from '@vaultline/shared/plan/plan-schema';
import { brakingLimit, CRAWL_MPS, type DriveProfile, URBAN_PROFILE } from './drive-profile.ts';
import { bearingDeg, type RoutePath, type Xy } from './route-path.ts';

/** A planned stop as the vehicle sees it: where, and how long the hand-over keeps it there. */
export interface VehicleStop {
  position: GeoPoint;
  /** Default: the profile's `defaultDwellS`. */
  dwellS?: number;
  /** Default: 1-based position in the list. */
  seq?: number;
  siteId?: string;
}

export interface DeviationRequest {
  /** How far from the route the vehicle drives, m (default 800: well outside the 500 m corridor). */
  offsetM?: number;
  /** How long it stays at that distance before it turns back, s (default 120). */
  forS?: number;
  /** Which side of the route, seen in the direction of travel (default right). */
  side?: 'left' | 'right';
}

export const DEFAULT_DEVIATION = { offsetM: 800, forS: 120 } as const;
/** A vehicle dwells on its route; a stop farther than this from the route is a planning mistake, m. */
export const MAX_STOP_OFFSET_M = 200;

export type VehicleState = 'driving' | 'deviating' | 'dwelling' | 'stopped' | 'arrived';

export interface VehicleFix {
  position: GeoPoint;
  speedKmh: number;
  /** Course over ground, [0, 360). */
  headingDeg: number;
}

interface PlacedStop {
  seq: number;
  siteId: string | undefined;
  alongM: number;
  dwellS: number;
}

interface Deviation {
  /** Signed: right of the direction of travel is positive. */
  targetM: number;
  holdLeftS: number;
  phase: 'out' | 'hold' | 'back';
}

/** Physics sub-step, s: short enough that braking into a stop does not overshoot it noticeably. */
const SUBSTEP_S = 0.25;
/** A vehicle that moved less than this between two steps keeps its heading (GPS course is noise then), m. */
const MIN_HEADING_MOVE_M = 0.5;

/**
 * Where a vehicle is on its route and how fast it goes, stepped in simulated seconds (pure: no clock,
 * no I/O). It cruises, brakes for corners and stops, dwells at each stop, and on request drives parallel
 * to the route at an offset (a stop passed meanwhile is skipped) or stands still.
 */
export class VehicleMotion {
  private readonly profile: DriveProfile;
  private readonly stops: PlacedStop[];
  private readonly turns: Array<{ alongM: number }>;
  private alongM = 0;
  private speedMps = 0;
  private lateralM = 0;
  private deviation: Deviation | undefined;
  private halted = false;
  private arrived = false;
  private dwellLeftS: number | undefined;
  private nextStop = 0;
  private nextTurn = 0;
  private readonly served: number[] = [];
  private readonly skipped: number[] = [];
  private cruiseMps = 0;
  private cruiseLeftS = 0;
  private xy: Xy;
  private headingDeg: number;

  constructor(
    private readonly path: RoutePath,
    stops: readonly VehicleStop[],
    private readonly random: () => number,
    profile: Partial<DriveProfile> = {},
  ) {
    this.profile = { ...URBAN_PROFILE, ...profile };
    this.stops = placeStops(path, stops, this.profile.defaultDwellS);
    this.turns = path.turns(this.profile.cornerDeg);
    this.drawCruise();
    this.xy = path.pointAt(0);
    const direction = path.directionAt(0);
    this.headingDeg = bearingDeg(direction.x, direction.y);
  }

  get state(): VehicleState {
    if (this.halted) return 'stopped';
    if (this.arrived) return 'arrived';
    if (this.dwellLeftS !== undefined) return 'dwelling';
    return this.deviation || this.lateralM !== 0 ? 'deviating' : 'driving';
  }

  get fix(): VehicleFix {
    return { position: this.path.toGeo(this.xy), speedKmh: this.speedMps * 3.6, headingDeg: this.headingDeg };
  }

  /** Advances simulated time by `dtS` seconds. */
  step(dtS: number): void {
    if (this.halted) return;
    const before = this.xy;
    for (let left = dtS; left > 1e-9; left -= SUBSTEP_S) this.substep(Math.min(SUBSTEP_S, left));
    this.xy = this.placeXy();
    const [dx, dy] = [this.xy.x - before.x, this.xy.y - before.y];
    if (Math.hypot(dx, dy) >= MIN_HEADING_MOVE_M) this.headingDeg = bearingDeg(dx, dy);
  }

  deviate(request: DeviationRequest = {}): void {
    const offsetM = request.offsetM ?? DEFAULT_DEVIATION.offsetM;
    const forS = request.forS ?? DEFAULT_DEVIATION.forS;
    if (!(offsetM >= 50 && offsetM <= 5000)) throw new RangeError('deviation offsetM must be 50–5000 m');
    if (!(forS >= 0 && forS <= 3600)) throw new RangeError('deviation forS must be 0–3600 s');
    const sign = request.side === 'left' ? -1 : 1;
    this.deviation = { targetM: sign * offsetM, holdLeftS: forS, phase: 'out' };
  }

  /** Stands still where it is, at once: speed 0, position fixed, until `resume()`. */
  stop(): void {
    this.halted = true;
    this.speedMps = 0;
  }

  resume(): void {
    this.halted = false;
  }

  snapshot() {
    const stop = this.stops[this.nextStop];
    const d = this.deviation;
    const fix = this.fix;
    return {
      state: this.state,
      position: { lat: round(fix.position.lat, 7), lon: round(fix.position.lon, 7) },
      speedKmh: round(fix.speedKmh, 1),
      headingDeg: round(fix.headingDeg, 1),
      alongM: round(this.alongM, 1),
      routeLengthM: round(this.path.lengthM, 1),
      progress: round(this.alongM / this.path.lengthM, 4),
      offsetM: round(Math.abs(this.lateralM), 1),
      deviation: d
        ? { offsetM: Math.abs(d.targetM), side: d.targetM < 0 ? 'left' : 'right', phase: d.phase }
        : null,
      nextStop: stop
        ? { seq: stop.seq, siteId: stop.siteId ?? null, distanceM: round(stop.alongM - this.alongM, 1) }
        : null,
      stopsServed: [...this.served],
      stopsSkipped: [...this.skipped],
    };
  }

  private substep(h: number): void {
    if (this.dwellLeftS !== undefined) {
      this.dwellLeftS -= h;
      if (this.dwellLeftS > 0) return;
      this.dwellLeftS = undefined;
      this.nextStop++;
    }
    if (this.arrived) return;
    this.cruiseLeftS -= h;
    if (this.cruiseLeftS <= 0) this.drawCruise();
    const v0 = this.speedMps;
    const target = this.targetSpeed();
    const { accelerationMps2: a, brakingMps2: b } = this.profile;
    const v1 = v0 < target ? Math.min(target, v0 + a * h) : Math.max(target, v0 - b * h);
    this.speedMps = v1;
    this.moveAlong(this.moveSideways(((v0 + v1) / 2) * h, h));
  }

  private targetSpeed(): number {
    const { brakingMps2: b, cornerKmh } = this.profile;
    let target = Math.min(this.cruiseMps, brakingLimit(this.path.lengthM - this.alongM, CRAWL_MPS, b));
    const stop = this.stops[this.nextStop];
    // A van off its route does not brake for a stop it will not reach.
    if (stop && !this.deviation)
      target = Math.min(target, brakingLimit(stop.alongM - this.alongM, CRAWL_MPS, b));
    const turn = this.turns[this.nextTurn];
    if (turn) target = Math.min(target, brakingLimit(turn.alongM - this.alongM, cornerKmh / 3.6, b));
    return target;
  }

  /** Spends part of `travel` leaving or rejoining the route; returns the distance made along it. */
  private moveSideways(travel: number, h: number): number {
    const d = this.deviation;
    if (!d) return travel;
    if (d.phase === 'hold') {
      d.holdLeftS -= h;
      if (d.holdLeftS <= 0) d.phase = 'back';
      return travel;
    }
    const angle = (this.profile.deviationAngleDeg * Math.PI) / 180;
    const goal = d.phase === 'out' ? d.targetM : 0;
    const gap = goal - this.lateralM;
    const sideways = Math.min(Math.abs(gap), travel * Math.sin(angle));
    this.lateralM += Math.sign(gap) * sideways;
    if (Math.abs(goal - this.lateralM) < 1e-6) {
      this.lateralM = goal;
      if (d.phase === 'out') d.phase = 'hold';
      else this.deviation = undefined;
    }
    const used = sideways / Math.sin(angle);
    return travel - used + used * Math.cos(angle);
  }

  private moveAlong(travel: number): void {
    let stop = this.stops[this.nextStop];
    while (stop && stop.alongM <= this.alongM + travel && (this.deviation || this.lateralM !== 0)) {
      this.skipped.push(stop.seq);
      stop = this.stops[++this.nextStop];
    }
    if (stop && stop.alongM <= this.alongM + travel) {
      this.alongM = Math.max(this.alongM, stop.alongM);
      this.speedMps = 0;
      this.dwellLeftS = stop.dwellS;
      this.served.push(stop.seq);
      return;
    }
    this.alongM = Math.min(this.path.lengthM, this.alongM + travel);
    if (this.alongM >= this.path.lengthM) {
      this.arrived = true;
      this.speedMps = 0;
    }
    while (this.turns[this.nextTurn] && this.turns[this.nextTurn]!.alongM <= this.alongM) this.nextTurn++;
  }

  /** On the route, or beside it: offset along a normal averaged over the offset's own length. */
  private placeXy(): Xy {
    const base = this.path.pointAt(this.alongM);
    if (this.lateralM === 0) return base;
    const direction = this.path.directionAt(this.alongM, Math.max(50, Math.abs(this.lateralM)));
    // The right-hand normal of (x, y) is (y, −x).
    return { x: base.x + direction.y * this.lateralM, y: base.y - direction.x * this.lateralM };
  }

  private drawCruise(): void {
    const { minCruiseKmh, maxCruiseKmh, cruiseChangeS } = this.profile;
    this.cruiseMps = (minCruiseKmh + this.random() * (maxCruiseKmh - minCruiseKmh)) / 3.6;
    this.cruiseLeftS = cruiseChangeS[0] + this.random() * (cruiseChangeS[1] - cruiseChangeS[0]);
  }
}

/** Places stops along the route in their order (a route may pass a place twice). */
function placeStops(path: RoutePath, stops: readonly VehicleStop[], defaultDwellS: number): PlacedStop[] {
  let fromM = 0;
  return stops.map((stop, index) => {
    const seq = stop.seq ?? index + 1;
    const { alongM, offsetM } = path.locate(stop.position, fromM);
    if (offsetM > MAX_STOP_OFFSET_M) {
      throw new RangeError(
        `stop ${seq} lies ${Math.round(offsetM)} m from the route after the previous stop; a vehicle dwells on its route, so put the stop within ${MAX_STOP_OFFSET_M} m of it (or list stops in route order)`,
      );
    }
    if (stop.dwellS !== undefined && !(stop.dwellS >= 0)) {
      throw new RangeError(`stop ${seq}: dwellS must be a number of seconds ≥ 0`);
    }
    fromM = alongM;
    return { seq, siteId: stop.siteId, alongM, dwellS: stop.dwellS ?? defaultDwellS };
  });
}

function round(value: number, decimals: number): number {
  const f = 10 ** decimals;
  return Math.round(value * f) / f;
}
