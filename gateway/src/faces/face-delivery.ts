import type { Clock, Logger } from '@vaultline/shared';
import type { EventRecorder } from '../runtime/event-recorder.ts';
import type { GatewayStore } from '../store/open-store.ts';
import type { SenderUplink } from '../uplink/answered-sender.ts';
import { capturesToQueue } from './face-queue.ts';
import { FaceSender } from './face-sender.ts';

/** The uplink as face delivery uses it: own-topic publishing, commands, and the centre's acks. */
export interface FaceUplink extends SenderUplink {
  /** Called after acknowledgements from the centre were written to the outbox. */
  onEventsAcked(listener: () => void): () => void;
}

export interface FaceDelivery {
  sender: FaceSender;
  start(): void;
  stop(): void;
}

/**
 * Face captures of hand-overs on their way to the centre: each `face.captured` of a hand-over is queued
 * in the transaction that signs it (so the queue holds exactly the captures the chain vouches for; a
 * capture stored by a step that was then lost never goes), and sent once the centre acknowledged that
 * event.
 */
export function createFaceDelivery(parts: {
  gatewayId: string;
  store: GatewayStore;
  recorder: EventRecorder;
  uplink: FaceUplink | null;
  clock: Clock;
  logger: Logger;
  retryMs?: number;
}): FaceDelivery {
  const { store, recorder, uplink, clock } = parts;
  const logger = parts.logger.child({ component: 'gateway.faces' });
  const sender = new FaceSender({
    gatewayId: parts.gatewayId,
    outbox: store.faceOutbox,
    faces: store.faces,
    uplink,
    clock,
    logger,
    ...(parts.retryMs === undefined ? {} : { retryMs: parts.retryMs }),
  });
  const unsubscribe: Array<() => void> = [
    recorder.onAppending((envelopes) => {
      for (const entry of capturesToQueue(envelopes, clock.now())) store.faceOutbox.enqueue(entry);
    }),
  ];
  return {
    sender,
    start: () => {
      if (uplink) unsubscribe.push(uplink.onEventsAcked(() => sender.queued()));
      sender.start();
    },
    stop: () => {
      for (const off of unsubscribe.splice(0)) off();
      sender.stop();
    },
  };
}
