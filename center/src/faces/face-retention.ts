import type { Clock, Logger, TimerHandle } from '@vaultline/shared';
import type { AuditLog } from '../ports.ts';
import type { FaceCaptureRepo } from '../store/face-capture-repo.ts';
import { retentionCutoff } from './face-retention-period.ts';

const SWEEP_EVERY_MS = 60 * 60 * 1000;

export interface CentreFaceRetentionOptions {
  faces: Pick<FaceCaptureRepo, 'expire'>;
  audit: AuditLog;
  /** Runs the deletion and its audit entries in one transaction (`CentreStore.transaction`). */
  transaction: <T>(fn: () => T) => T;
  retentionDays: number;
  clock: Clock;
  logger: Logger;
}

/**
 * Face captures are personal biometric data (DESIGN §9): the centre deletes each JPEG once it is older
 * than the retention period (counted from when the gateway took it), and records every deletion in the
 * audit log — by `system`, with the capture's ids, never the image. Sweeps at start and every hour.
 */
export class CentreFaceRetention {
  private timer: TimerHandle | undefined;
  private readonly logger: Logger;

  constructor(private readonly options: CentreFaceRetentionOptions) {
    this.logger = options.logger.child({ component: 'center.faces' });
  }

  start(): void {
    this.sweep();
  }

  stop(): void {
    if (this.timer !== undefined) this.options.clock.clearTimeout(this.timer);
    this.timer = undefined;
  }

  /** Deletes expired captures now; returns how many. */
  sweep(): number {
    const { faces, audit, transaction, clock, retentionDays } = this.options;
    if (this.timer !== undefined) clock.clearTimeout(this.timer);
    const now = clock.now();
    const deleted = transaction(() => {
      const expired = faces.expire(retentionCutoff(now, retentionDays), now, retentionDays);
      for (const capture of expired) {
        audit.append({
          at: now,
          actor: 'system',
          action: 'face.deleted',
          target: capture.captureId,
          detail: {
            reason: 'retention',
            retentionDays,
            gatewayId: capture.gatewayId,
            handoverId: capture.handoverId,
            ...(capture.personId === undefined ? {} : { personId: capture.personId }),
            capturedAt: new Date(capture.capturedAt).toISOString(),
          },
        });
      }
      return expired.length;
    });
    if (deleted > 0) this.logger.info({ deleted, retentionDays }, 'face captures past retention deleted');
    this.timer = clock.setTimeout(() => this.sweep(), SWEEP_EVERY_MS);
    return deleted;
  }
}
