import { describe, expect, it } from 'vitest';
import {
  DEFAULT_RULES_CONFIG,
  RULES_CONFIG_KEYS,
  RulesConfigError,
  resolveRulesConfig,
} from '../../src/rules/rules-config.ts';

describe('rules configuration', () => {
  it('defaults to the figures of DESIGN §4, each key described', () => {
    expect(DEFAULT_RULES_CONFIG).toMatchObject({
      routeCorridorM: 500,
      routeClearM: 400,
      routeMinOutsideMs: 60_000,
      routeMinOutsideFixes: 3,
      stopGeofenceM: 200,
      stationarySpeedKmh: 3,
      stationaryRadiusM: 30,
      stationaryMinMs: 300_000,
    });
    for (const spec of Object.values(RULES_CONFIG_KEYS)) expect(spec.description.length).toBeGreaterThan(20);
    expect(resolveRulesConfig()).toEqual(DEFAULT_RULES_CONFIG);
  });

  it('overlays overrides and refuses values that cannot work, saying which key', () => {
    expect(resolveRulesConfig({ routeCorridorM: 800, routeClearM: 600 })).toMatchObject({
      routeCorridorM: 800,
      routeClearM: 600,
    });
    expect(() => resolveRulesConfig({ routeClearM: 600 })).toThrow(RulesConfigError);
    expect(() => resolveRulesConfig({ routeClearM: 600 })).toThrow(
      /routeClearM \(600\) must not exceed routeCorridorM \(500\)/,
    );
    expect(() => resolveRulesConfig({ routeMinOutsideFixes: 2.5 })).toThrow(
      /routeMinOutsideFixes = 2.5 is not an integer/,
    );
    expect(() => resolveRulesConfig({ stationaryMinMs: Number.NaN })).toThrow(/stationaryMinMs/);
    expect(() => resolveRulesConfig({ routeCellM: 1 })).toThrow(/routeCellM = 1 is not a finite number ≥ 10/);
  });
});
