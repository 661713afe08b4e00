import type { KeyObject } from 'node:crypto';
import type { Clock, Logger } from '@vaultline/shared';
import { topics } from '@vaultline/shared/contract/mqtt-topics';
import type { RegisteredGateway } from '../ports.ts';
import type { CentreStore } from '../store/open-store.ts';
import type { StoredPlan } from './day-plan-builder.ts';
import type { PlanPublisher } from './plan-publisher.ts';
import { bundleVersion } from './plan-versions.ts';
import { type BundleSources, buildSiteBundle, type NotPublishableCode } from './site-bundles.ts';

/**
 * Sends each gateway the signed bundle of its site, retained (QoS 1) on its `plan` topic, and records
 * what was sent. A gateway that cannot have its bundle, or whose bundle the broker did not take, is
 * remembered with the reason (shown by `view`, logged and audited once) and tried again by `due`.
 * Everything that publishes runs one at a time, so two callers never race to one gateway.
 */

export type PublicationProblemCode = NotPublishableCode | 'publish.failed';

export type PublicationOutcome = { gatewayId: string; siteId: string } & (
  | { ok: true; version: number; bundleVersion: number; publishedAt: number }
  | { ok: false; code: PublicationProblemCode; reason: string }
);

/** Per gateway, for the console: what it was sent of the day, and whether that is all it needs. */
export interface GatewayPublicationView {
  gatewayId: string;
  siteId: string;
  /** The day's version it was last sent; absent when it was sent none. */
  published?: { version: number; bundleVersion: number; publishedAt: number };
  /** It holds every change of the day's plan that concerns its site (versions that do not, it need not get). */
  upToDate: boolean;
  /** Why it does not have the version it needs. */
  problem?: { code: PublicationProblemCode; reason: string };
}

export interface PublishingDeps {
  store: Pick<CentreStore, 'plans' | 'planPublications' | 'gateways' | 'people' | 'vehicles' | 'audit'>;
  signingKey: KeyObject;
  publisher: PlanPublisher;
  clock: Clock;
  logger: Logger;
  /** How long the broker may take to acknowledge a bundle before it counts as not sent (default 10 s). */
  publishTimeoutMs?: number;
}

interface Failure {
  date: string;
  version: number;
  code: PublicationProblemCode;
  reason: string;
  /** A bundle signed but not acknowledged: sent again as it is, so a late delivery and the retry agree. */
  jws?: string;
}

const DEFAULT_PUBLISH_TIMEOUT_MS = 10_000;

export class PlanPublishing {
  private queue: Promise<unknown> = Promise.resolve();
  private readonly failures = new Map<string, Failure>();
  /** Sites each stored version changed (`all` for a whole plan), by `date#version`; versions never change. */
  private readonly scopes = new Map<string, 'all' | ReadonlySet<string>>();
  private readonly sources: BundleSources;

  constructor(private readonly deps: PublishingDeps) {
    this.sources = {
      people: deps.store.people,
      vehicle: (id) => deps.store.vehicles.get(id),
      signingKey: deps.signingKey,
    };
  }

  /**
   * Sends the latest version of `date` to every gateway (or only `gatewayId`) that lacks a change
   * concerning its site: all of them after a whole plan, the affected ones after an ad-hoc run, a gateway
   * registered since, and those a bundle did not reach before.
   */
  due(date: string, actor: string, gatewayId?: string): Promise<PublicationOutcome[]> {
    return this.serial(async () => {
      const latest = this.deps.store.plans.get<StoredPlan>(date);
      if (!latest) return [];
      const sent = this.deps.store.planPublications.latestOfDay(date);
      const lacking = this.deps.store.gateways.list().filter((gateway) => {
        if (gatewayId !== undefined && gateway.gatewayId !== gatewayId) return false;
        const last = sent.get(gateway.gatewayId);
        const dueVersion = this.dueVersion(date, gateway.siteId);
        return dueVersion > 0 && (!last || last.siteId !== gateway.siteId || last.version < dueVersion);
      });
      const outcomes: PublicationOutcome[] = [];
      for (const gateway of lacking) outcomes.push(await this.publishOne(latest.plan, gateway, actor));
      return outcomes;
    });
  }

  /** Publishes again, unchanged, the last bundle of `date` each gateway was sent (a broker lost its retained messages). */
  republish(date: string): Promise<number> {
    return this.serial(async () => {
      const sent = this.deps.store.planPublications.latestOfDay(date);
      let count = 0;
      for (const publication of sent.values()) {
        try {
          await this.send(publication.gatewayId, publication.jws);
          count++;
        } catch (error) {
          this.deps.logger.warn({ err: error, gatewayId: publication.gatewayId }, 'plan not republished');
        }
      }
      return count;
    });
  }

  view(date: string): GatewayPublicationView[] {
    const sent = this.deps.store.planPublications.latestOfDay(date);
    return this.deps.store.gateways.list().map((gateway) => {
      const last = sent.get(gateway.gatewayId);
      const published =
        last && last.siteId === gateway.siteId
          ? {
              version: last.version,
              bundleVersion: bundleVersion(date, last.version),
              publishedAt: last.publishedAt,
            }
          : undefined;
      const dueVersion = this.dueVersion(date, gateway.siteId);
      const view: GatewayPublicationView = {
        gatewayId: gateway.gatewayId,
        siteId: gateway.siteId,
        ...(published ? { published } : {}),
        upToDate: dueVersion === 0 || (published?.version ?? 0) >= dueVersion,
      };
      const failure = this.failures.get(gateway.gatewayId);
      if (!view.upToDate && failure?.date === date)
        view.problem = { code: failure.code, reason: failure.reason };
      else if (!view.upToDate && !gateway.encryptionPublicKey) {
        view.problem = {
          code: 'gateway.no_encryption_key',
          reason: `gateway ${gateway.gatewayId} has no encryption key registered; register the key it printed at init`,
        };
      }
      return view;
    });
  }

