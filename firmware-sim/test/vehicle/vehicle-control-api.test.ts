import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PositionPayload } from '@vaultline/shared/contract/mqtt-payloads';
import { topics } from '@vaultline/shared/contract/mqtt-topics';
import { validate } from '@vaultline/shared/contract/validate';
import { FakeClock } from '@vaultline/shared/time/fake-clock';
import type { FastifyInstance } from 'fastify';
import { connectAsync } from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildControlApi } from '../../src/control/control-api.ts';
import { parseDevices } from '../../src/serve/devices-file.ts';
import { SimServer } from '../../src/serve/sim-server.ts';
import { startBroker, type TestBroker, until } from './in-process-broker.ts';
import { distanceToRouteM, legsRoute, ORIGIN } from './route-fixtures.ts';

const ROUTE = legsRoute(ORIGIN, [[90, 15_000]]);
const clock = new FakeClock();
const positions: PositionPayload[] = [];
let broker: TestBroker;
let sim: SimServer;
let api: FastifyInstance;
let workDir: string;
let closeCentre: () => Promise<void>;

beforeAll(async () => {
  broker = await startBroker({ centre: 'c', 'VAN-07': 'van-pw' });
  const client = await connectAsync(broker.url, { protocolVersion: 4, username: 'centre', password: 'c' });
  client.on('message', (_topic, payload) =>
    positions.push(validate(PositionPayload, JSON.parse(payload.toString()), 'pos')),
  );
  await client.subscribeAsync(topics.vehiclePosition('VAN-07'), { qos: 1 });
  closeCentre = () => client.endAsync(true);
  workDir = mkdtempSync(join(tmpdir(), 'vl-vehicle-'));
  sim = await SimServer.start({
    devices: parseDevices([
      { id: 'VAN-07', kind: 'vehicle', route: ROUTE, broker: broker.url, password: 'van-pw', qos: 1 },
    ]),
    workDir,
    clock,
  });
  api = buildControlApi(sim);
  await sim.vehicle('VAN-07').link.whenConnected();
});

afterAll(async () => {
  await api.close();
  await sim.stop();
  await closeCentre();
  await broker.stop();
  rmSync(workDir, { recursive: true, force: true });
});

async function call(method: 'GET' | 'POST', url: string, payload?: Record<string, unknown>) {
  const response = await api.inject({ method, url, ...(payload === undefined ? {} : { payload }) });
  return { status: response.statusCode, body: response.json() };
}

/** Moves simulated time on one second at a time and waits until the centre has every fix. */
async function drive(seconds: number): Promise<void> {
  for (let i = 0; i < seconds; i++) await clock.advance(1_000);
  const published = sim.vehicle('VAN-07').link.describe().published;
  await until(() => positions.length === published, 'every published fix at the centre');
}

describe('control API: vehicles', () => {
  it('lists the vehicle, apart from the line devices', async () => {
    await drive(30);
    const { body } = await call('GET', '/vehicles');
    expect(body.vehicles).toEqual([
      expect.objectContaining({ id: 'VAN-07', kind: 'vehicle', state: 'driving', mqtt: 'connected' }),
    ]);
    expect((await call('GET', '/devices')).body).toEqual({ devices: [] });
  });

  it('describes position, speed, state and progress, never the password', async () => {
    const { status, body } = await call('GET', '/vehicles/VAN-07');
    expect(status).toBe(200);
    expect(body).toMatchObject({ id: 'VAN-07', kind: 'vehicle', state: 'driving', gpsFault: 'none' });
    expect(body.speedKmh).toBeGreaterThan(20);
    expect(body.progress).toBeGreaterThan(0);
    expect(body.mqtt).toMatchObject({ state: 'connected', topic: 'vl/v1/vehicle/VAN-07/pos', qos: 1 });
    expect(JSON.stringify(body)).not.toContain('van-pw');
  });

  it('deviates 800 m by default, then rejoins the route', async () => {
    const { body } = await call('POST', '/vehicles/VAN-07/deviate');
    expect(body).toMatchObject({ state: 'deviating', deviation: { offsetM: 800, phase: 'out' } });
    await drive(240);
    const away = positions.slice(-240).map((p) => distanceToRouteM(p, ROUTE));
    expect(Math.max(...away)).toBeGreaterThan(799);
    await drive(200);
    expect(distanceToRouteM(positions.at(-1)!, ROUTE)).toBeLessThan(3);
    expect((await call('GET', '/vehicles/VAN-07')).body.state).toBe('driving');
  });

  it('takes the offset, duration and side of a deviation', async () => {
    const { body } = await call('POST', '/vehicles/VAN-07/deviate', { offsetM: 300, forS: 10, side: 'left' });
    expect(body.deviation).toEqual({ offsetM: 300, side: 'left', phase: 'out' });
    await drive(120);
    expect(Math.max(...positions.slice(-120).map((p) => p.lat))).toBeGreaterThan(ORIGIN.lat + 0.0025);
  });

  it('stops the vehicle where it is, and resumes', async () => {
    expect((await call('POST', '/vehicles/VAN-07/stop')).body).toMatchObject({
      state: 'stopped',
      speedKmh: 0,
    });
    await drive(20);
    const halted = positions.slice(-19);
    for (const p of halted) expect([p.lat, p.lon, p.speedKmh]).toEqual([halted[0]!.lat, halted[0]!.lon, 0]);
    expect((await call('POST', '/vehicles/VAN-07/resume')).body.state).not.toBe('stopped');
    await drive(10);
    expect(positions.at(-1)!.speedKmh).toBeGreaterThan(10);
  });

  it('sets a GNSS fault: no fix means no positions', async () => {
    expect((await call('POST', '/vehicles/VAN-07/fault', { kind: 'no-fix' })).body.gpsFault).toBe('no-fix');
    const before = positions.length;
    await drive(5);
    expect(positions.length).toBe(before);
    await call('POST', '/vehicles/VAN-07/fault', { kind: 'none' });
    await drive(1);
    expect(positions.length).toBe(before + 1);
  });

  it('answers 404 for an unknown vehicle and 400 with the fix for a bad request', async () => {
    expect(await call('GET', '/vehicles/VAN-99')).toEqual({
      status: 404,
      body: { error: 'SIM_UNKNOWN_VEHICLE', message: expect.stringContaining('GET /vehicles lists them') },
    });
    expect((await call('POST', '/vehicles/VAN-99/stop')).status).toBe(404);
    const tooClose = await call('POST', '/vehicles/VAN-07/deviate', { offsetM: 10 });
    expect(tooClose.status).toBe(400);
    const badFault = await call('POST', '/vehicles/VAN-07/fault', { kind: 'jammed' });
    expect(badFault).toMatchObject({ status: 400, body: { message: expect.stringContaining('no-fix') } });
  });
});
