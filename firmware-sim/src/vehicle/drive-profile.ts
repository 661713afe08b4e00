/**
 * How an armoured van drives in town. The figures are ordinary urban driving, chosen so that the
 * centre's rules see what they would see from a real van: cruising in the 30–50 km/h band of city
 * streets with the speed wandering in traffic, gentle acceleration, comfortable braking into stops and
 * sharp corners, and a dwell at every stop.
 */
export interface DriveProfile {
  /** Cruise speed is drawn in this band, km/h. */
  minCruiseKmh: number;
  maxCruiseKmh: number;
  /** A new cruise speed is drawn after a random time in this range, s (traffic, lights, lanes). */
  cruiseChangeS: [number, number];
  /** A loaded van: 0–40 km/h in about 9 s. */
  accelerationMps2: number;
  /** Comfortable service braking (a hard stop is 6–8 m/s²). */
  brakingMps2: number;
  /** Speed through a corner of at least `cornerDeg`, km/h. */
  cornerKmh: number;
  cornerDeg: number;
  /** Dwell at a stop that gives none: the time of a hand-over, s. */
  defaultDwellS: number;
  /** Angle between the route and the way out when the van leaves it to drive parallel, degrees. */
  deviationAngleDeg: number;
}

export const URBAN_PROFILE: DriveProfile = {
  minCruiseKmh: 30,
  maxCruiseKmh: 50,
  cruiseChangeS: [15, 45],
  accelerationMps2: 1.2,
  brakingMps2: 1.5,
  cornerKmh: 20,
  cornerDeg: 45,
  defaultDwellS: 240,
  deviationAngleDeg: 45,
};

/** The last metre into a stop is crawled rather than approached ever more slowly, m/s. */
export const CRAWL_MPS = 1;

/** Highest speed from which the van still slows to `endMps` within `distanceM` at `brakingMps2`. */
export function brakingLimit(distanceM: number, endMps: number, brakingMps2: number): number {
  return Math.sqrt(endMps * endMps + 2 * brakingMps2 * Math.max(0, distanceM));
}

/**
 * A seeded pseudo-random source in [0, 1) (mulberry32), so a vehicle drives the same way on every run of
 * a test or demo.
 */
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

/** A stable seed from a vehicle id (FNV-1a), so two vans on one route do not drive in lockstep. */
export function seedFromId(id: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < id.length; i++) hash = Math.imul(hash ^ id.charCodeAt(i), 0x01000193);
  return hash >>> 0;
}
