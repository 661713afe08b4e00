import type { KeyObject } from 'node:crypto';
import type { Clock, Logger } from '@vaultline/shared';
import { decryptTemplate, verifySitePlan } from '@vaultline/shared/plan/plan-bundle';
import type { SitePlan } from '@vaultline/shared/plan/plan-schema';
import type { GatewayStore } from '../store/open-store.ts';
import type { EventRecorder } from './event-recorder.ts';

/**
 * Holds the day's signed plan. A bundle — from the centre or from a file on removable media — is
 * accepted only with a valid centre signature, for this gateway and site, and with a higher version than
 * the one held; then it is persisted and announced (`plan.accepted`), and the fingerprint modules are
 * synced to the people it lists.
 */
export class PlanService {
  private plan: SitePlan | null;
  private readonly listeners = new Set<(plan: SitePlan) => void>();

  constructor(
    private readonly options: {
      store: GatewayStore;
      recorder: EventRecorder;
      centrePublicKey: KeyObject;
      encryptionKey: KeyObject;
      gatewayId: string;
      siteId: string;
      clock: Clock;
      logger: Logger;
    },
  ) {
    this.plan = options.store.plans.current()?.plan ?? null;
  }

  current(): SitePlan | null {
    return this.plan;
  }

  /** Verifies and accepts a signed bundle; throws the verifier's typed error (signature, target, version…). */
  async importBundle(jws: string, source: 'centre' | 'file'): Promise<SitePlan> {
    const { store, recorder, centrePublicKey, gatewayId, siteId, clock, logger } = this.options;
    const current = store.plans.current();
    let plan: SitePlan;
    try {
      plan = await verifySitePlan(jws, centrePublicKey, {
        gatewayId,
        siteId,
        currentVersion: current?.version,
      });
    } catch (error) {
      logger.warn({ err: error, source }, 'plan bundle refused');
      throw error;
    }
    const acceptedAt = clock.now();
    store.transaction(() => {
      store.plans.accept({ version: plan.version, jws: jws.trim(), plan, acceptedAt });
      recorder.record([
        {
          type: 'plan.accepted',
          body: {
            planId: plan.planId,
            version: plan.version,
            date: plan.date,
            source,
            runs: plan.runs.length,
          },
          ts: acceptedAt,
        },
      ]);
    });
    this.plan = plan;
    logger.info({ planId: plan.planId, version: plan.version, source }, 'plan accepted');
    for (const listener of this.listeners) listener(plan);
    return plan;
  }

  /**
   * Picks up a plan accepted by another process (`vaultline-gateway plan import` while the gateway runs).
   * The bundle was verified by that process before it was stored.
   */
  refresh(): void {
    const stored = this.options.store.plans.current();
    if (!stored || stored.version <= (this.plan?.version ?? 0)) return;
    this.plan = stored.plan;
    this.options.logger.info(
      { planId: stored.plan.planId, version: stored.version },
      'plan imported from file picked up',
    );
    for (const listener of this.listeners) listener(stored.plan);
  }

  onPlan(listener: (plan: SitePlan) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** The decrypted fingerprint templates of everybody the plan lists, for the readers' template stores. */
  async templates(plan: SitePlan): Promise<Array<{ personId: string; template: Uint8Array }>> {
    const entries: Array<{ personId: string; template: Uint8Array }> = [];
    for (const person of plan.people) {
      for (const jwe of person.templates) {
        entries.push({
          personId: person.personId,
          template: await decryptTemplate(jwe, this.options.encryptionKey),
        });
      }
    }
    return entries;
  }
}
