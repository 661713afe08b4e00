import { SignedChain } from '@vaultline/shared/testing/signed-chain';
import { describe, expect, it } from 'vitest';
import type { RuleOutput } from '../../src/rules/rule-output.ts';
import { alarmService, alarmStores } from './alarm-harness.ts';

const TS = '2026-11-23T01:05:00.000Z';

describe('alarms from gateway events', () => {
  it('stores the gateway alarm under its own id, with the gateway time and hand-over', () => {
    const { alarms, heard } = alarmService();
    const chain = new SignedChain('gw-1');
    const body = {
      alarmId: '01JD0000000000000000000001',
      kind: 'MISSING_BOX' as const,
      severity: 'critical' as const,
      siteId: 'B1',
      runId: 'R1',
      stopSeq: 2,
      detail: { missing: ['E2801160'] },
      handoverId: 'H-7',
    };
    alarms.onGatewayEvents('gw-1', [
      chain.next('vehicle.arrived', { runId: 'R1', stopSeq: 2 }, TS),
      chain.next('alarm.raised', body, TS),
    ]);
    expect(alarms.get(body.alarmId)).toEqual({
      alarmId: body.alarmId,
      kind: 'MISSING_BOX',
      severity: 'critical',
      state: 'raised',
      source: 'gateway:gw-1',
      siteId: 'B1',
      runId: 'R1',
      stopSeq: 2,
      gatewayId: 'gw-1',
      detail: { missing: ['E2801160'], handoverId: 'H-7', eventSeq: 2 },
      raisedAt: Date.parse(TS),
    });
    expect(heard).toEqual(['raised MISSING_BOX']);
  });

  it('is idempotent: the same alarm delivered again is one alarm, audited and announced once', () => {
    const { alarms, audit, heard, store } = alarmService();
    const chain = new SignedChain('gw-1');
    const raised = chain.next(
      'alarm.raised',
      { alarmId: 'GA-1', kind: 'AUTH_FAILED_5X', severity: 'critical', siteId: 'B1', detail: {} },
      TS,
    );
    alarms.onGatewayEvents('gw-1', [raised]);
    alarms.onGatewayEvents('gw-1', [raised, raised]);
    expect(store.rows.size).toBe(1);
    expect(audit.entries).toHaveLength(1);
    expect(heard).toEqual(['raised AUTH_FAILED_5X']);
    expect(alarms.metrics()).toMatchObject({ raised: 1, duplicates: 2 });
  });

  it('counts and skips alarm events whose body breaks the contract', () => {
    const { alarms, store } = alarmService();
    const chain = new SignedChain('gw-1');
    const bad = chain.next(
      'alarm.raised',
      { alarmId: 'GA-1', kind: 'NOT_A_KIND', severity: 'critical', siteId: 'B1', detail: {} } as never,
      TS,
    );
    const noReason = chain.next('alarm.cleared', { alarmId: 'GA-1', kind: 'WRONG_BOX' } as never, TS);
    expect(() => alarms.onGatewayEvents('gw-1', [bad, noReason])).not.toThrow();
    expect(store.rows.size).toBe(0);
    expect(alarms.metrics().invalid).toBe(2);
  });

  it("ignores a clear of another gateway's alarm, or of another kind", () => {
    const { alarms } = alarmService();
    const gw1 = new SignedChain('gw-1');
    const gw2 = new SignedChain('gw-2');
    alarms.onGatewayEvents('gw-1', [
      gw1.next(
        'alarm.raised',
        { alarmId: 'GA-1', kind: 'WRONG_BOX', severity: 'critical', siteId: 'B1', detail: {} },
        TS,
      ),
      gw1.next('alarm.cleared', { alarmId: 'GA-1', kind: 'MISSING_BOX', reason: 'wrong kind' }, TS),
    ]);
    alarms.onGatewayEvents('gw-2', [
      gw2.next('alarm.cleared', { alarmId: 'GA-1', kind: 'WRONG_BOX', reason: 'not mine' }, TS),
    ]);
    expect(alarms.get('GA-1')?.clearedAt).toBeUndefined();
    expect(alarms.metrics().strayClears).toBe(2);
  });
});

