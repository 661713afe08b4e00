import { silentLogger } from '@vaultline/shared';
import { GatewayMonitor } from '../../src/alarms/gateway-monitor.ts';
import type { ApiPrincipal, ApiRole, TokenStore } from '../../src/api/api-auth.ts';
import { createCentreApi } from '../../src/api/centre-api.ts';
import type { DayPlan } from '../../src/runs/day-plan.ts';
import { RunTracker } from '../../src/runs/run-tracker.ts';
import { alarmService, alarmStores } from '../alarms/alarm-harness.ts';
import { MemoryEventStore } from '../alarms/memory-ports.ts';
import { at, PLAN } from '../runs/day-fixture.ts';

/** A token store holding one token per role; the secret is `secret-<role>`, the name says who. */
export class MemoryTokenStore implements TokenStore {
  private readonly bySecret = new Map<string, ApiPrincipal>();

  add(secret: string, principal: ApiPrincipal): void {
    this.bySecret.set(secret, principal);
  }

  verify(secret: string): ApiPrincipal | undefined {
    return this.bySecret.get(secret);
  }
}

export const NAMES: Record<ApiRole, string> = {
  admin: 'Admin Chen',
  dispatcher: 'Dispatcher Zhao',
  'duty-officer': 'Li Wei',
  auditor: 'Auditor Sun',
};

export const auth = (role: ApiRole) => ({ authorization: `Bearer secret-${role}` });

/** The API over in-memory stores, the day's plan loaded, a clock at 09:00 local on the plan day. */
export async function apiFixture(options: { keepAliveMs?: number; plans?: Record<string, DayPlan> } = {}) {
  const stores = alarmStores(at('09:00'));
  const harness = alarmService(stores);
  const events = new MemoryEventStore();
  const tokens = new MemoryTokenStore();
  for (const [role, name] of Object.entries(NAMES)) {
    tokens.add(`secret-${role}`, { tokenId: `T-${role}`, name, role: role as ApiRole });
  }
  let ids = 0;
  const runs = new RunTracker({
    alarms: harness.alarms,
    clock: stores.clock,
    newAlarmId: () => `rule-${++ids}`,
    logger: silentLogger,
    events,
  });
  runs.loadPlan(PLAN);
  const monitor = new GatewayMonitor({ alarms: harness.alarms, clock: stores.clock, logger: silentLogger });
  const plans = options.plans ?? {};
  const app = await createCentreApi({
    alarms: harness.alarms,
    runs,
    events,
    gateways: stores.gateways,
    monitor,
    tokens,
    audit: stores.audit,
    logger: silentLogger,
    clock: stores.clock,
    plans: { dayPlan: (date) => plans[date] },
    keepAliveMs: options.keepAliveMs,
  });
  return { ...harness, app, events, runs, monitor, tokens };
}
