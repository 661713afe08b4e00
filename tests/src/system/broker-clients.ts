import type { EventEnvelope } from '@vaultline/shared/contract/event-envelope';
import type { StatusPayload } from '@vaultline/shared/contract/mqtt-payloads';
import { connectAsync, type MqttClient } from 'mqtt';

export interface BrokerLogin {
  username: string;
  password: string;
}

let clients = 0;
/** Safety net: a broker delivers a retained message right after the SUBACK, or holds none. */
const RETAINED_WAIT_MS = 5_000;

/**
 * A second MQTT 3.1.1 session under someone's broker credentials (an impostor holding a gateway's
 * password, or an operator's tap with the centre's): its own client id, so it never takes over the
 * session of the gateway or of the centre.
 */
export function connectAs(url: string, login: BrokerLogin, role: string): Promise<MqttClient> {
  clients += 1;
  return connectAsync(url, {
    protocolVersion: 4,
    clientId: `${role}-${process.pid}-${clients}`,
    username: login.username,
    password: login.password,
    clean: true,
    reconnectPeriod: 0,
  });
}

export interface TappedMessage {
  topic: string;
  text: string;
  retained: boolean;
}

/**
 * Listens on a broker with the centre's rights (as an operator's diagnostic tool would), to see what
 * travels on the wire: which `events` message came first after a reconnection, what is retained on a
 * gateway's `status`. Reconnects on its own and subscribes again after each connection.
 */
export class BrokerTap {
  readonly messages: TappedMessage[] = [];
  private subscribedAt = 0;
  private connections = 0;

  private constructor(
    private readonly client: MqttClient,
    private readonly topics: string[],
  ) {
    client.on('message', (topic, payload, packet) =>
      this.messages.push({ topic, text: payload.toString('utf8'), retained: packet.retain }),
    );
    client.on('connect', () => {
      this.connections += 1;
      const connection = this.connections;
      void client.subscribeAsync(this.topics, { qos: 1 }).then(
        () => {
          this.subscribedAt = connection;
        },
        () => undefined,
      );
    });
  }

  static async open(url: string, login: BrokerLogin, topics: string[]): Promise<BrokerTap> {
    clients += 1;
    const client = await connectAsync(url, {
      protocolVersion: 4,
      clientId: `tap-${process.pid}-${clients}`,
      username: login.username,
      password: login.password,
      clean: true,
      reconnectPeriod: 100,
      resubscribe: false,
    });
    const tap = new BrokerTap(client, topics);
    tap.connections = 1;
    await client.subscribeAsync(topics, { qos: 1 });
    tap.subscribedAt = 1;
    return tap;
  }

  /** Connected now, and subscribed since the latest connection. */
  get listening(): boolean {
    return this.client.connected && this.subscribedAt === this.connections;
  }

  /** The envelopes of the `events` messages from `mark` on, message by message (a batch is an array). */
  eventMessages(mark = 0): EventEnvelope[][] {
    return this.messages
      .slice(mark)
      .filter((m) => m.topic.endsWith('/events'))
      .map((m) => {
        const parsed = JSON.parse(m.text) as EventEnvelope | EventEnvelope[];
        return Array.isArray(parsed) ? parsed : [parsed];
      });
  }

  close(): Promise<void> {
    return this.client.endAsync(true);
  }
}

/** What a new subscriber gets first on a gateway's `status` topic: the retained status, as the broker holds it. */
export async function retainedStatus(url: string, login: BrokerLogin, topic: string): Promise<StatusPayload> {
  const client = await connectAs(url, login, 'status-reader');
  let timer: NodeJS.Timeout | undefined;
  try {
    const first = new Promise<StatusPayload>((resolve, reject) => {
      timer = setTimeout(() => reject(new Error(`no retained status on ${topic}`)), RETAINED_WAIT_MS);
      client.once('message', (_topic, payload, packet) =>
        packet.retain
          ? resolve(JSON.parse(payload.toString('utf8')) as StatusPayload)
          : reject(new Error(`the first status on ${topic} was not the retained one`)),
      );
    });
    await client.subscribeAsync(topic, { qos: 1 });
    return await first;
  } finally {
    clearTimeout(timer);
    await client.endAsync(true);
  }
}

/**
 * Publishes one QoS 1 message on a connection of its own and tells what the broker did: `acknowledged`
 * (PUBACK; Mosquitto answers so even for a publish its ACL denies, under MQTT 3.1.1, and drops it) or
 * `disconnected` (the embedded broker closes the connection of a client that publishes outside its rights).
 */
export async function publishOnce(
  url: string,
  login: BrokerLogin,
  topic: string,
  payload: string,
  options: { retain?: boolean } = {},
): Promise<'acknowledged' | 'disconnected'> {
  const client = await connectAs(url, login, 'publisher');
  try {
    const closed = new Promise<'disconnected'>((resolve) =>
      client.once('close', () => resolve('disconnected')),
    );
    const acknowledged = client
      .publishAsync(topic, payload, { qos: 1, retain: options.retain ?? false })
      .then(() => 'acknowledged' as const);
    // A publish cut off by the close rejects; the close already says what happened.
    return await Promise.race([acknowledged.catch(() => closed), closed]);
  } finally {
    await client.endAsync(true);
  }
}
