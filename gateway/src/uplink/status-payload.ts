import type { BacklogSummary, StatusPayload } from '@vaultline/shared/contract/mqtt-payloads';
import type { DeviceStatus } from '../devices/driver/device-health.ts';
import type { Backlog } from '../store/event-log.ts';

export interface StatusFacts {
  online: boolean;
  now: number;
  devices: readonly DeviceStatus[];
  backlog: Backlog;
  limitBytes: number;
  lastSeq: number;
  planVersion: number | null;
}

/** The retained `status` payload (DESIGN §7): devices, and the backlog with how much buffer is left. */
export function buildStatusPayload(facts: StatusFacts): StatusPayload {
  const devices: StatusPayload['devices'] = {};
  for (const device of facts.devices) {
    devices[device.device] = { kind: device.kind, online: device.online, reason: device.reason };
  }
  return {
    online: facts.online,
    ts: new Date(facts.now).toISOString(),
    devices,
    backlog: facts.backlog.count,
    backlogDetail: backlogSummary(facts.backlog, facts.now, facts.limitBytes),
    lastSeq: facts.lastSeq,
    planVersion: facts.planVersion,
  };
}

export function backlogSummary(backlog: Backlog, now: number, limitBytes: number): BacklogSummary {
  return {
    count: backlog.count,
    oldestAgeS: backlog.oldestTs === null ? null : Math.max(0, (now - backlog.oldestTs) / 1000),
    bytes: backlog.bytes,
    limitBytes,
  };
}
