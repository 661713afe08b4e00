import type { Clock, Logger } from '@vaultline/shared';
import { topics } from '@vaultline/shared/contract/mqtt-topics';
import type { EnrolmentOutboxRepo, QueuedEnrolment } from '../store/enrolment-outbox-repo.ts';
import { AnsweredSender, type SenderUplink } from '../uplink/answered-sender.ts';

/** The part of the uplink the sender uses (MqttUplink). */
export type EnrolmentUplink = SenderUplink;

export interface EnrolmentSenderOptions {
  gatewayId: string;
  outbox: EnrolmentOutboxRepo;
  /** null: an offline-only gateway; enrolments wait in the queue. */
  uplink: EnrolmentUplink | null;
  clock: Clock;
  logger: Logger;
  /** An enrolment the centre has not answered goes again after this long, ms (default 60 s). */
  retryMs?: number;
}

/**
 * Delivers queued branch enrolments on `vl/v1/gw/{id}/enrol` (QoS 1) as an `AnsweredSender`: at once
 * when one is queued, all unanswered ones on every (re)connection, again when the centre asks
 * (`enrolment-resend`: its chain has the event but not the message), and again after `retryMs` without
 * an answer. An enrolment leaves the queue only with the centre's `enrolment-result` (stored or refused).
 */
export class EnrolmentSender extends AnsweredSender<QueuedEnrolment> {
  constructor(options: EnrolmentSenderOptions) {
    const { outbox } = options;
    super({
      what: 'enrolled template',
      topic: topics.gatewayEnrol(options.gatewayId),
      outbox,
      sendable: () => outbox.unsettled(),
      idOf: (entry) => entry.enrolmentId,
      payloadOf: (entry) => JSON.stringify(entry.payload),
      command: (cmd) => {
        if (cmd.cmd === 'enrolment-resend') return { resend: cmd.enrolmentId };
        if (cmd.cmd === 'enrolment-result')
          return { settle: cmd.enrolmentId, outcome: cmd.outcome, reason: cmd.reason };
        return undefined;
      },
      refusedHint: 'enrol the person again',
      uplink: options.uplink,
      clock: options.clock,
      logger: options.logger,
      ...(options.retryMs === undefined ? {} : { retryMs: options.retryMs }),
    });
  }
}
