import { type Logger, silentLogger } from '@vaultline/shared';
import { CENTRE_SUBSCRIPTIONS, parseTopic } from '@vaultline/shared/contract/mqtt-topics';
import type { MqttClient } from 'mqtt';
import type { IngestService } from './ingest-service.ts';
import type { IngestPublisher } from './ingest-types.ts';

/** Publishes through an MQTT.js client; resolves on the broker's PUBACK for QoS 1. */
export function mqttPublisher(client: MqttClient): IngestPublisher {
  return {
    publish: async (topic, payload, options) => {
      await client.publishAsync(topic, payload, { qos: options.qos });
    },
  };
}

/**
 * The thin MQTT side of ingest: subscribes the centre's client to every gateway's `events` topic and hands
 * each message to `IngestService.receive` with the gateway id taken from the topic (which the broker's ACL
 * ties to the publishing gateway). Other topics on the same client are left to their own listeners.
 */
export class MqttIngest {
  private readonly logger: Logger;
  private readonly onMessage = (topic: string, payload: Buffer): void => {
    const parsed = parseTopic(topic);
    if (parsed?.kind !== 'events') return;
    // receive() runs synchronously up to its commit, so messages are processed in arrival order.
    void this.service.receive(parsed.gatewayId, payload);
  };

  constructor(
    private readonly client: MqttClient,
    private readonly service: IngestService,
    logger: Logger = silentLogger,
  ) {
    this.logger = logger.child({ component: 'center.ingest.mqtt' });
  }

  async start(): Promise<void> {
    this.client.on('message', this.onMessage);
    await this.client.subscribeAsync(CENTRE_SUBSCRIPTIONS.events, { qos: 1 });
    this.service.start();
    this.logger.info({ topic: CENTRE_SUBSCRIPTIONS.events }, 'ingest subscribed');
  }

  async stop(): Promise<void> {
    this.service.stop();
    this.client.off('message', this.onMessage);
    if (this.client.connected) await this.client.unsubscribeAsync(CENTRE_SUBSCRIPTIONS.events);
  }
}
