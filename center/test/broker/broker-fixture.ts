import mqtt, { type IClientOptions, type MqttClient } from 'mqtt';
import { registerGatewayCredentials, registerVehicle } from '../../src/broker/credentials.ts';
import type { CentreBrokerUser } from '../../src/broker/embedded-broker.ts';
import { TestGateway } from '../ingest/chain-fixture.ts';
import { openTestStore } from '../store/store-fixture.ts';

/**
 * The shared broker harness of the `tests` package (a real Mosquitto on a free port). It lives outside this
 * package's TypeScript root, so it is loaded by URL at run time and its interface is restated here.
 */
export interface MosquittoInstance {
  url: string;
  port: number;
  log(): string;
  stop(): Promise<void>;
}

export async function startMosquitto(options: {
  dir: string;
  passwordFile?: string;
  aclFile?: string;
}): Promise<MosquittoInstance> {
  const url = new URL('../../../tests/src/harness/mosquitto.ts', import.meta.url);
  const harness = (await import(url.href)) as {
    startMosquitto(o: typeof options): Promise<MosquittoInstance>;
  };
  return harness.startMosquitto(options);
}

export const CENTRE: CentreBrokerUser = {
  username: 'vaultline-centre',
  password: 'centre-password-from-config',
};

/** A store with two registered gateways (with broker credentials) and one vehicle. */
export function brokerWorld() {
  const handle = openTestStore();
  const gwA = new TestGateway('gw-a', 'site-a');
  const gwB = new TestGateway('gw-b', 'site-b');
  for (const gw of [gwA, gwB]) handle.store.gateways.register(gw.registration);
  const passwords = {
    'gw-a': registerGatewayCredentials(handle.store, 'gw-a'),
    'gw-b': registerGatewayCredentials(handle.store, 'gw-b'),
    'v-01': registerVehicle(handle.store, { vehicleId: 'v-01', plate: '粤B·12345' }),
  };
  return { handle, gwA, gwB, passwords };
}

/** Safety net for waiting on a real broker: a hang becomes a clear failure, not a timing assertion. */
const WAIT_MS = 10_000;

/** Connects over MQTT 3.1.1 (aedes and Mosquitto both speak it) without reconnecting. */
export function connect(url: string, options: IClientOptions): Promise<MqttClient> {
  return new Promise((resolve, reject) => {
    const client = mqtt.connect(url, {
      protocolVersion: 4,
      reconnectPeriod: 0,
      connectTimeout: WAIT_MS,
      ...options,
    });
    client.once('connect', () => resolve(client));
    client.once('error', (error) => {
      client.end(true);
      reject(error);
    });
  });
}

/** What `connect` was refused with: the CONNACK return code. */
export async function refusal(url: string, options: IClientOptions): Promise<number | undefined> {
  try {
    const client = await connect(url, options);
    await client.endAsync();
    return undefined;
  } catch (error) {
    return (error as { code?: number }).code;
  }
}

export interface Received {
  topic: string;
  text: string;
}

/** Records every message a client receives. */
export function record(client: MqttClient): Received[] {
  const received: Received[] = [];
  client.on('message', (topic, payload) => received.push({ topic, text: payload.toString('utf8') }));
  return received;
}

export async function waitFor<T>(condition: () => T | undefined | false, what: string): Promise<T> {
  const deadline = Date.now() + WAIT_MS;
  for (;;) {
    const value = condition();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${WAIT_MS} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
