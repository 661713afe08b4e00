import { type Static, Type } from '@sinclair/typebox';
import type { Logger } from '@vaultline/shared';
import { StatusPayload } from '@vaultline/shared/contract/mqtt-payloads';
import { check } from '@vaultline/shared/contract/validate';
import type { Clock } from '@vaultline/shared/time/clock';
import type { GatewayRegistry } from '../ports.ts';

/**
 * The least a status must say to count: a last will may carry only `{"online": false}` (its content is
 * fixed when the gateway connects), and a gateway going offline must never be missed for want of fields.
 */
const MinimalStatus = Type.Object({ online: Type.Boolean() });

export interface GatewayStatusSnapshot {
  gatewayId: string;
  online: boolean;
  /** When the centre received the status, epoch ms. */
  receivedAt: number;
  /** The gateway's own `ts`, epoch ms, when it gave one. */
  reportedAt?: number;
  /** The whole payload when it matched StatusPayload (a bare last will does not). */
  status?: Static<typeof StatusPayload>;
}

export interface GatewayMonitorOptions {
  /** Where GATEWAY_OFFLINE is raised and cleared (the AlarmService). */
  alarms: {
    gatewayOnline(gatewayId: string, online: boolean, at?: number, detail?: Record<string, unknown>): void;
  };
  clock: Clock;
  logger: Logger;
  /** Statuses of gateways not registered here are counted and ignored. */
  gateways?: GatewayRegistry;
}

export interface GatewayMonitorMetrics {
  received: number;
  invalid: number;
  unknownGateway: number;
}

/**
 * The latest retained `status` of every gateway (DESIGN §7): online, devices, backlog. A change of
 * `online` (and the first status heard after the centre starts, which is the retained one) goes to the
 * alarms: online false raises GATEWAY_OFFLINE, online true clears it.
 */
export class GatewayMonitor {
  private readonly latest = new Map<string, GatewayStatusSnapshot>();
  private readonly logger: Logger;
  private readonly counts: GatewayMonitorMetrics = { received: 0, invalid: 0, unknownGateway: 0 };

  constructor(private readonly options: GatewayMonitorOptions) {
    this.logger = options.logger.child({ component: 'center.gateway-monitor' });
  }

  /** One message on `vl/v1/gw/{id}/status`; false when it was ignored (empty, invalid, unknown gateway). */
  status(gatewayId: string, payload: Uint8Array | string): boolean {
    const text = typeof payload === 'string' ? payload : Buffer.from(payload).toString('utf8');
    // An empty retained message deletes the retained status (an operator cleaning up): nothing to judge.
    if (text.length === 0) return false;
    this.counts.received++;
    if (this.options.gateways && !this.options.gateways.get(gatewayId)) {
      this.counts.unknownGateway++;
      this.logger.warn({ gatewayId }, 'status from an unregistered gateway; ignored');
      return false;
    }
    const snapshot = this.parse(gatewayId, text);
    if (!snapshot) return false;
    const before = this.latest.get(gatewayId);
    this.latest.set(gatewayId, snapshot);
    if (before?.online !== snapshot.online) {
      const detail = {
        statusReceivedAt: new Date(snapshot.receivedAt).toISOString(),
        backlog: snapshot.status?.backlog,
      };
      this.logger.info({ gatewayId, online: snapshot.online }, 'gateway online state');
      this.options.alarms.gatewayOnline(gatewayId, snapshot.online, snapshot.receivedAt, detail);
    }
    return true;
  }

  get(gatewayId: string): GatewayStatusSnapshot | undefined {
    return this.latest.get(gatewayId);
  }

  list(): GatewayStatusSnapshot[] {
    return [...this.latest.values()];
  }

  metrics(): GatewayMonitorMetrics {
    return { ...this.counts };
  }

  private parse(gatewayId: string, text: string): GatewayStatusSnapshot | undefined {
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      return this.invalid(gatewayId, ['not JSON']);
    }
    const receivedAt = this.options.clock.now();
    const full = check(StatusPayload, value);
    if (full.ok) {
      const snapshot: GatewayStatusSnapshot = { gatewayId, online: full.value.online, receivedAt };
      snapshot.status = full.value;
      if (full.value.ts !== undefined) snapshot.reportedAt = Date.parse(full.value.ts);
      return snapshot;
    }
    const minimal = check(MinimalStatus, value);
    if (!minimal.ok) return this.invalid(gatewayId, full.errors);
    return { gatewayId, online: minimal.value.online, receivedAt };
  }

  private invalid(gatewayId: string, problems: string[]): undefined {
    this.counts.invalid++;
    this.logger.warn({ gatewayId, problems }, 'gateway status does not match the contract; ignored');
    return undefined;
  }
}
