import { describe, expect, it } from 'vitest';
import { at, BRANCH_A, BRANCH_B, box, EngineDriver, V1_TAG, V2_TAG } from './engine-fixture.ts';
import { arriveByTag, confirmBoth, enterZone, scanBoxes, verifyCrew } from './handover-scenarios.ts';

function inZone() {
  const d = new EngineDriver({ siteId: BRANCH_A, now: at('08:50') });
  arriveByTag(d);
  verifyCrew(d);
  enterZone(d);
  d.reset();
  return d;
}

describe('box scan', () => {
  it('rejects a box of another branch at once with WRONG_BOX naming where it belongs', () => {
    const d = inZone();
    d.boxTag(box(3), 'rfid-hand');
    d.boxTag(box(3));
    expect(d.alarms()).toEqual([
      {
        alarmId: 'id-2',
        kind: 'WRONG_BOX',
        severity: 'critical',
        siteId: BRANCH_A,
        runId: 'R1',
        stopSeq: 2,
        handoverId: 'id-1',
        detail: {
          epc: box(3),
          reader: 'rfid-hand',
          belongsTo: [
            { runId: 'R1', stopSeq: 1, siteId: 'VAULT-1', kind: 'dispatch' },
            { runId: 'R1', stopSeq: 3, siteId: BRANCH_B, kind: 'deliver' },
          ],
        },
      },
    ]);
    expect(d.active?.boxes).toEqual({ expected: [box(1), box(2)], scanned: [], rejected: [box(3)] });
    d.boxTag(box(0x99));
    expect(d.alarms().at(-1)?.detail).toEqual({ epc: box(0x99), reader: 'rfid-zone' });
    d.boxTag(V1_TAG);
    d.boxTag(V2_TAG);
    d.boxTag(box(1), 'rfid-gate');
    expect(d.alarms()).toHaveLength(2);
    expect(d.events('box.scanned')).toEqual([]);
  });

  it('ignores box tags before the crew is in the zone', () => {
    const d = new EngineDriver({ siteId: BRANCH_A, now: at('08:50') });
    arriveByTag(d);
    d.boxTag(box(3));
    d.boxTag(box(1));
    expect(d.events()).toHaveLength(1);
    expect(d.active?.boxes.scanned).toEqual([]);
  });

  it('opens a re-scan window for missing boxes, and a late tag completes the scan without an alarm', () => {
    const d = inZone();
    scanBoxes(d, [box(1)]);
    d.send({ type: 'request-confirmation', by: 'M1' });
    expect(d.active?.phase).toBe('rescan');
    expect(d.effects('set-timer')).toEqual([
      { type: 'set-timer', name: 'rescan-window', at: d.now + 15_000 },
    ]);
    expect(d.effects('speak').at(-1)?.zh).toBe('还有 1 个款箱未扫描，请在 15 秒内重新扫描');
    d.advance(9_000);
    d.boxTag(box(2));
    expect(d.effects('cancel-timer')).toEqual([{ type: 'cancel-timer', name: 'rescan-window' }]);
    expect(d.active?.phase).toBe('confirm');
    d.advance(6_000);
    d.send({ type: 'timer', name: 'rescan-window' });
    confirmBoth(d);
    expect(d.alarms()).toEqual([]);
    expect(d.events('handover.completed')[0]?.body).not.toHaveProperty('discrepancy');
  });

  it('raises MISSING_BOX after the window; completion needs a reason and the manager’s fingerprint', () => {
    const d = inZone();
    scanBoxes(d, [box(1)]);
    d.send({ type: 'request-confirmation', by: 'M1' });
    d.advance(15_000);
    d.send({ type: 'timer', name: 'rescan-window' });
    expect(d.alarms()).toEqual([
      expect.objectContaining({
        alarmId: 'id-2',
        kind: 'MISSING_BOX',
        severity: 'critical',
        detail: { missing: [box(2)], expected: 2, scanned: 1 },
      }),
    ]);
    expect(d.active).toMatchObject({ phase: 'discrepancy', missingAlarmId: 'id-2' });

    d.finger('fp-zone', 'matched', 'E1');
    d.finger('fp-zone', 'matched', 'M1');
    expect(
      d
        .effects('speak')
        .slice(-2)
        .map((s) => s.en),
    ).toEqual(["The manager's fingerprint is required", 'Enter the discrepancy reason first']);
    d.send({ type: 'discrepancy-reason', reason: '  ', by: 'M1' });
    expect(d.active?.discrepancy?.reason).toBeUndefined();
    d.send({ type: 'discrepancy-reason', reason: 'box 2 not loaded at the vault', by: 'M1' });
    d.finger('fp-zone', 'matched', 'T1');
    expect(d.active?.phase).toBe('discrepancy');
    d.finger('fp-zone', 'matched', 'M1');
    expect(d.active).toMatchObject({
      phase: 'confirm',
      discrepancy: { approvedBy: 'M1' },
      confirmations: {},
    });

    d.reset();
    confirmBoth(d);
    expect(d.events().map((e) => e.event)).toEqual(['handover.completed', 'alarm.cleared']);
    expect(d.events('handover.completed')[0]?.body).toMatchObject({
      boxes: { expected: [box(1), box(2)], scanned: [box(1)], missing: [box(2)], rejected: [] },
      discrepancy: { reason: 'box 2 not loaded at the vault', approvedBy: 'M1' },
    });
    expect(d.events('alarm.cleared')[0]?.body).toEqual({
      alarmId: 'id-2',
      kind: 'MISSING_BOX',
      reason: 'discrepancy approved',
    });
  });

  it('clears MISSING_BOX when the missing box turns up during the discrepancy', () => {
    const d = inZone();
    scanBoxes(d, [box(1)]);
    d.send({ type: 'request-confirmation', by: 'M1' });
    d.send({ type: 'timer', name: 'rescan-window' });
    d.boxTag(box(2));
    expect(d.events('alarm.cleared')[0]?.body).toEqual({
      alarmId: 'id-2',
      kind: 'MISSING_BOX',
      reason: 'boxes found',
    });
    expect(d.active?.phase).toBe('confirm');
    expect(d.active).not.toHaveProperty('discrepancy');
  });
});
