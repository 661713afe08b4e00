import { randomBytes } from 'node:crypto';
import { silentLogger } from '@vaultline/shared';
import type { FacePayload } from '@vaultline/shared/contract/mqtt-payloads';
import { sha256Hex } from '@vaultline/shared/crypto/sha256-hex';
import { afterEach, describe, expect, it } from 'vitest';
import { createFaceDelivery, type FaceDelivery } from '../../src/faces/face-delivery.ts';
import { EventRecorder } from '../../src/runtime/event-recorder.ts';
import { FaceRetention } from '../../src/runtime/face-retention.ts';
import { openTestStore, testSigner } from '../store/store-fixture.ts';
import { FakeSenderUplink } from '../uplink/fake-sender-uplink.ts';

const GATEWAY = 'gw-branch-a';
const TOPIC = `vl/v1/gw/${GATEWAY}/face`;
const HANDOVER = 'H-1';
const DAY_MS = 24 * 60 * 60 * 1000;

/** A camera frame: the JPEG markers around random bytes, different every time. */
const jpegFrame = () => Uint8Array.from([0xff, 0xd8, ...randomBytes(2_000), 0xff, 0xd9]);

/**
 * A real gateway store and signed chain with face delivery wired as the gateway app wires it, over an
 * uplink the test connects, acknowledges and commands.
 */
function setup() {
  const handle = openTestStore();
  const signer = testSigner(GATEWAY);
  const uplink = new FakeSenderUplink<FacePayload>();
  const newDelivery = () => {
    const recorder = new EventRecorder(handle.store, signer);
    const delivery = createFaceDelivery({
      gatewayId: GATEWAY,
      store: handle.store,
      recorder,
      uplink,
      clock: handle.clock,
      logger: silentLogger,
      retryMs: 60_000,
    });
    return { recorder, delivery };
  };
  let { recorder, delivery } = newDelivery();
  const jpegs = new Map<string, Uint8Array>();
  /** What the runtime and the engine do for one capture: store the JPEG, then sign its face.captured. */
  const capture = (captureId: string, personId?: string, handover: string | null = HANDOVER) => {
    const handoverId = handover ?? undefined;
    const jpeg = jpegFrame();
    jpegs.set(captureId, jpeg);
    handle.store.faces.insert({
      captureId,
      handoverId,
      personId,
      reader: 'fp-door',
      jpeg,
      capturedAt: handle.clock.now(),
    });
    const [envelope] = recorder.record([
      {
        type: 'face.captured',
        body: {
          handoverId,
          captureId,
          personId,
          reader: 'fp-door',
          jpegSha256: sha256Hex(jpeg),
          bytes: jpeg.length,
        },
        ts: handle.clock.now(),
      },
    ]);
    return envelope!;
  };
  /** The centre stored every event so far. */
  const ackAll = () => {
    handle.store.events.ackUpTo(handle.store.events.lastSeq());
    uplink.acked();
  };
  const settle = (captureId: string) => uplink.command({ cmd: 'face-result', captureId, outcome: 'stored' });
  return {
    handle,
    uplink,
    jpegs,
    capture,
    ackAll,
    settle,
    get delivery(): FaceDelivery {
      return delivery;
    },
    get recorder() {
      return recorder;
    },
    restart() {
      delivery.stop();
      handle.reopen();
      ({ recorder, delivery } = newDelivery());
      delivery.start();
    },
    sent: () => uplink.ids('captureId'),
  };
}

let world: ReturnType<typeof setup> | undefined;
afterEach(() => {
  world?.delivery.stop();
  world?.handle.dispose();
  world = undefined;
});

