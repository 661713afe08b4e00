import type { MqttClient } from 'mqtt';

/** How the plan service hands a signed bundle to the broker: the centre's MQTT client, or a recorder in tests. */
export interface PlanPublisher {
  /** Resolves once the broker has the message (PUBACK for QoS 1). */
  publish(topic: string, payload: string, options: { retain: boolean; qos: 0 | 1 }): Promise<void>;
}

export function mqttPlanPublisher(client: MqttClient): PlanPublisher {
  return {
    publish: async (topic, payload, options) => {
      await client.publishAsync(topic, payload, { qos: options.qos, retain: options.retain });
    },
  };
}
