import { describe, expect, it } from 'vitest';
import { at, BRANCH_A, EngineDriver, PLAN } from './engine-fixture.ts';
import { arriveByTag, faceCaptured, verifyEscort } from './handover-scenarios.ts';

function atDoor(config?: ConstructorParameters<typeof EngineDriver>[0]['config']) {
  const d = new EngineDriver({ siteId: BRANCH_A, now: at('08:50'), config });
  arriveByTag(d);
  d.reset();
  return d;
}

const failAtDoor = (d: EngineDriver, times: number) => {
  for (let i = 0; i < times; i++) d.finger('fp-door', i % 2 ? 'poor-image' : 'no-match');
};

describe('crew authentication', () => {
  it('raises AUTH_FAILED_5X after 5 failures, restarts crew authentication and locks the reader 30 s', () => {
    const d = atDoor();
    verifyEscort(d, 'E1');
    expect(d.active?.crew[0]).toMatchObject({ verified: true, photo: 'accepted', captureId: 'cap-E1' });
    d.reset();
    failAtDoor(d, 5);
    expect(d.events('auth.failed').map((e) => [e.body.outcome, e.body.consecutive])).toEqual([
      ['no-match', 1],
      ['poor-image', 2],
      ['no-match', 3],
      ['poor-image', 4],
      ['no-match', 5],
    ]);
    expect(d.effects('capture-face')).toHaveLength(5);
    expect(d.alarms()).toEqual([
      {
        alarmId: 'id-2',
        kind: 'AUTH_FAILED_5X',
        severity: 'critical',
        siteId: BRANCH_A,
        runId: 'R1',
        stopSeq: 2,
        handoverId: 'id-1',
        detail: { reader: 'fp-door', failures: 5, lockoutMs: 30_000, restarted: true },
      },
    ]);
    expect(d.effects('set-timer')).toEqual([
      { type: 'set-timer', name: 'lockout:fp-door', at: d.now + 30_000 },
    ]);
    expect(d.active).toMatchObject({
      phase: 'crew-auth',
      restarts: 1,
      crew: [
        { personId: 'E1', verified: false, photo: 'pending' },
        { personId: 'E2', verified: false, photo: 'pending' },
      ],
    });
    expect(d.active?.crew[0]).not.toHaveProperty('captureId');
  });

  it('ignores attempts while locked, accepts them after the timer, and doubles the next lockout', () => {
    const d = atDoor();
    failAtDoor(d, 5);
    d.reset();
    d.advance(29_999);
    d.finger('fp-door', 'matched', 'E1');
    d.finger('fp-door', 'no-match');
    expect(d.log).toEqual([
      {
        type: 'speak',
        zh: '指纹验证已锁定，请 1 秒后再试',
        en: 'Fingerprint reader locked; try again in 1 s',
      },
      {
        type: 'speak',
        zh: '指纹验证已锁定，请 1 秒后再试',
        en: 'Fingerprint reader locked; try again in 1 s',
      },
    ]);
    expect(d.active?.crew[0]?.verified).toBe(false);
    d.advance(1);
    d.send({ type: 'timer', name: 'lockout:fp-door' });
    expect(d.state.readers['fp-door']).toEqual({ failures: 0, lockouts: 1, lockoutDay: '2025-06-02' });
    d.finger('fp-door', 'matched', 'E1');
    expect(d.active?.crew[0]?.verified).toBe(true);

    d.reset();
    failAtDoor(d, 5);
    expect(d.alarms('AUTH_FAILED_5X')[0]?.detail).toMatchObject({ lockoutMs: 60_000 });
    expect(d.effects('set-timer')).toEqual([
      { type: 'set-timer', name: 'lockout:fp-door', at: d.now + 60_000 },
    ]);
    expect(d.active?.restarts).toBe(2);
  });

  it("starts the next service day's first lockout at 30 s again", () => {
    const d = atDoor();
    failAtDoor(d, 5);
    d.advance(30_000);
    d.send({ type: 'timer', name: 'lockout:fp-door' });
    failAtDoor(d, 5);
    expect(d.alarms('AUTH_FAILED_5X').map((a) => (a.detail as { lockoutMs: number }).lockoutMs)).toEqual([
      30_000, 60_000,
    ]);
    d.advance(60_000);
    d.send({ type: 'timer', name: 'lockout:fp-door' });
    d.usePlan({ ...PLAN, date: '2025-06-03', version: PLAN.version + 1 });
    d.reset();
    failAtDoor(d, 5);
    expect(d.alarms('AUTH_FAILED_5X').map((a) => (a.detail as { lockoutMs: number }).lockoutMs)).toEqual([
      30_000,
    ]);
    expect(d.state.readers['fp-door']).toMatchObject({ lockouts: 1, lockoutDay: '2025-06-03' });
  });

  it('lifts an expired lock even when its timer is late', () => {
    const d = atDoor();
    failAtDoor(d, 5);
    d.advance(30_000);
    d.reset();
    d.finger('fp-door', 'no-match');
    expect(d.events('auth.failed')[0]?.body.consecutive).toBe(1);
    d.send({ type: 'timer', name: 'lockout:fp-door' }); // the late timer of that lock changes nothing now
    expect(d.state.readers['fp-door']?.failures).toBe(1);
  });

  it('resets the count when a verification succeeds after 4 failures', () => {
    const d = atDoor();
    failAtDoor(d, 4);
    d.finger('fp-door', 'matched', 'E1');
    expect(d.state.readers['fp-door']?.failures).toBe(0);
    failAtDoor(d, 4);
    expect(d.alarms()).toEqual([]);
    expect(d.events('auth.failed').at(-1)?.body.consecutive).toBe(4);
    expect(d.active?.crew[0]?.verified).toBe(true);
  });

  it('raises UNSCHEDULED_PERSON for an escort of another run, once, and counts every attempt as a failure', () => {
    const d = atDoor();
    d.finger('fp-door', 'matched', 'E3');
    d.finger('fp-door', 'matched', 'E3');
    expect(d.alarms()).toEqual([
      expect.objectContaining({
        kind: 'UNSCHEDULED_PERSON',
        severity: 'critical',
        runId: 'R1',
        detail: { personId: 'E3', name: '王磊', runId: 'R1', reader: 'fp-door' },
      }),
    ]);
    expect(d.events('auth.failed').map((e) => e.body)).toEqual([
      { handoverId: 'id-1', reader: 'fp-door', outcome: 'not-on-crew', consecutive: 1, personId: 'E3' },
      { handoverId: 'id-1', reader: 'fp-door', outcome: 'not-on-crew', consecutive: 2, personId: 'E3' },
    ]);
    expect(d.events('crew.verified')).toEqual([]);
    failAtDoor(d, 3);
    expect(d.alarms('AUTH_FAILED_5X')).toHaveLength(1);
  });

  it('counts a staff member at the crew door as a failure without UNSCHEDULED_PERSON', () => {
    const d = atDoor();
    d.finger('fp-door', 'matched', 'T1');
    expect(d.alarms()).toEqual([]);
    expect(d.events('auth.failed')[0]?.body).toMatchObject({ outcome: 'not-on-crew', personId: 'T1' });
    expect(d.effects('speak').at(-1)?.zh).toBe('陈静 不在本次押运人员名单中');
  });

  it('attaches face captures to the member and answers each attempt with a capture request', () => {
    const d = atDoor();
    d.finger('fp-door', 'no-match');
    d.send(faceCaptured('cap-x'));
    d.finger('fp-door', 'matched', 'E2');
    d.send(faceCaptured('cap-e2', 'E2'));
    expect(d.effects('capture-face')).toEqual([
      { type: 'capture-face', reader: 'fp-door', personId: undefined },
      { type: 'capture-face', reader: 'fp-door', personId: 'E2' },
    ]);
    expect(d.events('face.captured').map((e) => e.body.captureId)).toEqual(['cap-x', 'cap-e2']);
    expect(d.active?.crew[1]).toMatchObject({
      personId: 'E2',
      verified: true,
      score: 120,
      captureId: 'cap-e2',
    });
  });
});

