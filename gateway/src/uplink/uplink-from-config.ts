import type { Clock, Logger } from '@vaultline/shared';
import { readSecretFile } from '@vaultline/shared/crypto/secret-file';
import type { GatewayConfig } from '../config/gateway-config.ts';
import type { DeviceStatus } from '../devices/driver/device-health.ts';
import type { PlanService } from '../runtime/plan-service.ts';
import type { GatewayStore } from '../store/open-store.ts';
import { MqttUplink } from './mqtt-uplink.ts';

/** The uplink a gateway config asks for (its `centre` section), over the gateway's store and plan. */
export function uplinkFromConfig(
  config: GatewayConfig,
  parts: {
    store: GatewayStore;
    plans: PlanService;
    devices: () => readonly DeviceStatus[];
    clock: Clock;
    logger: Logger;
  },
): MqttUplink | null {
  const centre = config.centre;
  if (!centre) return null;
  const { brokerUrl, username, passwordFile, ...settings } = centre;
  const { store, plans } = parts;
  return new MqttUplink({
    gatewayId: config.gatewayId,
    brokerUrl,
    username,
    // A password file is a secret: readSecretFile refuses one that others can read.
    password: passwordFile ? readSecretFile(passwordFile).toString('utf8').trim() : undefined,
    outbox: store.events,
    plans: {
      heldJws: () => store.plans.current()?.jws,
      heldVersion: () => plans.current()?.version ?? null,
      importBundle: (jws) => plans.importBundle(jws, 'centre'),
    },
    devices: parts.devices,
    clock: parts.clock,
    logger: parts.logger,
    settings,
  });
}
