import { type Logger, silentLogger } from '@vaultline/shared';
import type { PositionPayload } from '@vaultline/shared/contract/mqtt-payloads';
import { topics } from '@vaultline/shared/contract/mqtt-topics';
import { connect, type MqttClient } from 'mqtt';

export interface MqttPositionLinkOptions {
  vehicleId: string;
  /** `mqtt://host:port` (or `mqtts://`, `ws://`): the centre's embedded broker or Mosquitto / EMQX. */
  brokerUrl: string;
  /** The vehicle's broker password (the username is the vehicle id, as the broker's ACL expects). */
  password?: string;
  /** DESIGN §7: positions go at QoS 0 or 1 (default 0: a lost fix is replaced by the next one). */
  qos?: 0 | 1;
  /** Wait between reconnection attempts, ms. */
  reconnectMs?: number;
  logger?: Logger;
}

export type PositionLinkState = 'idle' | 'connecting' | 'connected' | 'offline' | 'closed';

/** MQTT 3.1.1 CONNACK return codes that mean the broker refused the credentials. */
const REFUSED: Record<number, string> = { 4: 'bad username or password', 5: 'not authorized' };

/**
 * The vehicle unit's modem: one MQTT 3.1.1 session (protocol level 4, which aedes, Mosquitto and EMQX
 * all speak) that publishes each position on `vl/v1/vehicle/{id}/pos`. It connects in the background
 * and keeps reconnecting; at QoS 0 a fix due while offline is dropped (counted), at QoS 1 it is queued
 * until the session is back.
 */
export class MqttPositionLink {
  readonly topic: string;
  readonly qos: 0 | 1;
  private client: MqttClient | undefined;
  private closed = false;
  private everConnected = false;
  private lastError: string | undefined;
  private published = 0;
  private dropped = 0;
  private readonly logger: Logger;

  constructor(private readonly options: MqttPositionLinkOptions) {
    this.topic = topics.vehiclePosition(options.vehicleId);
    this.qos = options.qos ?? 0;
    this.logger = (options.logger ?? silentLogger).child({
      component: 'sim.vehicle.mqtt',
      vehicle: options.vehicleId,
    });
  }

  get state(): PositionLinkState {
    if (this.closed) return 'closed';
    if (!this.client) return 'idle';
    if (this.client.connected) return 'connected';
    return this.everConnected ? 'offline' : 'connecting';
  }

  start(): void {
    if (this.client || this.closed) return;
    const { vehicleId, brokerUrl, password, reconnectMs } = this.options;
    const client = connect(brokerUrl, {
      protocolVersion: 4,
      clientId: `vl-vehicle-${vehicleId}`,
      username: vehicleId,
      password,
      clean: true,
      reconnectPeriod: reconnectMs ?? 2_000,
      queueQoSZero: false,
    });
    client.on('connect', () => {
      this.lastError = undefined;
      this.everConnected = true;
      this.logger.info({ broker: redact(brokerUrl) }, 'connected');
    });
    client.on('offline', () => this.logger.warn('broker unreachable; reconnecting'));
    client.on('error', (error: Error & { code?: string | number }) => {
      const refused = typeof error.code === 'number' ? REFUSED[error.code] : undefined;
      this.lastError = refused ? `broker refused the vehicle: ${refused}` : error.message;
      this.logger.error(
        { err: this.lastError },
        refused
          ? "check the vehicle's password and the broker's password and ACL files (vaultline-center broker-config)"
          : 'MQTT error',
      );
    });
    this.client = client;
  }

  /** Resolves once the session is up (at once if it is). */
  whenConnected(): Promise<void> {
    const client = this.client;
    if (!client) return Promise.reject(new Error('start() the link first'));
    if (client.connected) return Promise.resolve();
    return new Promise((resolve) => client.once('connect', () => resolve()));
  }

  publish(position: PositionPayload): void {
    const client = this.client;
    if (!client || this.closed || (this.qos === 0 && !client.connected)) {
      this.dropped++;
      return;
    }
    this.published++;
    client.publish(this.topic, JSON.stringify(position), { qos: this.qos }, (error) => {
      if (error) this.logger.debug({ err: error.message }, 'position not delivered');
    });
  }

  describe() {
    return {
      broker: redact(this.options.brokerUrl),
      topic: this.topic,
      qos: this.qos,
      state: this.state,
      published: this.published,
      dropped: this.dropped,
      lastError: this.lastError ?? null,
    };
  }

  async close(): Promise<void> {
    this.closed = true;
    const client = this.client;
    this.client = undefined;
    // Forced: a broker that is down must not hold a shutdown until the reconnection gives up.
    if (client) await client.endAsync(true);
  }
}

/** A broker URL may carry credentials (`mqtt://user:pass@host`); never show or log them. */
function redact(url: string): string {
  try {
    const parsed = new URL(url);
    parsed.username = '';
    parsed.password = '';
    return parsed.toString().replace(/\/$/, '');
  } catch {
    return '(invalid URL)';
  }
}
