import { openAtRest } from '@vaultline/shared/crypto/at-rest';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { TINY_JPEG } from '../records/record-fixture.ts';
import { faceWorld, GATEWAY, HANDOVER, otherJpeg } from './face-fixture.ts';

let world: ReturnType<typeof faceWorld> | undefined;
afterEach(() => {
  world?.dispose();
  world = undefined;
});

const same = (a: Uint8Array | undefined, b: Uint8Array) =>
  a !== undefined && Buffer.from(a).equals(Buffer.from(b));

describe('FaceCaptures', () => {
  it('stores a capture whose message came first once the signed event arrives, sealed at rest', async () => {
    world = faceWorld();
    world.message({ captureId: 'CAP-1', handoverId: HANDOVER, personId: 'E1001' }, TINY_JPEG);
    expect(world.store.faces.get(GATEWAY, 'CAP-1')).toBeUndefined();
    expect(world.faces.metrics()).toMatchObject({ received: 1, pending: 1, stored: 0 });

    const event = await world.capturedEvent(world.body('CAP-1', TINY_JPEG));
    expect(same(world.store.faces.jpeg(GATEWAY, 'CAP-1'), TINY_JPEG)).toBe(true);
    expect(world.store.faces.get(GATEWAY, 'CAP-1')).toMatchObject({
      handoverId: HANDOVER,
      personId: 'E1001',
      eventSeq: event.seq,
      bytes: TINY_JPEG.length,
      capturedAt: Date.parse(event.ts),
    });
    expect(world.answers).toEqual([{ cmd: 'face-result', captureId: 'CAP-1', outcome: 'stored' }]);
    expect(world.faces.metrics()).toMatchObject({ stored: 1, pending: 0, refused: 0 });

    // At rest the row holds no JPEG, only a blob that opens under this capture's context alone.
    const db = new Database(world.store.path, { readonly: true });
    const row = db
      .prepare('SELECT jpeg_sealed AS sealed FROM face_captures WHERE capture_id = ?')
      .get('CAP-1') as { sealed: Buffer };
    db.close();
    expect(row.sealed.includes(Buffer.from(TINY_JPEG.subarray(0, 64)))).toBe(false);
    expect(row.sealed.length).toBeGreaterThan(TINY_JPEG.length);
  });

  it('stores at once when the event is already in the chain, and answers a redelivery without storing twice', async () => {
    world = faceWorld();
    await world.capturedEvent(world.body('CAP-2', TINY_JPEG, 'E1002'));
    world.message({ captureId: 'CAP-2', handoverId: HANDOVER, personId: 'E1002' }, TINY_JPEG);
    world.message({ captureId: 'CAP-2', handoverId: HANDOVER, personId: 'E1002' }, TINY_JPEG);
    expect(same(world.store.faces.jpeg(GATEWAY, 'CAP-2'), TINY_JPEG)).toBe(true);
    expect(world.answers.map((a) => a.outcome)).toEqual(['stored', 'stored']);
    expect(world.faces.metrics()).toMatchObject({ stored: 1, refused: 0 });
  });

  it('refuses a message whose JPEG does not match the signed hash, audits it, asks for the genuine one and keeps it', async () => {
    world = faceWorld();
    const forged = otherJpeg();
    await world.capturedEvent(world.body('CAP-3', TINY_JPEG));
    world.message({ captureId: 'CAP-3', handoverId: HANDOVER, personId: 'E1001' }, forged);
    expect(world.store.faces.get(GATEWAY, 'CAP-3')).toBeUndefined();
    const refusals = world.audit('face.refused');
    expect(refusals).toEqual([
      expect.objectContaining({
        actor: `branch:${GATEWAY}`,
        target: 'CAP-3',
        detail: expect.objectContaining({ gatewayId: GATEWAY, personId: 'E1001', seq: 1 }),
      }),
    ]);
    expect(String(refusals[0]?.detail?.reason)).toMatch(/SHA-256/);
    // The image is never in the audit trail.
    expect(JSON.stringify(refusals)).not.toContain(Buffer.from(forged).toString('base64').slice(0, 40));
    expect(world.answers).toEqual([{ cmd: 'face-resend', captureId: 'CAP-3' }]);

    world.message({ captureId: 'CAP-3', handoverId: HANDOVER, personId: 'E1001' }, TINY_JPEG);
    expect(same(world.store.faces.jpeg(GATEWAY, 'CAP-3'), TINY_JPEG)).toBe(true);
    world.message({ captureId: 'CAP-3', handoverId: HANDOVER, personId: 'E1001' }, forged);
    expect(same(world.store.faces.jpeg(GATEWAY, 'CAP-3'), TINY_JPEG)).toBe(true);
    expect(world.faces.metrics()).toMatchObject({ refused: 2, stored: 1 });
  });

  it('refuses a message naming another person or hand-over than the signed event', async () => {
    world = faceWorld();
    world.message({ captureId: 'CAP-4', handoverId: HANDOVER, personId: 'E1002' }, TINY_JPEG);
    await world.capturedEvent(world.body('CAP-4', TINY_JPEG, 'E1001'));
    expect(world.store.faces.get(GATEWAY, 'CAP-4')).toBeUndefined();
    expect(String(world.audit('face.refused')[0]?.detail?.reason)).toMatch(/person E1002.*person E1001/);
  });

  it('asks the gateway for a capture that does not follow its event, a bounded number of times', async () => {
    world = faceWorld();
    await world.capturedEvent(world.body('CAP-5', TINY_JPEG));
    await world.clock.advance(59_999);
    expect(world.answers).toEqual([]);
    await world.clock.advance(1);
    expect(world.answers).toEqual([{ cmd: 'face-resend', captureId: 'CAP-5' }]);
    for (let i = 0; i < 3; i++) world.message({ captureId: 'CAP-5', handoverId: HANDOVER }, otherJpeg());
    // Refused each time; asked again only up to the limit (2).
    expect(world.answers.filter((a) => a.cmd === 'face-resend')).toHaveLength(2);
    expect(world.faces.metrics()).toMatchObject({ refused: 3, resendRequests: 2 });
  });

  it('refuses for good a capture already past the retention period', async () => {
    world = faceWorld({ retentionDays: 1 });
    await world.capturedEvent(world.body('CAP-6', TINY_JPEG));
    await world.clock.advance(24 * 60 * 60 * 1000 + 1);
    world.message({ captureId: 'CAP-6', handoverId: HANDOVER, personId: 'E1001' }, TINY_JPEG);
    expect(world.store.faces.get(GATEWAY, 'CAP-6')).toBeUndefined();
    expect(world.answers.at(-1)).toEqual({
      cmd: 'face-result',
      captureId: 'CAP-6',
      outcome: 'refused',
      reason: 'the capture is older than the retention period (1 days)',
    });
  });

  it('counts and ignores payloads that are not face messages', () => {
    world = faceWorld();
    world.faces.receive(GATEWAY, Buffer.from('not json'));
    world.faces.receive(GATEWAY, Buffer.from(JSON.stringify({ captureId: 'CAP-7', handoverId: HANDOVER })));
    world.faces.receive(
      GATEWAY,
      Buffer.from(JSON.stringify({ captureId: 'CAP-7', handoverId: HANDOVER, jpegBase64: 'AAAA=A==' })),
    );
    expect(world.faces.metrics()).toMatchObject({ received: 3, invalid: 3, refused: 0, pending: 0 });
    expect(world.answers).toEqual([]);
  });

  it('seals each capture under its own context: a blob moved to another row does not open', async () => {
    world = faceWorld();
    await world.capturedEvent(world.body('CAP-8', TINY_JPEG));
    world.message({ captureId: 'CAP-8', handoverId: HANDOVER, personId: 'E1001' }, TINY_JPEG);
    const db = new Database(world.store.path, { readonly: true });
    const { sealed } = db.prepare('SELECT jpeg_sealed AS sealed FROM face_captures').get() as {
      sealed: Buffer;
    };
    db.close();
    expect(same(openAtRest(world.atRestKey, sealed, `face:${GATEWAY}:CAP-8`), TINY_JPEG)).toBe(true);
    expect(() => openAtRest(world!.atRestKey, sealed, `face:${GATEWAY}:CAP-9`)).toThrow();
  });
});
