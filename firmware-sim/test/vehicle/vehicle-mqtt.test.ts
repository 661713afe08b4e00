import { PositionPayload } from '@vaultline/shared/contract/mqtt-payloads';
import { CENTRE_SUBSCRIPTIONS, parseTopic } from '@vaultline/shared/contract/mqtt-topics';
import { validate } from '@vaultline/shared/contract/validate';
import { FakeClock } from '@vaultline/shared/time/fake-clock';
import { connectAsync } from 'mqtt';
import { afterEach, describe, expect, it } from 'vitest';
import { MqttPositionLink } from '../../src/vehicle/mqtt-position-link.ts';
import { VehicleUnit } from '../../src/vehicle/vehicle-unit.ts';
import { startBroker, until } from './in-process-broker.ts';
import { CITY_ROUTE } from './route-fixtures.ts';

const CREDENTIALS = { centre: 'centre-pw', 'VAN-07': 'van-pw' };
const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

interface Received {
  vehicleId: string | undefined;
  qos: number;
  position: PositionPayload;
}

/** The centre's side: subscribed to every vehicle's positions, validating each payload. */
async function centre(url: string): Promise<Received[]> {
  const client = await connectAsync(url, {
    protocolVersion: 4,
    username: 'centre',
    password: CREDENTIALS.centre,
    reconnectPeriod: 0,
  });
  cleanups.push(() => client.endAsync(true));
  const received: Received[] = [];
  client.on('message', (topic, payload, packet) => {
    const parsed = parseTopic(topic);
    received.push({
      vehicleId: parsed?.kind === 'pos' ? parsed.vehicleId : undefined,
      qos: packet.qos,
      position: validate(PositionPayload, JSON.parse(payload.toString()), 'pos'),
    });
  });
  await client.subscribeAsync(CENTRE_SUBSCRIPTIONS.positions, { qos: 1 });
  return received;
}

async function vehicle(url: string, options: { password?: string; qos?: 0 | 1; speedFactor?: number }) {
  const clock = new FakeClock();
  const link = new MqttPositionLink({
    vehicleId: 'VAN-07',
    brokerUrl: url,
    password: options.password,
    qos: options.qos,
  });
  const unit = new VehicleUnit({
    id: 'VAN-07',
    route: CITY_ROUTE,
    clock,
    speedFactor: options.speedFactor,
    publish: (position) => link.publish(position),
  });
  cleanups.push(async () => {
    unit.close();
    await link.close();
  });
  link.start();
  return { clock, link, unit };
}

describe('vehicle unit over MQTT (in-process aedes)', () => {
  it('publishes valid positions on vl/v1/vehicle/VAN-07/pos, one per simulated second, at QoS 1', async () => {
    const broker = await startBroker(CREDENTIALS);
    cleanups.push(() => broker.stop());
    const received = await centre(broker.url);
    const { clock, link, unit } = await vehicle(broker.url, { password: 'van-pw', qos: 1 });
    await link.whenConnected();
    unit.start();
    for (let second = 1; second <= 9; second++) await clock.advance(1_000);
    await until(() => received.length === 10, '10 positions at the centre');
    expect(new Set(received.map((r) => r.vehicleId))).toEqual(new Set(['VAN-07']));
    expect(new Set(received.map((r) => r.qos))).toEqual(new Set([1]));
    const stamps = received.map((r) => Date.parse(r.position.ts));
    expect(stamps).toEqual(stamps.map((_, i) => stamps[0]! + i * 1_000));
    expect(received.at(-1)?.position).toEqual(unit.snapshot().lastPosition);
    expect(link.describe()).toMatchObject({ state: 'connected', qos: 1, published: 10, dropped: 0 });
  });

  it('plays speedFactor simulated seconds per clock second, at QoS 0 by default', async () => {
    const broker = await startBroker(CREDENTIALS);
    cleanups.push(() => broker.stop());
    const received = await centre(broker.url);
    const { clock, link, unit } = await vehicle(broker.url, { password: 'van-pw', speedFactor: 10 });
    await link.whenConnected();
    unit.start();
    await clock.advance(1_000);
    await until(() => received.length === 11, 'the first fix and 10 more in one clock second');
    await clock.advance(1_000);
    await until(() => received.length === 21, '10 more fixes in the next clock second');
    expect(new Set(received.map((r) => r.qos))).toEqual(new Set([0]));
    const stamps = received.map((r) => Date.parse(r.position.ts));
    expect(stamps[20]! - stamps[0]!).toBe(20_000);
  });

  it('reports a refused password and publishes nothing', async () => {
    const broker = await startBroker(CREDENTIALS);
    cleanups.push(() => broker.stop());
    const received = await centre(broker.url);
    const { clock, link, unit } = await vehicle(broker.url, { password: 'wrong' });
    unit.start();
    await until(() => link.describe().lastError !== null, 'the refusal');
    expect(link.describe().lastError).toMatch(/broker refused the vehicle: not authorized/);
    await clock.advance(3_000);
    expect(link.describe()).toMatchObject({ state: 'connecting', published: 0, dropped: 4 });
    expect(received).toEqual([]);
  });

  it('never shows credentials embedded in the broker URL', () => {
    const link = new MqttPositionLink({
      vehicleId: 'VAN-07',
      brokerUrl: 'mqtt://VAN-07:secret@10.0.0.5:1883',
    });
    expect(JSON.stringify(link.describe())).not.toContain('secret');
    expect(link.describe().broker).toBe('mqtt://10.0.0.5:1883');
  });
});
