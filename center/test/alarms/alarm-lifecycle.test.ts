import { SignedChain } from '@vaultline/shared/testing/signed-chain';
import { describe, expect, it } from 'vitest';
import { AlarmTransitionError } from '../../src/alarms/alarm-errors.ts';
import { MAX_NOTE_LENGTH } from '../../src/alarms/alarm-lifecycle.ts';
import { alarmService } from './alarm-harness.ts';

const TS = '2026-11-23T09:05:00.000Z';

function wrongBox(chain: SignedChain, alarmId = 'GA-1') {
  return chain.next(
    'alarm.raised',
    {
      alarmId,
      kind: 'WRONG_BOX',
      severity: 'critical',
      siteId: 'B1',
      runId: 'R1',
      stopSeq: 1,
      detail: { epc: 'E2801160' },
    },
    TS,
  );
}

function raised() {
  const harness = alarmService();
  harness.alarms.onGatewayEvents('gw-1', [wrongBox(new SignedChain('gw-1'))]);
  return harness;
}

const officer = { name: 'Li Wei', context: { tokenId: 'T1', role: 'duty-officer' } };

describe('alarm lifecycle', () => {
  it('goes raised → acknowledged → resolved, each step with who and when, in the audit log', async () => {
    const { alarms, audit, clock, heard } = raised();
    await clock.advance(30_000);
    const acked = alarms.acknowledge('GA-1', officer);
    expect(acked).toMatchObject({
      state: 'acknowledged',
      acknowledgedBy: 'Li Wei',
      acknowledgedAt: clock.now(),
    });
    await clock.advance(60_000);
    const resolved = alarms.resolve('GA-1', officer, '  Box returned to vault B; escort company informed.  ');
    expect(resolved).toMatchObject({
      state: 'resolved',
      acknowledgedBy: 'Li Wei',
      resolvedBy: 'Li Wei',
      resolvedAt: clock.now(),
      resolutionNote: 'Box returned to vault B; escort company informed.',
    });
    expect(alarms.get('GA-1')).toEqual(resolved);
    expect(audit.entries.map((e) => [e.actor, e.action, e.target])).toEqual([
      ['gateway:gw-1', 'alarm.raise', 'alarm:GA-1'],
      ['Li Wei', 'alarm.acknowledge', 'alarm:GA-1'],
      ['Li Wei', 'alarm.resolve', 'alarm:GA-1'],
    ]);
    expect(audit.entries[2]?.detail).toEqual({
      note: 'Box returned to vault B; escort company informed.',
      tokenId: 'T1',
      role: 'duty-officer',
    });
    expect(heard).toEqual(['raised WRONG_BOX', 'acknowledged WRONG_BOX', 'resolved WRONG_BOX']);
  });

  it('requires an acknowledgement before a resolution', () => {
    const { alarms, audit } = raised();
    expect(() => alarms.resolve('GA-1', officer, 'handled')).toThrow(
      expect.objectContaining({ code: 'ALARM_NOT_ACKNOWLEDGED' }),
    );
    expect(alarms.get('GA-1')?.state).toBe('raised');
    expect(audit.entries.at(-1)).toMatchObject({
      actor: 'Li Wei',
      action: 'alarm.resolve.refused',
      detail: { code: 'ALARM_NOT_ACKNOWLEDGED', tokenId: 'T1' },
    });
  });

  it('refuses a second acknowledgement, and any step on a resolved alarm', () => {
    const { alarms } = raised();
    alarms.acknowledge('GA-1', officer);
    expect(() => alarms.acknowledge('GA-1', { name: 'Zhang Min' })).toThrow(AlarmTransitionError);
    expect(() => alarms.acknowledge('GA-1', { name: 'Zhang Min' })).toThrow(
      expect.objectContaining({ code: 'ALARM_ALREADY_ACKNOWLEDGED' }),
    );
    alarms.resolve('GA-1', officer, 'handled');
    for (const step of [
      () => alarms.acknowledge('GA-1', officer),
      () => alarms.resolve('GA-1', officer, 'again'),
    ]) {
      expect(step).toThrow(expect.objectContaining({ code: 'ALARM_RESOLVED' }));
    }
    expect(alarms.get('GA-1')).toMatchObject({
      state: 'resolved',
      acknowledgedBy: 'Li Wei',
      resolutionNote: 'handled',
    });
  });

  it('refuses a resolution without a note, or with one too long, and leaves the alarm as it was', () => {
    const { alarms } = raised();
    alarms.acknowledge('GA-1', officer);
    expect(() => alarms.resolve('GA-1', officer, '')).toThrow(
      expect.objectContaining({ code: 'ALARM_NOTE_REQUIRED' }),
    );
    expect(() => alarms.resolve('GA-1', officer, ' \n\t ')).toThrow(
      expect.objectContaining({ code: 'ALARM_NOTE_REQUIRED' }),
    );
    expect(() => alarms.resolve('GA-1', officer, 'x'.repeat(MAX_NOTE_LENGTH + 1))).toThrow(
      expect.objectContaining({ code: 'ALARM_NOTE_TOO_LONG' }),
    );
    expect(alarms.get('GA-1')?.state).toBe('acknowledged');
  });

  it('refuses an unknown alarm and a nameless actor', () => {
    const { alarms, audit } = raised();
    expect(() => alarms.acknowledge('nope', officer)).toThrow(
      expect.objectContaining({ code: 'ALARM_NOT_FOUND' }),
    );
    expect(() => alarms.acknowledge('GA-1', { name: '  ' })).toThrow(
      expect.objectContaining({ code: 'ALARM_ACTOR_REQUIRED' }),
    );
    expect(alarms.get('GA-1')?.state).toBe('raised');
    expect(audit.entries.map((e) => e.action)).toEqual([
      'alarm.raise',
      'alarm.acknowledge.refused',
      'alarm.acknowledge.refused',
    ]);
  });

  it('keeps a cleared alarm open until a person resolves it', () => {
    const { alarms, heard } = raised();
    const chain = new SignedChain('gw-1');
    wrongBox(chain);
    alarms.onGatewayEvents('gw-1', [
      chain.next(
        'alarm.cleared',
        { alarmId: 'GA-1', kind: 'WRONG_BOX', reason: 'box removed from the zone' },
        '2026-11-23T09:07:00.000Z',
      ),
    ]);
    expect(alarms.get('GA-1')).toMatchObject({
      state: 'raised',
      clearedAt: Date.parse('2026-11-23T09:07:00.000Z'),
      clearReason: 'box removed from the zone',
    });
    expect(heard).toEqual(['raised WRONG_BOX', 'cleared WRONG_BOX']);
    expect(() => alarms.resolve('GA-1', officer, 'checked')).toThrow(
      expect.objectContaining({ code: 'ALARM_NOT_ACKNOWLEDGED' }),
    );
  });
});
