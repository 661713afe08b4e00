import { topics } from '@vaultline/shared/contract/mqtt-topics';

/** Who a broker client is, decided once at CONNECT from its credentials. */
export type BrokerPrincipal =
  | { role: 'centre' }
  | { role: 'gateway'; id: string }
  | { role: 'vehicle'; id: string };

/**
 * The topic rights of DESIGN §7/§9, shared by the embedded broker's checks and the Mosquitto ACL file:
 * a gateway publishes only its own `events`, `status`, `enrol` and `face` and reads only its own `ack`, `cmd` and
 * `plan`; a vehicle publishes only its own `pos`; the centre may do everything. Exact topics only: a
 * gateway's wildcard subscription is refused rather than narrowed.
 */
export function gatewayRights(gatewayId: string): { write: string[]; read: string[] } {
  return {
    write: [
      topics.gatewayEvents(gatewayId),
      topics.gatewayStatus(gatewayId),
      topics.gatewayEnrol(gatewayId),
      topics.gatewayFace(gatewayId),
    ],
    read: [topics.gatewayAck(gatewayId), topics.gatewayCmd(gatewayId), topics.gatewayPlan(gatewayId)],
  };
}

export function vehicleRights(vehicleId: string): { write: string[]; read: string[] } {
  return { write: [topics.vehiclePosition(vehicleId)], read: [] };
}

export function mayPublish(principal: BrokerPrincipal, topic: string): boolean {
  // `$SYS/…` is the broker's own tree (aedes' default check refuses it too).
  if (topic.startsWith('$SYS')) return false;
  if (principal.role === 'centre') return true;
  const rights = principal.role === 'gateway' ? gatewayRights(principal.id) : vehicleRights(principal.id);
  return rights.write.includes(topic);
}

export function maySubscribe(principal: BrokerPrincipal, topicFilter: string): boolean {
  if (principal.role === 'centre') return true;
  const rights = principal.role === 'gateway' ? gatewayRights(principal.id) : vehicleRights(principal.id);
  return rights.read.includes(topicFilter);
}
