import { describe, expect, it } from 'vitest';
import { DevicesFileError, parseDevices } from '../../src/serve/devices-file.ts';
import { isVehicleEntry } from '../../src/vehicle/vehicle-entry.ts';
import { destination, legsRoute, ORIGIN } from './route-fixtures.ts';

const ROUTE = legsRoute(ORIGIN, [[90, 2_000]], 500);
const VAN = { id: 'VAN-07', kind: 'vehicle', route: ROUTE, broker: 'mqtt://127.0.0.1:1883' };

describe('devices file: vehicles', () => {
  it('accepts a vehicle beside line devices and fills its defaults', () => {
    const entries = parseDevices([
      { id: 'fp-door', kind: 'fingerprint', transport: 'serial', link: '/tmp/x/fp' },
      {
        ...VAN,
        stops: [{ position: destination(ORIGIN, 90, 1_000), dwellS: 90, siteId: 'BR-1' }],
        password: 'pw',
        qos: 1,
        speedFactor: 20,
        startAt: '2026-11-23T08:00:00Z',
      },
      { ...VAN, id: 'VAN-08' },
    ]);
    expect(entries.map((e) => isVehicleEntry(e))).toEqual([false, true, true]);
    expect(entries[1]).toMatchObject({ qos: 1, speedFactor: 20, password: 'pw', stops: [{ dwellS: 90 }] });
    expect(entries[2]).toMatchObject({ qos: 0, speedFactor: 1, stops: [] });
  });

  it('names vehicle among the kinds when the kind is unknown', () => {
    expect(() => parseDevices([{ ...VAN, kind: 'truck' }])).toThrow(/"kind" must be .* \| vehicle/);
  });

  it.each([
    [{ id: 'VAN 07' }, /"id" must be the vehicle id/],
    [{ route: [ROUTE[0]] }, /"route" must be an array of 2–10000 points/],
    [{ route: [ROUTE[0], { lat: 95, lon: 0 }] }, /"route\[1\]"/],
    [{ route: [ROUTE[0], ROUTE[0]] }, /at least two distinct points/],
    [{ stops: {} }, /"stops" must be an array/],
    [{ stops: [{ dwellS: 5 }] }, /"stops\[0\]\.position"/],
    [{ stops: [{ position: ORIGIN, dwellS: -1 }] }, /"stops\[0\]\.dwellS"/],
    [{ stops: [{ position: destination(ORIGIN, 0, 900) }] }, /VAN-07\): stop 1 lies 900 m from the route/],
    [{ broker: 'http://x' }, /"broker" must be a broker URL/],
    [{ broker: undefined }, /"broker"/],
    [{ password: 5 }, /"password" must be a string/],
    [{ speedFactor: 0 }, /"speedFactor" must be a number > 0 and ≤ 1000/],
    [{ qos: 2 }, /"qos" must be 0 or 1/],
    [{ startAt: 'tomorrow' }, /"startAt"/],
  ])('refuses %j with a message naming the field', (change, message) => {
    const input = [{ ...VAN, ...change }];
    expect(() => parseDevices(input)).toThrow(DevicesFileError);
    expect(() => parseDevices(input)).toThrow(message);
  });

  it('refuses a vehicle id used by a device too', () => {
    const input = [{ id: 'VAN-07', kind: 'camera', transport: 'tcp', port: 4001 }, VAN];
    expect(() => parseDevices(input)).toThrow(/used twice/);
  });
});
