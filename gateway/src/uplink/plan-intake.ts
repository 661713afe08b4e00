import type { Logger } from '@vaultline/shared';
import { PlanError } from '@vaultline/shared/plan/plan-errors';

/** What the uplink needs of the gateway's PlanService. */
export interface UplinkPlans {
  /** The signed bundle held now, as accepted (to recognise a retained re-delivery). */
  heldJws(): string | undefined;
  heldVersion(): number | null;
  /** Verifies and accepts a bundle from the centre; rejects with the verifier's typed error. */
  importBundle(jws: string): Promise<unknown>;
}

/**
 * Refused bundles remembered (oldest forgotten first). A persistent session may re-deliver several
 * queued bundles after a reconnection, not only the retained one; a handful covers that.
 */
const REFUSED_REMEMBERED = 16;

export type PlanIntakeOutcome = 'accepted' | 'held' | 'refused' | 'already-refused';

/**
 * Takes the retained `plan` bundles the broker delivers. The broker re-delivers the same retained bundle
 * on every reconnect: the bundle already held is a no-op, and a bundle refused once is not tried (nor
 * logged) again, so a refused plan can neither loop nor flood the log. Imports run one at a time.
 */
export class PlanIntake {
  private readonly refused = new Set<string>();
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly plans: UplinkPlans,
    private readonly logger: Logger,
  ) {}

  offer(jws: string): Promise<PlanIntakeOutcome> {
    const result = this.queue.then(() => this.take(jws.trim()));
    this.queue = result;
    return result;
  }

  /** Resolves once every bundle offered so far is handled. */
  idle(): Promise<void> {
    return this.queue.then(() => undefined);
  }

  private async take(jws: string): Promise<PlanIntakeOutcome> {
    if (jws === this.plans.heldJws()) {
      this.logger.debug({ version: this.plans.heldVersion() }, 'retained plan is the one held');
      return 'held';
    }
    if (this.refused.has(jws)) {
      this.logger.debug('retained plan was refused before; ignored');
      return 'already-refused';
    }
    try {
      await this.plans.importBundle(jws);
      return 'accepted';
    } catch (error) {
      // Only the bundle's own fault is final; a store failure (disk full, locked) may pass on a re-delivery.
      if (error instanceof PlanError) this.remember(jws);
      // PlanService logged the verifier's reason; this says what the gateway does next.
      this.logger.warn(
        { err: error, heldVersion: this.plans.heldVersion() },
        'plan from the centre refused; the gateway keeps its current plan until the centre publishes a valid newer one',
      );
      return 'refused';
    }
  }

  private remember(jws: string): void {
    this.refused.add(jws);
    const oldest = this.refused.values().next().value;
    if (this.refused.size > REFUSED_REMEMBERED && oldest !== undefined) this.refused.delete(oldest);
  }
}
