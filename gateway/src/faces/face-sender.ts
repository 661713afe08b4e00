import type { Clock, Logger } from '@vaultline/shared';
import { topics } from '@vaultline/shared/contract/mqtt-topics';
import type { FaceCaptureRepo } from '../store/face-capture-repo.ts';
import type { FaceOutboxRepo, QueuedFace } from '../store/face-outbox-repo.ts';
import { AnsweredSender, type SenderUplink } from '../uplink/answered-sender.ts';
import { facePayload } from './face-queue.ts';

export interface FaceSenderOptions {
  gatewayId: string;
  outbox: FaceOutboxRepo;
  faces: Pick<FaceCaptureRepo, 'get'>;
  /** null: an offline-only gateway; captures wait in the queue (and go with their retention). */
  uplink: SenderUplink | null;
  clock: Clock;
  logger: Logger;
  /** A capture the centre has not answered goes again after this long, ms (default 60 s). */
  retryMs?: number;
  /** Captures sent and not yet answered at a time (default 3): each is ~10–40 KB on a branch line. */
  maxInFlight?: number;
}

const DEFAULT_MAX_IN_FLIGHT = 3;

/**
 * Delivers hand-overs' face captures on `vl/v1/gw/{id}/face` (QoS 1) as an `AnsweredSender`: only once
 * the centre acknowledged the capture's `face.captured` event (alarms and records go first), a few at a
 * time, again on reconnection, on the centre's `face-resend` and after `retryMs` without an answer. A
 * capture leaves the queue with the centre's `face-result`; one whose JPEG the retention period already
 * deleted is dropped and never sent.
 */
export class FaceSender extends AnsweredSender<QueuedFace> {
  constructor(options: FaceSenderOptions) {
    const { outbox, faces, logger } = options;
    super({
      what: 'face capture',
      topic: topics.gatewayFace(options.gatewayId),
      outbox,
      sendable: () => outbox.deliverable(),
      idOf: (entry) => entry.captureId,
      payloadOf: (entry) => {
        const capture = faces.get(entry.captureId);
        return capture ? JSON.stringify(facePayload(entry, capture)) : undefined;
      },
      discard: (entry) => {
        outbox.drop([entry.captureId]);
        logger.warn(
          { captureId: entry.captureId },
          'face capture deleted before it reached the centre; dropped from the queue',
        );
      },
      command: (cmd) => {
        if (cmd.cmd === 'face-resend') return { resend: cmd.captureId };
        if (cmd.cmd === 'face-result')
          return { settle: cmd.captureId, outcome: cmd.outcome, reason: cmd.reason };
        return undefined;
      },
      refusedHint: 'the capture stays here until its retention period ends',
      uplink: options.uplink,
      clock: options.clock,
      logger,
      maxInFlight: options.maxInFlight ?? DEFAULT_MAX_IN_FLIGHT,
      ...(options.retryMs === undefined ? {} : { retryMs: options.retryMs }),
    });
  }
}
