export interface DoorConfig {
  /** 1-based door number. */
  door: number;
  /** LCUS relay channel (1-based) driving this door's strike. */
  relayChannel: number;
  /** 0-based discrete input of the Modbus I/O module wired to this door's contact (active = open). */
  contactInput: number;
}

/** A two-door mantrap: door n on relay channel n and input n − 1. */
export const DEFAULT_DOORS: DoorConfig[] = [
  { door: 1, relayChannel: 1, contactInput: 0 },
  { door: 2, relayChannel: 2, contactInput: 1 },
];

/** Throws a RangeError that names the bad entry. */
export function checkDoorConfig(doors: DoorConfig[]): void {
  if (doors.length === 0) throw new RangeError('door controller: configure at least one door');
  const seen = { door: new Set<number>(), relayChannel: new Set<number>(), contactInput: new Set<number>() };
  for (const config of doors) {
    for (const [key, min, max] of [
      ['door', 1, 255],
      ['relayChannel', 1, 255],
      ['contactInput', 0, 1999],
    ] as const) {
      const value = config[key];
      if (!Number.isInteger(value) || value < min || value > max) {
        throw new RangeError(`door controller: ${key} must be an integer ${min}…${max}, got ${value}`);
      }
      if (seen[key].has(value)) throw new RangeError(`door controller: ${key} ${value} is configured twice`);
      seen[key].add(value);
    }
  }
}
