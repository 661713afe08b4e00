import { decodeJpeg } from '@vaultline/firmware-sim/devices/camera/scene-image';
import { FaceRetention } from '@vaultline/gateway/runtime/face-retention';
import { silentLogger, systemClock } from '@vaultline/shared';
import { FakeClock } from '@vaultline/shared/time/fake-clock';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { VEHICLES } from '../../src/scenario/day-plan.ts';
import { GatewayScenario } from '../../src/scenario/gateway-scenario.ts';
import { kioskView, waitForEventSince } from '../../src/scenario/handover-steps.ts';

/**
 * Live face captures at crew authentication: stored, served to the kiosk uncached, and deleted once older
 * than `faceRetentionDays` (DESIGN §9), each deletion recorded as `face.deleted`.
 */
const DAY_MS = 24 * 60 * 60 * 1000;

let s: GatewayScenario;
let captureId: string;
let capturedAt: number;
beforeAll(async () => {
  s = await GatewayScenario.start({ siteId: 'BR-001' });
  await s.vehicleArrives(VEHICLES[0]!.tagEpc);
  await s.waitForEvent('vehicle.arrived');
  await s.touch('fp-door', s.fingerOf('E1001'));
  const captured = await s.waitForEvent('face.captured', (e) => e.body.personId === 'E1001');
  captureId = captured.body.captureId as string;
  capturedAt = s.app!.store.faces.get(captureId)!.capturedAt;
});
afterAll(async () => {
  await s?.stop();
});

const captureUrl = (id: string) => `${s.app!.kiosk.url}/captures/${id}.jpg`;

/** A sweep as the gateway's own retention job does it, on the running gateway's store and chain. */
function sweepAt(clock: typeof systemClock): number {
  const retention = new FaceRetention({
    store: s.app!.store,
    recorder: s.app!.recorder,
    clock,
    retentionDays: s.config.faceRetentionDays,
    logger: silentLogger,
  });
  try {
    return retention.sweep();
  } finally {
    retention.stop();
  }
}

describe('face captures', () => {
  it('serves the capture of a crew attempt as a decodable JPEG that is never cached', async () => {
    const view = await kioskView(s);
    expect(view.active?.crew.find((c) => c.personId === 'E1001')?.captureUrl).toBe(
      `/captures/${captureId}.jpg`,
    );

    const answer = await fetch(captureUrl(captureId));
    expect(answer.status).toBe(200);
    expect(answer.headers.get('content-type')).toMatch(/^image\/jpeg/);
    expect(answer.headers.get('cache-control')).toBe('no-store');
    const image = decodeJpeg(new Uint8Array(await answer.arrayBuffer()));
    expect({ width: image.width, height: image.height }).toEqual({ width: 160, height: 120 });
    expect(s.app!.store.faces.get(captureId)).toMatchObject({ personId: 'E1001', reader: 'fp-door' });
  });

  it('deletes only the captures older than the retention period, recording face.deleted', async () => {
    const live = s.app!.store.faces.get(captureId)!;
    const retentionDays = s.config.faceRetentionDays;
    const oldAt = Date.now() - (retentionDays + 1) * DAY_MS;
    s.app!.store.faces.insert({ ...live, captureId: 'OLD-CAPTURE-1', capturedAt: oldAt });
    expect((await fetch(captureUrl('OLD-CAPTURE-1'))).status).toBe(200);

    const mark = s.events.length;
    expect(sweepAt(systemClock)).toBe(1);
    const deleted = await waitForEventSince(s, mark, 'face.deleted');
    expect(deleted.body).toEqual({
      reason: 'retention',
      retentionDays,
      count: 1,
      captures: [
        { captureId: 'OLD-CAPTURE-1', personId: 'E1001', capturedAt: new Date(oldAt).toISOString() },
      ],
    });
    expect(s.app!.store.faces.get('OLD-CAPTURE-1')).toBeNull();
    expect((await fetch(captureUrl('OLD-CAPTURE-1'))).status).toBe(404);
    // Today's capture is well inside the period and stays.
    expect((await fetch(captureUrl(captureId))).status).toBe(200);
  });

  it("deletes today's capture once the gateway's clock is past the retention period", async () => {
    const later = new FakeClock(capturedAt + s.config.faceRetentionDays * DAY_MS + 1);
    const mark = s.events.length;
    expect(sweepAt(later)).toBe(1);
    const deleted = await waitForEventSince(s, mark, 'face.deleted');
    expect((deleted.body.captures as Array<{ captureId: string }>).map((c) => c.captureId)).toContain(
      captureId,
    );
    expect((await fetch(captureUrl(captureId))).status).toBe(404);
    expect(s.app!.store.faces.count()).toBe(0);
  });
});