const raise = (
  alarmId: string,
  kind: 'STOP_SKIPPED' | 'ROUTE_DEVIATION',
  planDate: string,
  at = 1000,
): RuleOutput => ({
  action: 'raise',
  alarm: {
    alarmId,
    kind,
    severity: 'major',
    runId: 'R1',
    vehicleId: 'V1',
    ...(kind === 'STOP_SKIPPED' ? { siteId: 'B1', stopSeq: 1 } : {}),
    detail: { planDate },
    at,
  },
});
const clear = (alarmId: string, kind: 'STOP_SKIPPED' | 'ROUTE_DEVIATION', at = 2000): RuleOutput => ({
  action: 'clear',
  alarmId,
  kind,
  reason: 'condition gone',
  at,
});

describe('alarms from the centre rules', () => {
  it('raises and clears what the rules say', () => {
    const { alarms, heard } = alarmService();
    alarms.applyRuleOutputs([raise('R-1', 'STOP_SKIPPED', '2026-11-23')]);
    expect(alarms.get('R-1')).toMatchObject({
      kind: 'STOP_SKIPPED',
      source: 'centre',
      siteId: 'B1',
      stopSeq: 1,
      runId: 'R1',
      vehicleId: 'V1',
      raisedAt: 1000,
    });
    alarms.applyRuleOutputs([clear('R-1', 'STOP_SKIPPED')]);
    expect(alarms.get('R-1')).toMatchObject({
      state: 'raised',
      clearedAt: 2000,
      clearReason: 'condition gone',
    });
    expect(heard).toEqual(['raised STOP_SKIPPED', 'cleared STOP_SKIPPED']);
  });

  it('joins a replayed raise to the stored alarm, so the replayed clear reaches it', () => {
    const stores = alarmStores();
    const first = alarmService(stores);
    first.alarms.applyRuleOutputs([raise('R-1', 'STOP_SKIPPED', '2026-11-23')]);
    const restarted = alarmService(stores);
    restarted.alarms.applyRuleOutputs([raise('R-99', 'STOP_SKIPPED', '2026-11-23')]);
    expect(stores.store.rows.size).toBe(1);
    restarted.alarms.applyRuleOutputs([clear('R-99', 'STOP_SKIPPED')]);
    expect(restarted.alarms.get('R-1')?.clearedAt).toBe(2000);
    expect(restarted.heard).toEqual(['cleared STOP_SKIPPED']);
  });

  it('raises a stop alarm again on another plan day, and a position alarm again once cleared', () => {
    const { alarms, store } = alarmService();
    alarms.applyRuleOutputs([
      raise('R-1', 'STOP_SKIPPED', '2026-11-23'),
      raise('R-2', 'STOP_SKIPPED', '2026-11-24'),
    ]);
    alarms.applyRuleOutputs([
      raise('D-1', 'ROUTE_DEVIATION', '2026-11-23'),
      raise('D-2', 'ROUTE_DEVIATION', '2026-11-23'),
    ]);
    expect([...store.rows.keys()]).toEqual(['R-1', 'R-2', 'D-1']);
    alarms.applyRuleOutputs([
      clear('D-2', 'ROUTE_DEVIATION'),
      raise('D-3', 'ROUTE_DEVIATION', '2026-11-23', 5000),
    ]);
    expect(alarms.get('D-1')?.clearedAt).toBe(2000);
    expect(alarms.get('D-3')).toMatchObject({ kind: 'ROUTE_DEVIATION', raisedAt: 5000 });
  });

  it('ignores a clear of an alarm the rules never raised', () => {
    const { alarms } = alarmService();
    alarms.applyRuleOutputs([clear('R-404', 'STOP_SKIPPED')]);
    expect(alarms.metrics().strayClears).toBe(1);
  });
});

