import { silentLogger } from '@vaultline/shared';
import type { EnrolPayload } from '@vaultline/shared/contract/mqtt-payloads';
import { afterEach, describe, expect, it } from 'vitest';
import { EnrolmentSender } from '../../src/enrolment/enrolment-sender.ts';
import { openTestStore } from '../store/store-fixture.ts';
import { FakeSenderUplink } from '../uplink/fake-sender-uplink.ts';

const TOPIC = 'vl/v1/gw/gw-BR-001/enrol';

/** The uplink as the sender sees it, with the enrolment ids it was given. */
class FakeUplink extends FakeSenderUplink<EnrolPayload> {
  enrolmentIds(): unknown[] {
    return this.ids('enrolmentId');
  }
}

const payload = (enrolmentId: string, slot = 0): EnrolPayload => ({
  enrolmentId,
  personId: 'T2001',
  slot,
  templateJwe: 'aGVhZGVy.a2V5.aXY.Y2lwaGVy.dGFn',
});

function setup() {
  const handle = openTestStore();
  const uplink = new FakeUplink();
  const sender = new EnrolmentSender({
    gatewayId: 'gw-BR-001',
    outbox: handle.store.enrolments,
    uplink,
    clock: handle.clock,
    logger: silentLogger,
    retryMs: 60_000,
  });
  const queue = (id: string, slot = 0) => {
    handle.store.enrolments.insert({ payload: payload(id, slot), createdAt: handle.clock.now() });
    sender.queued();
  };
  return { handle, uplink, sender, queue, outbox: () => handle.store.enrolments };
}

let world: ReturnType<typeof setup> | undefined;
afterEach(() => {
  world?.sender.stop();
  world?.handle.dispose();
  world = undefined;
});

describe('EnrolmentSender', () => {
  it('sends a queued enrolment at once on its own enrol topic, and keeps it until the centre answers', async () => {
    world = setup();
    const { uplink, sender, queue, outbox, handle } = world;
    uplink.connected = true;
    sender.start();
    queue('EN-1', 1);
    await sender.idle();
    expect(uplink.published).toEqual([{ topic: TOPIC, payload: payload('EN-1', 1) }]);
    expect(outbox().get('EN-1')).toMatchObject({ sentAt: handle.clock.now() });
    expect(outbox().unsettledCount()).toBe(1);
    uplink.command({ cmd: 'enrolment-result', enrolmentId: 'EN-1', outcome: 'stored' });
    expect(outbox().get('EN-1')).toMatchObject({ outcome: 'stored', settledAt: handle.clock.now() });
    expect(outbox().unsettledCount()).toBe(0);
  });

  it('keeps enrolments made offline, across a restart, and sends every unanswered one on connection', async () => {
    world = setup();
    const { uplink, sender, queue, handle } = world;
    sender.start();
    queue('EN-2');
    queue('EN-3');
    await sender.idle();
    expect(uplink.published).toEqual([]);
    // Restart: a new sender over the reopened store finds both.
    sender.stop();
    handle.reopen();
    const again = new EnrolmentSender({
      gatewayId: 'gw-BR-001',
      outbox: handle.store.enrolments,
      uplink,
      clock: handle.clock,
      logger: silentLogger,
    });
    world.sender = again;
    again.start();
    uplink.connect();
    await again.idle();
    expect(uplink.enrolmentIds()).toEqual(['EN-2', 'EN-3']);
  });

  it('sends again when the centre asks, and after retryMs without an answer', async () => {
    world = setup();
    const { uplink, sender, queue, outbox, handle } = world;
    uplink.connected = true;
    sender.start();
    queue('EN-4');
    await sender.idle();
    uplink.command({ cmd: 'enrolment-resend', enrolmentId: 'EN-4' });
    await sender.idle();
    expect(uplink.enrolmentIds()).toEqual(['EN-4', 'EN-4']);
    await handle.clock.advance(60_000);
    await sender.idle();
    expect(uplink.enrolmentIds()).toEqual(['EN-4', 'EN-4', 'EN-4']);
    uplink.command({
      cmd: 'enrolment-result',
      enrolmentId: 'EN-4',
      outcome: 'refused',
      reason: 'unknown person',
    });
    expect(outbox().get('EN-4')).toMatchObject({ outcome: 'refused', reason: 'unknown person' });
    await handle.clock.advance(120_000);
    await sender.idle();
    expect(uplink.enrolmentIds()).toHaveLength(3);
  });

  it('records only the first answer for an enrolment and ignores answers for unknown ones', () => {
    world = setup();
    const { uplink, sender, queue, outbox } = world;
    sender.start();
    queue('EN-5');
    const settled: string[] = [];
    sender.onSettled(() => settled.push('settled'));
    uplink.command({ cmd: 'enrolment-result', enrolmentId: 'EN-5', outcome: 'stored' });
    uplink.command({
      cmd: 'enrolment-result',
      enrolmentId: 'EN-5',
      outcome: 'refused',
      reason: 'late forgery',
    });
    uplink.command({ cmd: 'enrolment-result', enrolmentId: 'EN-404', outcome: 'stored' });
    expect(outbox().get('EN-5')).toMatchObject({ outcome: 'stored' });
    expect(outbox().get('EN-5')?.reason).toBeUndefined();
    expect(settled).toEqual(['settled']);
  });
});
