import type { Clock, Logger, TimerHandle } from '@vaultline/shared';
import type { GatewayStore } from '../store/open-store.ts';
import type { EventRecorder } from './event-recorder.ts';

const DAY_MS = 24 * 60 * 60 * 1000;
const SWEEP_EVERY_MS = 60 * 60 * 1000;

/**
 * Face captures are personal biometric data (DESIGN §9): deleted once older than the retention period,
 * and every deletion recorded in the signed chain (`face.deleted`) so an auditor can see it happened.
 * A deleted capture still queued for the centre leaves the queue with it.
 */
export class FaceRetention {
  private timer: TimerHandle | undefined;

  constructor(
    private readonly options: {
      store: GatewayStore;
      recorder: EventRecorder;
      clock: Clock;
      retentionDays: number;
      logger: Logger;
    },
  ) {}

  start(): void {
    this.sweep();
  }

  stop(): void {
    if (this.timer) this.options.clock.clearTimeout(this.timer);
    this.timer = undefined;
  }

  /** Deletes expired captures now; returns how many. */
  sweep(): number {
    const { store, recorder, clock, retentionDays, logger } = this.options;
    const cutoff = clock.now() - retentionDays * DAY_MS;
    let unsent: string[] = [];
    const deleted = store.transaction(() => {
      const purged = store.faces.purgeOlderThan(cutoff);
      // A capture the centre has not taken yet goes with its JPEG: it is never sent after this.
      unsent = store.faceOutbox.drop(purged.map((p) => p.captureId));
      if (purged.length > 0) {
        recorder.record([
          {
            type: 'face.deleted',
            body: {
              reason: 'retention',
              retentionDays,
              count: purged.length,
              captures: purged.map((p) => ({
                captureId: p.captureId,
                personId: p.personId ?? null,
                capturedAt: new Date(p.capturedAt).toISOString(),
              })),
            },
            ts: clock.now(),
          },
        ]);
      }
      return purged.length;
    });
    if (deleted > 0) logger.info({ deleted, retentionDays }, 'face captures past retention deleted');
    if (unsent.length > 0) {
      logger.warn(
        { captureIds: unsent, retentionDays },
        'face captures deleted before the centre stored them; they will not reach it',
      );
    }
    this.timer = clock.setTimeout(() => this.sweep(), SWEEP_EVERY_MS);
    return deleted;
  }
}
