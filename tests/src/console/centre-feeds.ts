import { registerGatewayCredentials, registerVehicle } from '@vaultline/center/broker/credentials';
import type { CenterApp } from '@vaultline/center/center-app';
import type { BodyOf, EventType } from '@vaultline/shared/contract/event-bodies';
import type { EventEnvelope } from '@vaultline/shared/contract/event-envelope';
import { topics } from '@vaultline/shared/contract/mqtt-topics';
import { publicKeyToRaw } from '@vaultline/shared/crypto/keys';
import { SignedChain } from '@vaultline/shared/testing/signed-chain';
import type { MqttClient } from 'mqtt';
import { connectAs } from '../system/broker-clients.ts';

/**
 * A gateway as the centre sees it over its broker, without devices: registered with its own Ed25519 key
 * and broker password, publishing signed, hash-linked events and its retained status exactly as a real
 * gateway's uplink does. For console tests that need records, alarms and online states on demand.
 */
export class FeedGateway {
  private constructor(
    readonly gatewayId: string,
    readonly siteId: string,
    private readonly chain: SignedChain,
    private readonly client: MqttClient,
  ) {}

  static async connect(app: CenterApp, gatewayId: string, siteId: string): Promise<FeedGateway> {
    const chain = new SignedChain(gatewayId);
    app.store.gateways.register({ gatewayId, siteId, publicKey: publicKeyToRaw(chain.publicKey) });
    const password = registerGatewayCredentials(app.store, gatewayId);
    const client = await connectAs(app.brokerUrl, { username: gatewayId, password }, `feed-${gatewayId}`);
    return new FeedGateway(gatewayId, siteId, chain, client);
  }

  /** Signs and publishes the next event of the chain (QoS 1); answers the envelope. */
  async publish<T extends EventType>(
    type: T,
    body: BodyOf<T>,
    ts = new Date().toISOString(),
  ): Promise<EventEnvelope> {
    const envelope = this.chain.next(type, body, ts);
    await this.client.publishAsync(topics.gatewayEvents(this.gatewayId), JSON.stringify(envelope), {
      qos: 1,
    });
    return envelope;
  }

  /** The retained status (`vl/v1/gw/{id}/status`) a gateway keeps up to date. */
  async status(payload: Record<string, unknown>): Promise<void> {
    await this.client.publishAsync(topics.gatewayStatus(this.gatewayId), JSON.stringify(payload), {
      qos: 1,
      retain: true,
    });
  }

  async close(): Promise<void> {
    await this.client.endAsync();
  }
}

/** A vehicle unit publishing position fixes under its own broker credentials. */
export class FeedVehicle {
  private constructor(
    readonly vehicleId: string,
    private readonly client: MqttClient,
  ) {}

  static async connect(app: CenterApp, vehicleId: string, plate: string): Promise<FeedVehicle> {
    const password = registerVehicle(app.store, { vehicleId, plate });
    const client = await connectAs(app.brokerUrl, { username: vehicleId, password }, `feed-${vehicleId}`);
    return new FeedVehicle(vehicleId, client);
  }

  async fix(lat: number, lon: number, ts: string, speedKmh = 35, headingDeg = 90): Promise<void> {
    const payload = { ts, lat, lon, speedKmh, headingDeg };
    await this.client.publishAsync(topics.vehiclePosition(this.vehicleId), JSON.stringify(payload), {
      qos: 1,
    });
  }

  async close(): Promise<void> {
    await this.client.endAsync();
  }
}
