import { silentLogger } from '@vaultline/shared';
import { afterEach, describe, expect, it } from 'vitest';
import { CentreFaceRetention } from '../../src/faces/face-retention.ts';
import { TINY_JPEG } from '../records/record-fixture.ts';
import { faceWorld, GATEWAY, HANDOVER } from './face-fixture.ts';

const HOUR_MS = 60 * 60 * 1000;
const DAY_MS = 24 * HOUR_MS;

let world: ReturnType<typeof faceWorld> | undefined;
let retention: CentreFaceRetention | undefined;
afterEach(() => {
  retention?.stop();
  world?.dispose();
  world = retention = undefined;
});

/** Two captures a day apart, both received and stored at the centre. */
async function twoCaptures(w: ReturnType<typeof faceWorld>) {
  await w.capturedEvent(w.body('CAP-OLD', TINY_JPEG, 'E1001'));
  w.message({ captureId: 'CAP-OLD', handoverId: HANDOVER, personId: 'E1001' }, TINY_JPEG);
  await w.clock.advance(DAY_MS);
  await w.capturedEvent(w.body('CAP-NEW', TINY_JPEG, 'E1002'));
  w.message({ captureId: 'CAP-NEW', handoverId: HANDOVER, personId: 'E1002' }, TINY_JPEG);
  expect(w.faces.metrics().stored).toBe(2);
}

describe('CentreFaceRetention', () => {
  it('deletes each JPEG once past the retention period, keeps the row, and audits each deletion as system', async () => {
    world = faceWorld({ retentionDays: 90 });
    await twoCaptures(world);
    const oldAt = world.store.faces.get(GATEWAY, 'CAP-OLD')!.capturedAt;
    retention = new CentreFaceRetention({
      faces: world.store.faces,
      audit: world.store.audit,
      transaction: (fn) => world!.store.transaction(fn),
      retentionDays: 90,
      clock: world.clock,
      logger: silentLogger,
    });
    retention.start();
    expect(world.audit('face.deleted')).toEqual([]);

    // The hourly sweep on the centre's clock: the old capture goes just after 90 days, the new one stays.
    await world.clock.advance(oldAt + 90 * DAY_MS + HOUR_MS - world.clock.now());
    expect(world.store.faces.jpeg(GATEWAY, 'CAP-OLD')).toBeUndefined();
    expect(world.store.faces.get(GATEWAY, 'CAP-OLD')).toMatchObject({
      deletedAt: world.clock.now(),
      retentionDays: 90,
    });
    expect(world.store.faces.jpeg(GATEWAY, 'CAP-NEW')).toBeDefined();
    const deleted = world.audit('face.deleted');
    expect(deleted).toEqual([
      {
        at: world.clock.now(),
        actor: 'system',
        action: 'face.deleted',
        target: 'CAP-OLD',
        detail: {
          reason: 'retention',
          retentionDays: 90,
          gatewayId: GATEWAY,
          handoverId: HANDOVER,
          personId: 'E1001',
          capturedAt: new Date(oldAt).toISOString(),
        },
      },
    ]);

    await world.clock.advance(DAY_MS);
    expect(world.store.faces.jpeg(GATEWAY, 'CAP-NEW')).toBeUndefined();
    // Each capture is deleted, and audited, once.
    expect(world.audit('face.deleted').map((entry) => entry.target)).toEqual(['CAP-OLD', 'CAP-NEW']);
    expect(retention.sweep()).toBe(0);
  });
});
