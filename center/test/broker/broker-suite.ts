import { CENTRE_SUBSCRIPTIONS, topics } from '@vaultline/shared/contract/mqtt-topics';
import type { MqttClient } from 'mqtt';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { IngestService } from '../../src/ingest/ingest-service.ts';
import { MqttIngest, mqttPublisher } from '../../src/ingest/mqtt-ingest.ts';
import { payload } from '../ingest/chain-fixture.ts';
import { brokerWorld, CENTRE, connect, type Received, record, refusal, waitFor } from './broker-fixture.ts';

export interface RunningBroker {
  url: string;
  stop(): Promise<void>;
}

type World = ReturnType<typeof brokerWorld>;

/**
 * The same rights, proven on each broker (DESIGN §9: a gateway can publish only under its own topic).
 * `denied` is how the broker answers a request outside a client's rights over MQTT 3.1.1; either way
 * nothing outside those rights reaches anyone.
 */
export interface DeniedAnswers {
  /** aedes closes the connection; Mosquitto acknowledges the PUBLISH and drops it. */
  publish: 'closes' | 'drops';
  /** aedes refuses in the SUBACK (0x80 = 128); Mosquitto 2.0.11 grants it and delivers nothing denied. */
  subscribeQos: number;
}

export function brokerSuite(
  name: string,
  denied: DeniedAnswers,
  start: (world: World) => Promise<RunningBroker>,
): void {
  const deniedPublish = denied.publish;
  describe(name, () => {
    let world: World;
    let broker: RunningBroker;
    let centre: MqttClient;
    let received: Received[];
    const clients: MqttClient[] = [];
    const login = async (username: string, password: string, extra: object = {}) => {
      const client = await connect(broker.url, {
        username,
        password,
        clientId: `${username}-${clients.length}`,
        ...extra,
      });
      clients.push(client);
      return client;
    };

    beforeEach(async () => {
      world = brokerWorld();
      broker = await start(world);
      centre = await login(CENTRE.username, CENTRE.password);
      received = record(centre);
      await centre.subscribeAsync(['vl/v1/gw/+/events', 'vl/v1/gw/+/status', 'vl/v1/vehicle/+/pos'], {
        qos: 1,
      });
    });
    afterEach(async () => {
      for (const client of clients.splice(0)) client.end(true);
      await broker.stop();
      world.handle.dispose();
    });

    it('refuses a wrong password, an unknown user and a missing login', async () => {
      expect(
        await refusal(broker.url, { username: 'gw-a', password: 'not-the-password' }),
      ).toBeGreaterThanOrEqual(4);
      expect(
        await refusal(broker.url, { username: 'gw-z', password: world.passwords['gw-a'] }),
      ).toBeGreaterThanOrEqual(4);
      expect(
        await refusal(broker.url, { username: 'gw-a', password: world.passwords['gw-b'] }),
      ).toBeGreaterThanOrEqual(4);
      expect(await refusal(broker.url, {})).toBeGreaterThanOrEqual(4);
      expect(
        await refusal(broker.url, { username: 'gw-a', password: world.passwords['gw-a'] }),
      ).toBeUndefined();
    });

    it('never lets a gateway publish under another gateway’s topic', async () => {
      const gwA = await login('gw-a', world.passwords['gw-a']);
      const gwB = await login('gw-b', world.passwords['gw-b']);
      expect(await attemptPublish(gwA, topics.gatewayEvents('gw-b'), 'forged by gw-a')).toBe(deniedPublish);
      // Anything the broker had passed on would reach the centre before this later message does.
      await gwB.publishAsync(topics.gatewayEvents('gw-b'), 'marker from gw-b', { qos: 1 });
      await waitFor(() => received.some((m) => m.text === 'marker from gw-b'), 'the marker');
      expect(received.map((m) => m.text)).not.toContain('forged by gw-a');
    });

    const ownTopics = [
      { leaf: 'enrol', topic: topics.gatewayEnrol, subscription: CENTRE_SUBSCRIPTIONS.enrol },
      { leaf: 'face', topic: topics.gatewayFace, subscription: CENTRE_SUBSCRIPTIONS.face },
    ] as const;
    it.each(ownTopics)('lets a gateway publish on $leaf only under its own id', async (own) => {
      await centre.subscribeAsync(own.subscription, { qos: 1 });
      const gwA = await login('gw-a', world.passwords['gw-a']);
      const forged = `${own.leaf} forged by gw-a`;
      const genuine = `${own.leaf} of gw-a`;
      expect(await attemptPublish(gwA, own.topic('gw-b'), forged)).toBe(deniedPublish);
      const again = gwA.connected ? gwA : await login('gw-a', world.passwords['gw-a']);
      await again.publishAsync(own.topic('gw-a'), genuine, { qos: 1 });
      await waitFor(() => received.some((m) => m.text === genuine), `gw-a’s ${own.leaf} message`);
      expect(received.map((m) => m.text)).not.toContain(forged);
      expect(received.find((m) => m.text === genuine)?.topic).toBe(own.topic('gw-a'));
    });

    it('lets a gateway read only its own ack, cmd and plan', async () => {
      const gwA = await login('gw-a', world.passwords['gw-a']);
      const got = record(gwA);
      expect(await grantedQos(gwA, topics.gatewayAck('gw-a'))).toBe(1);
      expect(await grantedQos(gwA, topics.gatewayAck('gw-b'))).toBe(denied.subscribeQos);
      await centre.publishAsync(topics.gatewayAck('gw-b'), '{"upToSeq":7}', { qos: 1 });
      await centre.publishAsync(topics.gatewayAck('gw-a'), '{"upToSeq":3}', { qos: 1 });
      await waitFor(() => got.length > 0, 'gw-a’s own ack');
      expect(got).toEqual([{ topic: topics.gatewayAck('gw-a'), text: '{"upToSeq":3}' }]);
    });

    it('lets a vehicle publish only its own position', async () => {
      const vehicle = await login('v-01', world.passwords['v-01']);
      expect(await attemptPublish(vehicle, topics.gatewayEvents('gw-a'), 'vehicle posing as gw-a')).toBe(
        deniedPublish,
      );
      const again = vehicle.connected ? vehicle : await login('v-01', world.passwords['v-01']);
      await again.publishAsync(topics.vehiclePosition('v-01'), 'fix', { qos: 1 });
      await waitFor(() => received.some((m) => m.text === 'fix'), 'the position');
      expect(received.map((m) => m.topic)).toEqual([topics.vehiclePosition('v-01')]);
    });

    it('delivers a gateway’s last will on its own status topic when its link drops', async () => {
      const will = {
        topic: topics.gatewayStatus('gw-a'),
        payload: Buffer.from('{"online":false}'),
        qos: 1 as const,
        retain: true,
      };
      const gwA = await login('gw-a', world.passwords['gw-a'], { will, keepalive: 30 });
      gwA.stream.destroy();
      await waitFor(() => received.find((m) => m.topic === will.topic), 'the last will');
    });

    it('carries events into verified storage and the centre’s ack back to the gateway, refusing a foreign topic', async () => {
      const ingest = new IngestService({
        registry: world.handle.store.gateways,
        events: world.handle.store.events,
        publisher: mqttPublisher(centre),
      });
      const adapter = new MqttIngest(centre, ingest);
      await adapter.start();
      const gwA = await login('gw-a', world.passwords['gw-a']);
      const acks = record(gwA);
      await gwA.subscribeAsync(topics.gatewayAck('gw-a'), { qos: 1 });
      await gwA.publishAsync(topics.gatewayEvents('gw-a'), payload(world.gwA.emit(3)), { qos: 1 });
      await waitFor(() => acks.find((m) => m.text === '{"upToSeq":3}'), 'the centre’s ack');
      expect(world.handle.store.events.head('gw-a').lastSeq).toBe(3);
      // gw-b's genuine events, published by gw-a: the broker stops them before ingest sees them.
      expect(await attemptPublish(gwA, topics.gatewayEvents('gw-b'), payload(world.gwB.emit(1)))).toBe(
        deniedPublish,
      );
      const gwB = await login('gw-b', world.passwords['gw-b']);
      await gwB.publishAsync(
        topics.gatewayEvents('gw-b'),
        payload(world.gwB.emit(1).map((e) => ({ ...e, v: 2 }))),
        { qos: 1 },
      );
      await waitFor(() => ingest.metrics().invalid > 0, 'gw-b’s later message');
      expect(world.handle.store.events.head('gw-b').lastSeq).toBe(0);
      expect(ingest.metrics()).toMatchObject({ stored: 3, tampered: 0 });
      await adapter.stop();
    });
  });
}

/** Publishes QoS 1 and reports how the broker answered: PUBACK (`drops` if refused) or a closed link. */
function attemptPublish(
  client: MqttClient,
  topic: string,
  message: string | Buffer,
): Promise<'closes' | 'drops'> {
  return new Promise((resolve) => {
    client.once('close', () => resolve('closes'));
    client.publish(topic, message, { qos: 1 }, (error) => resolve(error ? 'closes' : 'drops'));
  });
}

/** The QoS the broker granted in its SUBACK; 128 is a refusal (MQTT 3.1.1 §3.9.3). */
async function grantedQos(client: MqttClient, topic: string): Promise<number> {
  try {
    const [grant] = await client.subscribeAsync(topic, { qos: 1 });
    return grant?.qos ?? -1;
  } catch (error) {
    const granted = (error as { packet?: { granted?: number[] } }).packet?.granted?.[0];
    if (granted === undefined) throw error;
    return granted;
  }
}
