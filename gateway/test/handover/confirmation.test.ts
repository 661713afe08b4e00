import { describe, expect, it } from 'vitest';
import { at, BRANCH_A, box, EngineDriver } from './engine-fixture.ts';
import { arriveByTag, enterZone, scanBoxes, verifyCrew } from './handover-scenarios.ts';

function atConfirmation(config?: ConstructorParameters<typeof EngineDriver>[0]['config']) {
  const d = new EngineDriver({ siteId: BRANCH_A, now: at('08:50'), config });
  arriveByTag(d);
  verifyCrew(d);
  enterZone(d);
  scanBoxes(d, [box(1), box(2)]);
  d.reset();
  return d;
}

describe('dual confirmation', () => {
  it('takes the staff member and the leader in any order; other escorts of the crew cannot confirm', () => {
    const d = atConfirmation();
    d.finger('fp-zone', 'matched', 'M1');
    d.finger('fp-zone', 'matched', 'E2');
    expect(d.effects('speak').at(-1)?.en).toBe('Only the escort leader confirms for the crew');
    d.finger('fp-zone', 'matched', 'T1'); // a second staff member changes nothing
    expect(d.events('handover.completed')).toEqual([]);
    d.finger('fp-zone', 'matched', 'E1');
    expect(d.events('handover.completed')[0]?.body).toMatchObject({ confirmedBy: ['E1', 'M1'] });
  });

  it('password + fingerprint: a staff fingerprint counts only after that person’s password', () => {
    const d = atConfirmation({ staffConfirmation: 'password+fingerprint' });
    d.finger('fp-zone', 'matched', 'E1');
    d.finger('fp-zone', 'matched', 'T1');
    expect(d.effects('speak').at(-1)?.zh).toBe('请先输入密码，再按指纹');
    d.send({ type: 'staff-password', personId: 'T1', ok: false });
    d.finger('fp-zone', 'matched', 'T1');
    d.send({ type: 'staff-password', personId: 'M1', ok: true });
    d.finger('fp-zone', 'matched', 'T1');
    expect(d.active?.confirmations.staff).toBeUndefined();
    d.send({ type: 'staff-password', personId: 'T1', ok: true });
    d.finger('fp-zone', 'matched', 'T1');
    expect(d.events('handover.completed')[0]?.body).toMatchObject({
      confirmedBy: ['E1', 'T1'],
      staffMethod: 'password+fingerprint',
    });
    expect(d.events('auth.failed')).toEqual([]);
  });

  it('5 failures at the confirm reader raise AUTH_FAILED_5X and lock it, but keep the phase and the crew', () => {
    const d = atConfirmation();
    for (let i = 0; i < 5; i++) d.finger('fp-zone', 'no-match');
    expect(d.alarms()).toEqual([
      expect.objectContaining({
        kind: 'AUTH_FAILED_5X',
        detail: { reader: 'fp-zone', failures: 5, lockoutMs: 30_000, restarted: false },
      }),
    ]);
    expect(d.effects('set-timer')).toEqual([
      { type: 'set-timer', name: 'lockout:fp-zone', at: d.now + 30_000 },
    ]);
    expect(d.active).toMatchObject({ phase: 'confirm', restarts: 0 });
    expect(d.active?.crew.every((m) => m.verified)).toBe(true);
    d.finger('fp-zone', 'matched', 'E1');
    expect(d.active?.confirmations.leader).toBeUndefined();
    d.advance(30_000);
    d.send({ type: 'timer', name: 'lockout:fp-zone' });
    d.finger('fp-zone', 'matched', 'E1');
    d.finger('fp-zone', 'matched', 'T1');
    expect(d.events('handover.completed')).toHaveLength(1);
    expect(d.state.readers['fp-zone']).toEqual({ failures: 0, lockouts: 1, lockoutDay: '2025-06-02' });
  });

  it('an escort of another run at the confirm reader is UNSCHEDULED_PERSON too', () => {
    const d = atConfirmation();
    d.finger('fp-zone', 'matched', 'E4');
    expect(d.alarms('UNSCHEDULED_PERSON')[0]?.detail).toMatchObject({ personId: 'E4', reader: 'fp-zone' });
    expect(d.events('auth.failed')[0]?.body).toMatchObject({ reader: 'fp-zone', consecutive: 1 });
  });

  it('does not count confirm-reader attempts made before the boxes are all scanned', () => {
    const d = new EngineDriver({ siteId: BRANCH_A, now: at('08:50') });
    arriveByTag(d);
    d.reset();
    d.finger('fp-zone', 'no-match');
    d.finger('fp-zone', 'matched', 'E1');
    expect(d.log).toEqual([
      { type: 'speak', zh: '款箱尚未全部扫描', en: 'Not every box has been scanned yet' },
      { type: 'speak', zh: '款箱尚未全部扫描', en: 'Not every box has been scanned yet' },
    ]);
    expect(d.active?.confirmations).toEqual({});
  });

  it('says so when a fingerprint arrives with no hand-over in progress', () => {
    const d = new EngineDriver({ siteId: BRANCH_A, now: at('08:50') });
    d.finger('fp-door', 'matched', 'E1');
    d.finger('fp-other', 'matched', 'E1');
    expect(d.log).toEqual([{ type: 'speak', zh: '当前没有进行中的交接', en: 'No hand-over is in progress' }]);
  });
});