describe('GATEWAY_OFFLINE and RECORD_TAMPERED', () => {
  it('raises once per offline episode, at the site of the gateway, and clears when it is back', () => {
    const { alarms, store, heard } = alarmService();
    alarms.gatewayOnline('gw-1', false, 1000);
    alarms.gatewayOnline('gw-1', false, 2000);
    const [offline] = alarms.list({ kind: 'GATEWAY_OFFLINE' });
    expect(offline).toMatchObject({
      source: 'centre',
      gatewayId: 'gw-1',
      siteId: 'B1',
      severity: 'major',
      raisedAt: 1000,
    });
    alarms.gatewayOnline('gw-1', true, 3000);
    expect(alarms.get(offline!.alarmId)).toMatchObject({
      state: 'raised',
      clearedAt: 3000,
      clearReason: 'gateway back online',
    });
    alarms.gatewayOnline('gw-1', false, 4000);
    expect(store.rows.size).toBe(2);
    expect(heard).toEqual(['raised GATEWAY_OFFLINE', 'cleared GATEWAY_OFFLINE', 'raised GATEWAY_OFFLINE']);
  });

  it('finds the open offline alarm again after a centre restart', () => {
    const stores = alarmStores();
    alarmService(stores).alarms.gatewayOnline('gw-2', false, 1000);
    const restarted = alarmService(stores);
    restarted.alarms.gatewayOnline('gw-2', false, 5000);
    expect(stores.store.rows.size).toBe(1);
    restarted.alarms.gatewayOnline('gw-2', true, 6000);
    expect(restarted.alarms.list({ kind: 'GATEWAY_OFFLINE' })[0]).toMatchObject({ clearedAt: 6000 });
  });

  it('counts a resolved offline alarm as the episode while the gateway stays offline, across a restart', () => {
    const stores = alarmStores();
    const first = alarmService(stores);
    first.alarms.gatewayOnline('gw-1', false, 1000);
    const [offline] = first.alarms.list({ kind: 'GATEWAY_OFFLINE' });
    first.alarms.acknowledge(offline!.alarmId, { name: 'Li Wei' });
    first.alarms.resolve(offline!.alarmId, { name: 'Li Wei' }, 'branch closed for the holiday; power off');
    const restarted = alarmService(stores);
    restarted.alarms.gatewayOnline('gw-1', false, 9000);
    expect(stores.store.rows.size).toBe(1);
    restarted.alarms.gatewayOnline('gw-1', true, 10_000);
    expect(restarted.alarms.get(offline!.alarmId)).toMatchObject({ state: 'resolved', clearedAt: 10_000 });
  });

  it('raises RECORD_TAMPERED once per report until it is resolved', () => {
    const { alarms, store } = alarmService();
    const report = {
      gatewayId: 'gw-1',
      seq: 42,
      problem: 'signature',
      message: 'signature of seq 42 does not verify',
    };
    alarms.recordTampered(report, 1000);
    alarms.recordTampered(report, 2000);
    const [tampered] = alarms.list({ kind: 'RECORD_TAMPERED' });
    expect(tampered).toMatchObject({
      severity: 'critical',
      gatewayId: 'gw-1',
      siteId: 'B1',
      detail: { seq: 42, problem: 'signature', message: report.message },
    });
    alarms.recordTampered({ ...report, seq: 43, problem: 'gap' }, 3000);
    expect(store.rows.size).toBe(2);
    alarms.acknowledge(tampered!.alarmId, { name: 'Li Wei' });
    alarms.resolve(tampered!.alarmId, { name: 'Li Wei' }, 'gateway re-keyed after inspection');
    alarms.recordTampered(report, 4000);
    expect(store.rows.size).toBe(3);
  });

  it('keeps telling the other listeners when one throws', () => {
    const { alarms, heard } = alarmService();
    alarms.onChange(() => {
      throw new Error('listener bug');
    });
    alarms.gatewayOnline('gw-1', false, 1000);
    expect(heard).toEqual(['raised GATEWAY_OFFLINE']);
  });
});