describe('photo check', () => {
  it('a rejection unverifies the member, counts as a failed verification, and keeps the door shut', () => {
    const d = atDoor();
    verifyEscort(d, 'E1');
    verifyEscort(d, 'E2', false);
    expect(d.active?.crew[1]).toMatchObject({ verified: false, photo: 'rejected', photoBy: 'M1' });
    expect(d.events('auth.failed')).toEqual([
      {
        event: 'auth.failed',
        body: {
          handoverId: 'id-1',
          reader: 'fp-door',
          outcome: 'photo-rejected',
          consecutive: 1,
          personId: 'E2',
        },
      },
    ]);
    expect(d.effects('open-door')).toEqual([]);
    verifyEscort(d, 'E2');
    expect(d.effects('open-door')).toHaveLength(1);
  });

  it('a rejection can complete the 5 failures', () => {
    const d = atDoor();
    d.finger('fp-door', 'matched', 'E1');
    failAtDoor(d, 4);
    d.send({ type: 'photo-check', personId: 'E1', accepted: false, by: 'M1' });
    expect(d.events('auth.failed').at(-1)?.body).toMatchObject({ outcome: 'photo-rejected', consecutive: 5 });
    expect(d.alarms('AUTH_FAILED_5X')).toHaveLength(1);
    expect(d.active?.restarts).toBe(1);
  });

  it('advisory: the door opens on fingerprints, and a later rejection aborts with UNSCHEDULED_PERSON', () => {
    const d = atDoor({ photoCheck: 'advisory' });
    d.finger('fp-door', 'matched', 'E1');
    d.finger('fp-door', 'matched', 'E2');
    expect(d.effects('open-door')).toHaveLength(1);
    d.send({ type: 'photo-check', personId: 'E1', accepted: true, by: 'M1' });
    d.send({ type: 'photo-check', personId: 'E2', accepted: false, by: 'M1' });
    expect(d.alarms()).toEqual([
      expect.objectContaining({
        kind: 'UNSCHEDULED_PERSON',
        detail: { personId: 'E2', name: '李强', runId: 'R1', reason: 'photo-rejected', by: 'M1' },
      }),
    ]);
    expect(d.events('handover.aborted')[0]?.body).toMatchObject({
      reason: 'photo-rejected',
      by: 'M1',
      phase: 'door',
    });
    expect(d.state.active).toBeNull();
  });
});
