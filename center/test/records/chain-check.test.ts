import { generateKeyPairSync } from 'node:crypto';
import { createEnvelope } from '@vaultline/shared/contract/event-chain';
import type { EventEnvelope } from '@vaultline/shared/contract/event-envelope';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { checkStoredChain } from '../../src/records/chain-check.ts';
import { openRecordStore } from './record-fixture.ts';

let fixture: ReturnType<typeof openRecordStore>;
beforeEach(() => {
  fixture = openRecordStore();
});
afterEach(() => fixture.dispose());

const check = (gatewayId = 'gw-BR-001') =>
  checkStoredChain(fixture.store.events, fixture.store.gateways, gatewayId);

/** Edits the stored file behind the centre's back, as someone with access to the database could. */
function tamper(sql: string, ...params: unknown[]): void {
  const db = new Database(fixture.path);
  try {
    db.prepare(sql).run(...params);
  } finally {
    db.close();
  }
}

function storedEnvelope(seq: number): EventEnvelope {
  const envelope = fixture.store.events.get('gw-BR-001', seq);
  if (!envelope) throw new Error(`no stored seq ${seq}`);
  return envelope;
}

describe('checkStoredChain', () => {
  it('verifies an intact chain from seq 1 to the head', async () => {
    expect(await check()).toEqual({
      ok: true,
      gatewayId: 'gw-BR-001',
      fromSeq: 1,
      toSeq: 5,
      events: 5,
      headHash: fixture.chainA[4]?.hash,
    });
  });

  it('pinpoints a stored record whose content was altered', async () => {
    tamper(
      `UPDATE events SET envelope = json_set(envelope, '$.body.boxes.missing', json('[]')) WHERE gateway_id = ? AND seq = 4`,
      'gw-BR-001',
    );
    const result = await check();
    expect(result).toMatchObject({ ok: false, problem: 'hash', seq: 4, verifiedUpTo: 3 });
    if (!result.ok) expect(result.message).toContain('altered');
  });

  it('pinpoints an altered record even when its hash was recomputed (the signature no longer fits)', async () => {
    const original = storedEnvelope(3);
    // Re-hashed and signed with a key that is not the gateway's: what a forger with database access can do.
    const forged = createEnvelope(
      { ...original, body: { ...original.body, severity: 'minor' } as never },
      generateKeyPairSync('ed25519').privateKey,
    );
    tamper(
      'UPDATE events SET envelope = ?, hash = ? WHERE gateway_id = ? AND seq = 3',
      JSON.stringify(forged),
      forged.hash,
      'gw-BR-001',
    );
    expect(await check()).toMatchObject({ ok: false, problem: 'signature', seq: 3, verifiedUpTo: 2 });
  });

  it('names the gap where a record was removed, in the middle and at the end', async () => {
    tamper('DELETE FROM events WHERE gateway_id = ? AND seq = 2', 'gw-BR-001');
    expect(await check()).toMatchObject({ ok: false, problem: 'seq', seq: 3, verifiedUpTo: 1 });
  });

  it('notices records removed from the end of the chain', async () => {
    tamper('DELETE FROM events WHERE gateway_id = ? AND seq = 5', 'gw-BR-001');
    expect(await check()).toMatchObject({ ok: false, problem: 'seq', seq: 5, verifiedUpTo: 4 });
  });

  it('leaves the other gateway unaffected and refuses a gateway without a key', async () => {
    tamper('DELETE FROM events WHERE gateway_id = ? AND seq = 2', 'gw-BR-001');
    expect(await check('gw-BR-002')).toMatchObject({ ok: true, toSeq: 1 });
    expect(await check('gw-unknown')).toMatchObject({ ok: false, problem: 'unregistered', seq: null });
  });

  it('verifies across pages and still names the exact event in a later page', async () => {
    const more = Array.from({ length: 2_300 }, (_, i) =>
      fixture.branchA.next('door.opened', { door: 'interlock', n: i }, '2026-05-14T04:00:00.000Z'),
    );
    fixture.store.events.appendVerified('gw-BR-001', more, fixture.clock.now());
    expect(await check()).toMatchObject({ ok: true, toSeq: 2_305, events: 2_305 });
    tamper(
      `UPDATE events SET envelope = json_set(envelope, '$.body.n', 9999) WHERE gateway_id = ? AND seq = 2100`,
      'gw-BR-001',
    );
    expect(await check()).toMatchObject({ ok: false, problem: 'hash', seq: 2_100, verifiedUpTo: 2_099 });
  });
});
