import type { KeyObject } from 'node:crypto';
import type { Clock, Logger, TimerHandle } from '@vaultline/shared';
import type { CentreStore } from '../store/open-store.ts';
import type { StoredPlan } from './day-plan-builder.ts';
import { PlanBook, type PlanVersionSummary } from './plan-book.ts';
import type { PlanProblem } from './plan-problems.ts';
import type { PlanPublisher } from './plan-publisher.ts';
import { type GatewayPublicationView, PlanPublishing, type PublicationOutcome } from './plan-publishing.ts';
import type { Checked } from './plan-validation.ts';
import { bundleVersion } from './plan-versions.ts';

/**
 * Dispatch plans from the vault manager's draft to every gateway (DESIGN §3): validate, store as the
 * day's next version, and publish each gateway the signed bundle of its site. A gateway holds one plan,
 * so only today's plan is published; a plan for a later day is stored and published when its day begins
 * (the periodic check), as are versions stored by another process (`vaultline-center plan import`) and
 * bundles for gateways registered since.
 */

export interface PlanServiceDeps {
  store: Pick<
    CentreStore,
    | 'plans'
    | 'planPublications'
    | 'gateways'
    | 'sites'
    | 'people'
    | 'boxes'
    | 'vehicles'
    | 'audit'
    | 'transaction'
  >;
  /** The centre's Ed25519 signing key (CentreKeys.signingKey). */
  signingKey: KeyObject;
  publisher: PlanPublisher;
  clock: Clock;
  logger: Logger;
  /** The service day now, YYYY-MM-DD (default: the clock's UTC date, as the run tracker uses). */
  today?: () => string;
  /** How often to look for bundles due (a new day, a gateway registered, a failed publish); default 5 s. */
  checkEveryMs?: number;
  /** How long the broker may take to acknowledge a bundle (default 10 s). */
  publishTimeoutMs?: number;
  /** Told of every version stored here (the centre's run tracker picks up today's at once). */
  onStored?: (plan: StoredPlan) => void;
}

export type PlanOutcome =
  | {
      ok: true;
      date: string;
      version: number;
      /** The version gateways see in the bundle (plan-versions.ts). */
      bundleVersion: number;
      runs: number;
      /** One per gateway sent something now; empty for a later day (published when it begins). */
      publications: PublicationOutcome[];
    }
  | { ok: false; problems: PlanProblem[] };

const DEFAULT_CHECK_EVERY_MS = 5_000;
/** Who publishes when nobody asked: day start, a new gateway, a retry. */
const CENTRE_ACTOR = 'centre';

export class PlanService {
  private readonly book: PlanBook;
  private readonly publishing: PlanPublishing;
  private readonly logger: Logger;
  private timer: TimerHandle | undefined;
  private running = false;

  constructor(private readonly deps: PlanServiceDeps) {
    this.logger = deps.logger.child({ component: 'center.plans' });
    this.book = new PlanBook(deps.store, deps.clock);
    this.publishing = new PlanPublishing({ ...deps, logger: this.logger });
  }

  /** Validates and stores a whole day's plan (plan-draft.ts) as its next version; publishes it if it is today's. */
  submit(draft: unknown, actor: string): Promise<PlanOutcome> {
    return this.publishStored(this.book.submit(draft, actor, this.today()), actor);
  }

  /** The same from a CSV file (plan-csv.ts); problems point at `line N, column X`. */
  submitCsv(text: string, actor: string, options: { date?: string } = {}): Promise<PlanOutcome> {
    return this.publishStored(this.book.submitCsv(text, actor, this.today(), options), actor);
  }

  /**
   * An ad-hoc task (temporary transfer, ATM replenishment): a new version of `date` with `run` added,
   * published at once to the gateways of the sites it stops at; the others keep what they hold.
   */
  addAdHocRun(date: string, run: unknown, actor: string): Promise<PlanOutcome> {
    return this.publishStored(this.book.addRun(date, run, actor, this.today()), actor);
  }

  /** The newest version of `date`. */
  current(date: string): StoredPlan | undefined {
    return this.book.current(date);
  }

  versions(date: string): PlanVersionSummary[] {
    return this.book.versions(date);
  }

  /** Per registered gateway: what it was sent of `date`, whether that is all it needs, and if not, why. */
  publications(date: string): GatewayPublicationView[] {
    return this.publishing.view(date);
  }

  /** Sends a gateway today's plan if it lacks it (call after registering or re-provisioning it). */
  publishTo(gatewayId: string): Promise<PublicationOutcome[]> {
    return this.publishing.due(this.today(), CENTRE_ACTOR, gatewayId);
  }

  /**
   * At centre start: the embedded broker's retained messages did not survive the restart, so each
   * gateway's last bundle of today is published again, unchanged; then whatever is due.
   */
  async republishLatest(): Promise<void> {
    const today = this.today();
    const count = await this.publishing.republish(today);
    if (count > 0) this.logger.info({ date: today, gateways: count }, 'plans republished');
    await this.publishing.due(today, CENTRE_ACTOR);
  }

  /** Looks for due bundles every `checkEveryMs`. */
  start(): void {
    if (this.running) return;
    this.running = true;
    this.schedule();
  }

  async stop(): Promise<void> {
    this.running = false;
    if (this.timer !== undefined) this.deps.clock.clearTimeout(this.timer);
    this.timer = undefined;
    await this.publishing.idle();
  }

  today(): string {
    return this.deps.today?.() ?? new Date(this.deps.clock.now()).toISOString().slice(0, 10);
  }

  private schedule(): void {
    this.timer = this.deps.clock.setTimeout(() => {
      void this.publishing
        .due(this.today(), CENTRE_ACTOR)
        .catch((error: unknown) => this.logger.error({ err: error }, 'publishing due plans failed'))
        .finally(() => {
          if (this.running) this.schedule();
        });
    }, this.deps.checkEveryMs ?? DEFAULT_CHECK_EVERY_MS);
  }

  private async publishStored(stored: Checked<StoredPlan>, actor: string): Promise<PlanOutcome> {
    if (!stored.ok) return stored;
    this.deps.onStored?.(stored.value);
    const { date, version, runs } = stored.value;
    const publications = date === this.today() ? await this.publishing.due(date, actor) : [];
    return {
      ok: true,
      date,
      version,
      bundleVersion: bundleVersion(date, version),
      runs: runs.length,
      publications,
    };
  }
}
