import type { PositionPayload } from '@vaultline/shared/contract/mqtt-payloads';
import { PositionPayload as PositionSchema } from '@vaultline/shared/contract/mqtt-payloads';
import { check } from '@vaultline/shared/contract/validate';
import { FakeClock } from '@vaultline/shared/time/fake-clock';
import { describe, expect, it } from 'vitest';
import { VehicleUnit, type VehicleUnitOptions } from '../../src/vehicle/vehicle-unit.ts';
import { CITY_ROUTE, distanceToRouteM, sphereDistanceM } from './route-fixtures.ts';

function setup(options: Partial<VehicleUnitOptions> = {}) {
  const clock = new FakeClock();
  const published: PositionPayload[] = [];
  const unit = new VehicleUnit({
    id: 'VAN-07',
    route: CITY_ROUTE,
    clock,
    publish: (p) => published.push(p),
    ...options,
  });
  return { clock, unit, published };
}

const times = (positions: PositionPayload[]) => positions.map((p) => Date.parse(p.ts));

describe('VehicleUnit', () => {
  it('publishes a valid position at once and then at 1 Hz, stamped with the clock', async () => {
    const { clock, unit, published } = setup();
    const t0 = clock.now();
    unit.start();
    expect(published).toHaveLength(1);
    await clock.advance(999);
    expect(published).toHaveLength(1);
    await clock.advance(1);
    expect(published).toHaveLength(2);
    await clock.advance(58_000);
    expect(published).toHaveLength(60);
    expect(times(published)).toEqual(published.map((_, i) => t0 + i * 1_000));
    for (const p of published) {
      expect(check(PositionSchema, p)).toEqual({ ok: true, value: p });
      expect(distanceToRouteM(p, CITY_ROUTE)).toBeLessThan(3);
    }
    unit.close();
  });

  it('plays the route speedFactor times faster, positions still one simulated second apart', async () => {
    const startAt = Date.UTC(2026, 10, 23, 9, 0, 0);
    const { clock, unit, published } = setup({ speedFactor: 10, startAt });
    unit.start();
    await clock.advance(1_000);
    expect(published).toHaveLength(11);
    await clock.advance(59_000);
    // 60 real seconds = 600 simulated seconds of driving.
    expect(published).toHaveLength(601);
    expect(times(published)).toEqual(published.map((_, i) => startAt + i * 1_000));
    const travelled = sphereDistanceM(published[0]!, published[600]!);
    expect(travelled).toBeGreaterThan(2_000);
    unit.close();
  });

  it('reports speed and heading the motion implies (heading east on the first leg)', async () => {
    const { clock, unit, published } = setup();
    unit.start();
    await clock.advance(60_000);
    const moving = published.slice(20, 60);
    for (let i = 1; i < moving.length; i++) {
      const metres = sphereDistanceM(moving[i - 1]!, moving[i]!);
      // The sentence carries speed in 0.1 kn; the distance moved in a second averages two speeds.
      expect(Math.abs(metres * 3.6 - (moving[i - 1]!.speedKmh + moving[i]!.speedKmh) / 2)).toBeLessThan(2.5);
      expect(moving[i]!.headingDeg).toBeCloseTo(90, 0);
    }
    unit.close();
  });

  it('stands still on stop(), drives on after resume()', async () => {
    const { clock, unit, published } = setup();
    unit.start();
    await clock.advance(30_000);
    unit.stop();
    await clock.advance(1_000);
    const from = published.length;
    await clock.advance(300_000);
    const halted = published.slice(from);
    expect(halted).toHaveLength(300);
    for (const p of halted) expect([p.lat, p.lon, p.speedKmh]).toEqual([halted[0]!.lat, halted[0]!.lon, 0]);
    expect(unit.snapshot().state).toBe('stopped');
    unit.resume();
    await clock.advance(10_000);
    expect(published[published.length - 1]!.speedKmh).toBeGreaterThan(20);
    unit.close();
  });

  it('publishes nothing while the receiver has no fix or a corrupt line, and counts why', async () => {
    const { clock, unit, published } = setup();
    unit.start();
    unit.gpsFault('no-fix');
    await clock.advance(5_000);
    unit.gpsFault('corrupt');
    await clock.advance(5_000);
    expect(published).toHaveLength(1);
    unit.gpsFault('none');
    await clock.advance(1_000);
    expect(published).toHaveLength(2);
    expect(unit.snapshot().gps).toEqual({ sentences: 14, rejected: 10, noFix: 5, positions: 2 });
    unit.close();
  });

  it('stops its timer on close() and carries on from there on start()', async () => {
    const { clock, unit, published } = setup();
    unit.start();
    await clock.advance(5_000);
    unit.close();
    expect(clock.pending).toBe(0);
    await clock.advance(60_000);
    expect(published).toHaveLength(6);
    unit.start();
    expect(published).toHaveLength(7);
    expect(Date.parse(published[6]!.ts) - Date.parse(published[5]!.ts)).toBe(1_000);
    unit.close();
  });

  it('shows progress, state and the last position in its snapshot', async () => {
    const { clock, unit } = setup({ stops: [{ position: CITY_ROUTE[10]!, dwellS: 30, siteId: 'BR-1' }] });
    unit.start();
    await clock.advance(20_000);
    const s = unit.snapshot();
    expect(s).toMatchObject({ id: 'VAN-07', state: 'driving', gpsFault: 'none', speedFactor: 1 });
    expect(s.progress).toBeGreaterThan(0);
    expect(s.nextStop).toMatchObject({ seq: 1, siteId: 'BR-1' });
    expect(s.lastPosition?.ts).toBe(s.simulatedTime);
    unit.deviate({ offsetM: 500 });
    expect(unit.snapshot().deviation).toEqual({ offsetM: 500, side: 'right', phase: 'out' });
    unit.close();
  });

  it('refuses a speed factor out of range', () => {
    expect(() => setup({ speedFactor: 0 })).toThrow(/speedFactor/);
    expect(() => setup({ speedFactor: 5_000 })).toThrow(/speedFactor/);
  });
});