  /** Resolves once everything queued so far has been published (or failed). */
  idle(): Promise<void> {
    return this.queue.then(() => undefined);
  }

  /** The highest version of `date` that changed something at `siteId`; 0 when there is none. */
  private dueVersion(date: string, siteId: string): number {
    const versions = this.deps.store.plans.versions(date);
    for (let i = versions.length - 1; i >= 0; i--) {
      const version = versions[i] as number;
      const scope = this.scopeOf(date, version);
      if (scope === 'all' || scope.has(siteId)) return version;
    }
    return 0;
  }

  private scopeOf(date: string, version: number): 'all' | ReadonlySet<string> {
    const key = `${date}#${version}`;
    let scope = this.scopes.get(key);
    if (!scope) {
      const change = this.deps.store.plans.get<StoredPlan>(date, version)?.plan.change;
      scope = change?.kind === 'ad-hoc' ? new Set(change.sites) : 'all';
      this.scopes.set(key, scope);
    }
    return scope;
  }

  private async publishOne(
    plan: StoredPlan,
    gateway: RegisteredGateway,
    actor: string,
  ): Promise<PublicationOutcome> {
    const { gatewayId, siteId } = gateway;
    const earlier = this.failures.get(gatewayId);
    let jws = earlier?.date === plan.date && earlier.version === plan.version ? earlier.jws : undefined;
    if (!jws) {
      const bundle = await buildSiteBundle(plan, gateway, this.sources, this.deps.clock.now()).catch(
        (error: Error) => ({ ok: false as const, code: 'bundle.invalid' as const, reason: error.message }),
      );
      if (!bundle.ok) return this.failed(plan, gateway, actor, { code: bundle.code, reason: bundle.reason });
      jws = bundle.jws;
    }
    try {
      await this.send(gatewayId, jws);
    } catch (error) {
      const reason = `the broker did not take the bundle (${(error as Error).message}); it is sent again within seconds`;
      return this.failed(plan, gateway, actor, { code: 'publish.failed', reason, jws });
    }
    const record = this.deps.store.planPublications.record({
      gatewayId,
      date: plan.date,
      version: plan.version,
      siteId,
      jws,
    });
    this.failures.delete(gatewayId);
    const version = bundleVersion(plan.date, plan.version);
    this.deps.store.audit.append({
      at: record.publishedAt,
      actor,
      action: 'plan.published',
      target: `gateway:${gatewayId}`,
      detail: { date: plan.date, version: plan.version, bundleVersion: version, siteId },
    });
    this.deps.logger.info({ gatewayId, date: plan.date, version: plan.version }, 'plan published');
    return {
      gatewayId,
      siteId,
      ok: true,
      version: plan.version,
      bundleVersion: version,
      publishedAt: record.publishedAt,
    };
  }

  /** Remembers why; logs and audits a reason once, not on every retry. */
  private failed(
    plan: StoredPlan,
    gateway: RegisteredGateway,
    actor: string,
    problem: { code: PublicationProblemCode; reason: string; jws?: string },
  ): PublicationOutcome {
    const { gatewayId, siteId } = gateway;
    const earlier = this.failures.get(gatewayId);
    const failure: Failure = { date: plan.date, version: plan.version, ...problem };
    this.failures.set(gatewayId, failure);
    const repeated =
      earlier?.date === failure.date && earlier.version === failure.version && earlier.code === failure.code;
    if (!repeated) {
      this.deps.logger.warn(
        { gatewayId, date: plan.date, version: plan.version, code: problem.code },
        problem.reason,
      );
      this.deps.store.audit.append({
        at: this.deps.clock.now(),
        actor,
        action: 'plan.not-published',
        target: `gateway:${gatewayId}`,
        detail: { date: plan.date, version: plan.version, code: problem.code, reason: problem.reason },
      });
    }
    return { gatewayId, siteId, ok: false, code: problem.code, reason: problem.reason };
  }

  private send(gatewayId: string, jws: string): Promise<void> {
    const { publisher, clock } = this.deps;
    const timeoutMs = this.deps.publishTimeoutMs ?? DEFAULT_PUBLISH_TIMEOUT_MS;
    return new Promise<void>((resolve, reject) => {
      const timer = clock.setTimeout(
        () => reject(new Error(`no acknowledgement within ${timeoutMs} ms`)),
        timeoutMs,
      );
      publisher.publish(topics.gatewayPlan(gatewayId), jws, { retain: true, qos: 1 }).then(
        () => {
          clock.clearTimeout(timer);
          resolve();
        },
        (error: unknown) => {
          clock.clearTimeout(timer);
          reject(error);
        },
      );
    });
  }

  private serial<T>(task: () => Promise<T>): Promise<T> {
    const result = this.queue.then(task);
    this.queue = result.catch(() => undefined);
    return result;
  }
}