describe('face delivery to the centre', () => {
  it('queues a hand-over’s capture with its signed event, and not a capture outside a hand-over', () => {
    world = setup();
    const envelope = world.capture('CAP-1', 'E1001');
    world.capture('CAP-0', undefined, null);
    expect(world.handle.store.faceOutbox.unsettled()).toEqual([
      {
        captureId: 'CAP-1',
        handoverId: HANDOVER,
        personId: 'E1001',
        eventSeq: envelope.seq,
        createdAt: world.handle.clock.now(),
      },
    ]);
    // Written in the event's transaction: an event that fails to append leaves no queue row either.
    world.recorder.onAppending(() => {
      throw new Error('disk full');
    });
    expect(() => world!.capture('CAP-2', 'E1002')).toThrow('disk full');
    expect(world.handle.store.events.lastSeq()).toBe(envelope.seq + 1);
    expect(world.handle.store.faceOutbox.get('CAP-2')).toBeUndefined();
  });

  it('sends a capture only after the centre acknowledged its event, with the JPEG as stored', async () => {
    world = setup();
    world.uplink.connected = true;
    world.delivery.start();
    world.capture('CAP-1', 'E1001');
    world.delivery.sender.queued();
    await world.delivery.sender.idle();
    expect(world.uplink.published).toEqual([]);

    world.ackAll();
    await world.delivery.sender.idle();
    expect(world.uplink.published).toHaveLength(1);
    const [message] = world.uplink.published;
    expect(message?.topic).toBe(TOPIC);
    expect(Object.keys(message!.payload).sort()).toEqual([
      'captureId',
      'handoverId',
      'jpegBase64',
      'personId',
    ]);
    expect(message?.payload).toMatchObject({ captureId: 'CAP-1', handoverId: HANDOVER, personId: 'E1001' });
    expect(
      Buffer.from(message!.payload.jpegBase64, 'base64').equals(Buffer.from(world.jpegs.get('CAP-1')!)),
    ).toBe(true);
    expect(world.handle.store.faceOutbox.get('CAP-1')).toMatchObject({ sentAt: world.handle.clock.now() });
  });

  it('keeps at most three captures unanswered and sends the next as the centre answers', async () => {
    world = setup();
    world.uplink.connected = true;
    world.delivery.start();
    for (const id of ['CAP-1', 'CAP-2', 'CAP-3', 'CAP-4', 'CAP-5']) world.capture(id, 'E1001');
    world.ackAll();
    await world.delivery.sender.idle();
    expect(world.sent()).toEqual(['CAP-1', 'CAP-2', 'CAP-3']);
    world.settle('CAP-2');
    await world.delivery.sender.idle();
    expect(world.sent()).toEqual(['CAP-1', 'CAP-2', 'CAP-3', 'CAP-4']);
    expect(world.handle.store.faceOutbox.get('CAP-2')).toMatchObject({ outcome: 'stored' });
    expect(world.handle.store.faceOutbox.unsettledCount()).toBe(4);
  });

  it('keeps unanswered captures across a restart and sends them again on reconnection and on request', async () => {
    world = setup();
    world.delivery.start();
    world.capture('CAP-1', 'E1001');
    world.capture('CAP-2', 'E1002');
    world.ackAll();
    await world.delivery.sender.idle();
    expect(world.sent()).toEqual([]);

    world.restart();
    world.uplink.connect();
    await world.delivery.sender.idle();
    expect(world.sent()).toEqual(['CAP-1', 'CAP-2']);
    world.settle('CAP-1');
    // A new connection: everything unanswered goes again.
    await world.handle.clock.advance(1_000);
    world.uplink.connect();
    await world.delivery.sender.idle();
    expect(world.sent()).toEqual(['CAP-1', 'CAP-2', 'CAP-2']);
    world.uplink.command({ cmd: 'face-resend', captureId: 'CAP-2' });
    await world.delivery.sender.idle();
    expect(world.sent()).toEqual(['CAP-1', 'CAP-2', 'CAP-2', 'CAP-2']);
    world.uplink.command({
      cmd: 'face-result',
      captureId: 'CAP-2',
      outcome: 'refused',
      reason: 'past retention',
    });
    expect(world.handle.store.faceOutbox.get('CAP-2')).toMatchObject({
      outcome: 'refused',
      reason: 'past retention',
    });
    expect(world.handle.store.faceOutbox.unsettled()).toEqual([]);
  });

  it('drops a capture the retention period deleted before it was sent, and never sends it', async () => {
    world = setup();
    world.delivery.start();
    world.capture('CAP-OLD', 'E1001');
    await world.handle.clock.advance(2 * DAY_MS);
    world.capture('CAP-NEW', 'E1002');
    world.ackAll();
    const retention = new FaceRetention({
      store: world.handle.store,
      recorder: world.recorder,
      clock: world.handle.clock,
      retentionDays: 1,
      logger: silentLogger,
    });
    try {
      // CAP-NEW is a moment old, CAP-OLD two days: only CAP-OLD goes, its queue row with it.
      expect(retention.sweep()).toBe(1);
    } finally {
      retention.stop();
    }
    expect(world.handle.store.faceOutbox.get('CAP-OLD')).toBeUndefined();
    world.uplink.connect();
    await world.delivery.sender.idle();
    expect(world.sent()).toEqual(['CAP-NEW']);
  });

  it('drops a queued capture whose JPEG is gone by the time it would be sent', async () => {
    world = setup();
    world.delivery.start();
    world.capture('CAP-1', 'E1001');
    world.capture('CAP-2', 'E1002');
    world.ackAll();
    // Deleted behind the queue's back (not through FaceRetention): the sender finds no JPEG to send.
    world.handle.store.faces.purgeOlderThan(world.handle.clock.now() + 1);
    world.handle.store.faces.insert({
      captureId: 'CAP-2',
      handoverId: HANDOVER,
      personId: 'E1002',
      reader: 'fp-door',
      jpeg: world.jpegs.get('CAP-2')!,
      capturedAt: world.handle.clock.now(),
    });
    world.uplink.connect();
    await world.delivery.sender.idle();
    expect(world.sent()).toEqual(['CAP-2']);
    expect(world.handle.store.faceOutbox.get('CAP-1')).toBeUndefined();
  });
});
