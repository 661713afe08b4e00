import { describe, expect, it } from 'vitest';
import { at, BRANCH_A, EngineDriver } from './engine-fixture.ts';
import { arriveByTag, enterZone, verifyCrew } from './handover-scenarios.ts';

const OPEN_CREW_DOOR = { type: 'open-door', door: 1, holdMs: 8_000 } as const;

function verified() {
  const d = new EngineDriver({ siteId: BRANCH_A, now: at('08:50') });
  arriveByTag(d);
  return d;
}

describe('interlock door', () => {
  it('stays in the door phase when the unlock is refused, and retries once every door is closed', () => {
    const d = verified();
    d.door(2, false);
    verifyCrew(d);
    expect(d.effects('open-door')).toEqual([OPEN_CREW_DOOR]);
    d.reset();
    d.send({ type: 'door-refused', door: 1, reason: 'interlock: door 2 is open' });
    expect(d.active).toMatchObject({ phase: 'door', doorRefused: 'interlock: door 2 is open' });
    expect(d.effects('speak').map((s) => s.zh)).toEqual(['联动门暂时无法打开，请先关闭另一道门']);
    d.door(2, true);
    expect(d.effects('open-door')).toEqual([]);
    d.door(2, false);
    expect(d.effects('open-door')).toEqual([OPEN_CREW_DOOR]);
    expect(d.events().map((e) => [e.event, e.body.door])).toEqual([
      ['door.opened', 2],
      ['door.closed', 2],
    ]);
    enterZone(d);
    expect(d.active?.phase).toBe('box-scan');
  });

  it('does not unlock while it knows another door is open', () => {
    const d = verified();
    d.door(2, true);
    verifyCrew(d);
    expect(d.effects('open-door')).toEqual([]);
    expect(d.active).toMatchObject({ phase: 'door', doorRefused: 'interlock: door 2 is open' });
    d.door(1, false);
    expect(d.effects('open-door')).toEqual([]);
    d.door(2, false);
    expect(d.effects('open-door')).toEqual([OPEN_CREW_DOOR]);
  });

  it('waits in the door phase while the crew door contact is unknown', () => {
    const d = verified();
    verifyCrew(d);
    d.door(1, null);
    d.door(1, null);
    expect(d.active?.phase).toBe('door');
    expect(d.events('door.opened')).toEqual([]);
  });

  it('unlocks again for a verified escort when nobody went through in time', () => {
    const d = verified();
    verifyCrew(d);
    d.reset();
    d.advance(20_000);
    d.finger('fp-door', 'no-match');
    d.finger('fp-door', 'matched', 'E2');
    expect(d.effects('open-door')).toEqual([OPEN_CREW_DOOR]);
    expect(d.events('auth.failed')).toEqual([]);
    d.door(1, true);
    d.finger('fp-door', 'matched', 'E1');
    expect(d.effects('open-door')).toHaveLength(1);
  });

  it('reports each door transition once, with the hand-over it happened in', () => {
    const d = verified();
    d.reset();
    d.door(1, false);
    d.door(1, false);
    d.door(1, true);
    d.door(1, true);
    d.door(1, false);
    expect(d.events().map((e) => [e.event, e.body])).toEqual([
      ['door.opened', { door: 1, handoverId: 'id-1' }],
      ['door.closed', { door: 1, handoverId: 'id-1' }],
    ]);
    // Before the crew was cleared the door opening does not start the box scan.
    expect(d.active?.phase).toBe('crew-auth');
  });
});
