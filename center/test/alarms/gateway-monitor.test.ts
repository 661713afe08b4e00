import { silentLogger } from '@vaultline/shared';
import { describe, expect, it } from 'vitest';
import { GatewayMonitor } from '../../src/alarms/gateway-monitor.ts';
import { alarmService, alarmStores } from './alarm-harness.ts';

const ONLINE = JSON.stringify({
  online: true,
  ts: '2026-11-23T01:00:00.000Z',
  devices: { finger: { kind: 'fingerprint', online: true } },
  backlog: 3,
  backlogDetail: { count: 3, oldestAgeS: 12, bytes: 2048, limitBytes: 1_000_000 },
  lastSeq: 120,
});
/** A last will fixed at connect time may say no more than this. */
const LAST_WILL = '{"online":false}';

function monitor(stores = alarmStores()) {
  const harness = alarmService(stores);
  const gateways = new GatewayMonitor({
    alarms: harness.alarms,
    clock: stores.clock,
    logger: silentLogger,
    gateways: stores.gateways,
  });
  return { ...harness, gateways };
}

describe('GatewayMonitor', () => {
  it('keeps the latest status of each gateway', async () => {
    const { gateways, clock, heard } = monitor();
    await clock.advance(5_000);
    expect(gateways.status('gw-1', Buffer.from(ONLINE))).toBe(true);
    expect(gateways.get('gw-1')).toMatchObject({
      online: true,
      receivedAt: clock.now(),
      reportedAt: Date.parse('2026-11-23T01:00:00.000Z'),
      status: { backlog: 3, lastSeq: 120 },
    });
    expect(heard).toEqual([]);
  });

  it('raises GATEWAY_OFFLINE on a bare last will, once, and clears it when the gateway is back', () => {
    const { gateways, alarms, heard } = monitor();
    gateways.status('gw-1', ONLINE);
    gateways.status('gw-1', LAST_WILL);
    gateways.status('gw-1', LAST_WILL);
    expect(gateways.get('gw-1')).toMatchObject({ online: false });
    expect(gateways.get('gw-1')?.status).toBeUndefined();
    const [offline] = alarms.list({ kind: 'GATEWAY_OFFLINE' });
    expect(offline).toMatchObject({ gatewayId: 'gw-1', siteId: 'B1', state: 'raised' });
    gateways.status('gw-1', ONLINE);
    expect(alarms.get(offline!.alarmId)?.clearReason).toBe('gateway back online');
    expect(heard).toEqual(['raised GATEWAY_OFFLINE', 'cleared GATEWAY_OFFLINE']);
  });

  it('takes the retained status heard after a restart as the state to act on', () => {
    const stores = alarmStores();
    monitor(stores).gateways.status('gw-2', LAST_WILL);
    const restarted = monitor(stores);
    restarted.gateways.status('gw-2', LAST_WILL);
    expect(restarted.alarms.list({ kind: 'GATEWAY_OFFLINE' })).toHaveLength(1);
    restarted.gateways.status('gw-2', ONLINE);
    expect(restarted.alarms.list({ kind: 'GATEWAY_OFFLINE' })[0]?.clearedAt).toBeDefined();
  });

  it('counts and ignores what it cannot use, without throwing', () => {
    const { gateways, alarms } = monitor();
    expect(gateways.status('gw-1', '{not json')).toBe(false);
    expect(gateways.status('gw-1', '{"online":"no"}')).toBe(false);
    expect(gateways.status('gw-1', '[]')).toBe(false);
    expect(gateways.status('gw-9', LAST_WILL)).toBe(false);
    // An empty retained message only deletes the retained status.
    expect(gateways.status('gw-1', new Uint8Array())).toBe(false);
    expect(gateways.metrics()).toEqual({ received: 4, invalid: 3, unknownGateway: 1 });
    expect(gateways.list()).toEqual([]);
    expect(alarms.list({})).toEqual([]);
  });
});
