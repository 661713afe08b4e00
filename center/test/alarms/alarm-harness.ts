import { silentLogger } from '@vaultline/shared';
import { FakeClock } from '@vaultline/shared/time/fake-clock';
import { type AlarmChange, AlarmService } from '../../src/alarms/alarm-service.ts';
import type { AlarmRecord } from '../../src/ports.ts';
import { MemoryAlarmStore, MemoryAuditLog, MemoryGatewayRegistry } from './memory-ports.ts';

/** Stores shared by every AlarmService a test makes: a second one is the centre after a restart. */
export interface AlarmStores {
  store: MemoryAlarmStore;
  audit: MemoryAuditLog;
  gateways: MemoryGatewayRegistry;
  clock: FakeClock;
}

/** `start`: the fake clock's time, epoch ms (default FakeClock's). */
export function alarmStores(start?: number): AlarmStores {
  const gateways = new MemoryGatewayRegistry();
  gateways.register({ gatewayId: 'gw-1', siteId: 'B1', publicKey: 'unused-here' });
  gateways.register({ gatewayId: 'gw-2', siteId: 'B2', publicKey: 'unused-here' });
  return {
    store: new MemoryAlarmStore(),
    audit: new MemoryAuditLog(),
    gateways,
    clock: new FakeClock(start),
  };
}

let serial = 0;

/** An AlarmService over `stores`, and everything its listeners heard, as `change kind`. */
export function alarmService(stores: AlarmStores = alarmStores()) {
  const prefix = `C${++serial}-`;
  let ids = 0;
  const alarms = new AlarmService({
    ...stores,
    newAlarmId: () => `${prefix}${++ids}`,
    logger: silentLogger,
  });
  const heard: string[] = [];
  alarms.onChange((alarm: AlarmRecord, change: AlarmChange) => heard.push(`${change} ${alarm.kind}`));
  return { alarms, heard, ...stores };
}
