import { VaultlineError } from '@vaultline/shared';

/** A rules configuration that cannot work (a threshold out of range). */
export class RulesConfigError extends VaultlineError {
  constructor(detail: string) {
    super('RULES_CONFIG', `centre alarm rules: ${detail}; fix the rules section of the centre configuration`);
  }
}

interface ConfigKey {
  default: number;
  /** Smallest accepted value. */
  min: number;
  integer?: boolean;
  description: string;
}

/**
 * Every threshold of the centre's position and run-progress rules (DESIGN §4), with its default and what
 * it does, in one place; the centre's configuration schema is built from this table.
 */
export const RULES_CONFIG_KEYS = {
  routeCorridorM: {
    default: 500,
    min: 1,
    description: 'ROUTE_DEVIATION: a fix farther than this from the planned route is outside the corridor, m',
  },
  routeClearM: {
    default: 400,
    min: 0,
    description:
      'ROUTE_DEVIATION clears only at a fix this close to the route; below the corridor so a vehicle on the edge does not flap, m',
  },
  routeMinOutsideMs: {
    default: 60_000,
    min: 0,
    description:
      'ROUTE_DEVIATION needs this long from the first to the latest of an unbroken series of outside fixes, ms',
  },
  routeMinOutsideFixes: {
    default: 3,
    min: 1,
    integer: true,
    description:
      'ROUTE_DEVIATION also needs at least this many consecutive outside fixes, so one outlier never raises',
  },
  stopGeofenceM: {
    default: 200,
    min: 1,
    description:
      'geofence radius of a planned stop that has no geofenceM of its own, m; no ROUTE_DEVIATION or UNEXPECTED_STOP inside it',
  },
  stationarySpeedKmh: {
    default: 3,
    min: 0,
    description: 'UNEXPECTED_STOP: a fix slower than this counts as stationary, km/h',
  },
  stationaryRadiusM: {
    default: 30,
    min: 0,
    description: 'UNEXPECTED_STOP: a fix within this of where the vehicle stopped counts as stationary, m',
  },
  stationaryMinMs: {
    default: 300_000,
    min: 0,
    description: 'UNEXPECTED_STOP when stationary longer than this outside every stop geofence, ms',
  },
  runLeadMs: {
    default: 3_600_000,
    min: 0,
    description:
      "position rules watch a vehicle from this long before its run's first stop window opens until every stop of the run is completed, ms",
  },
  routeCellM: {
    default: 500,
    min: 10,
    description:
      'grid cell of the route index, m; tuning only (smaller: fewer segments per fix, more memory)',
  },
} as const satisfies Record<string, ConfigKey>;

export type RulesConfigKey = keyof typeof RULES_CONFIG_KEYS;
export type CentreRulesConfig = { readonly [K in RulesConfigKey]: number };

const KEYS = Object.keys(RULES_CONFIG_KEYS) as RulesConfigKey[];

export const DEFAULT_RULES_CONFIG: CentreRulesConfig = Object.freeze(
  Object.fromEntries(KEYS.map((k) => [k, RULES_CONFIG_KEYS[k].default])) as CentreRulesConfig,
);

/** Defaults overlaid with `overrides`, checked; throws RulesConfigError for a value that cannot work. */
export function resolveRulesConfig(overrides: Partial<CentreRulesConfig> = {}): CentreRulesConfig {
  const config = { ...DEFAULT_RULES_CONFIG, ...overrides };
  for (const key of KEYS) {
    const spec: ConfigKey = RULES_CONFIG_KEYS[key];
    const value = config[key];
    if (!Number.isFinite(value) || value < spec.min || (spec.integer && !Number.isInteger(value))) {
      throw new RulesConfigError(
        `${key} = ${value} is not ${spec.integer ? 'an integer' : 'a finite number'} ≥ ${spec.min} (${spec.description})`,
      );
    }
  }
  if (config.routeClearM > config.routeCorridorM) {
    throw new RulesConfigError(
      `routeClearM (${config.routeClearM}) must not exceed routeCorridorM (${config.routeCorridorM}), or a deviation would clear while still outside the corridor`,
    );
  }
  return Object.freeze(config);
}
