import { type Logger, silentLogger } from '@vaultline/shared';
import type { CmdPayload } from '@vaultline/shared/contract/mqtt-payloads';
import { topics } from '@vaultline/shared/contract/mqtt-topics';
import { type Clock, systemClock, type TimerHandle } from '@vaultline/shared/time/clock';
import type { EventStore, GatewayRegistry } from '../ports.ts';
import { ChainIngest, type IngestCounters } from './chain-ingest.ts';
import { type GapPolicy, GapTracker } from './gap-tracker.ts';
import {
  type IngestEffects,
  type IngestMetrics,
  type IngestOutcome,
  type IngestPublisher,
  noEffects,
  type StoredListener,
  type TamperListener,
} from './ingest-types.ts';

export interface IngestServiceOptions {
  registry: GatewayRegistry;
  events: EventStore;
  publisher: IngestPublisher;
  /**
   * Runs a synchronous function in one store transaction (`CentreStore.transaction`). Messages that arrive
   * together are then committed together — one WAL sync for all of them instead of one each (group
   * commit). Without it every repository call commits on its own.
   */
  transaction?: <T>(fn: () => T) => T;
  clock?: Clock;
  logger?: Logger;
  /** Called after each commit with the envelopes a message stored, in seq order (alarms, run progress). */
  onStored?: StoredListener;
  /** Called for every RECORD_TAMPERED finding, after its commit. */
  onTampered?: TamperListener;
  gap?: Partial<GapPolicy>;
  /** How often `start()` checks gaps for resends and give-ups that fall due with time alone. */
  gapCheckIntervalMs?: number;
  /** More envelopes than this in one message is refused as invalid (a catch-up batch is ~200). */
  maxEnvelopesPerMessage?: number;
  /** At most this many queued messages go into one commit. */
  maxMessagesPerCommit?: number;
}

export const DEFAULT_GAP_POLICY: GapPolicy = {
  resendDelayMs: 2_000,
  resendIntervalMs: 5_000,
  maxResendAttempts: 5,
  gapTimeoutMs: 120_000,
  maxHeldPerGateway: 2_000,
};

const DEFAULT_GAP_CHECK_MS = 1_000;
const DEFAULT_MAX_ENVELOPES = 5_000;
const DEFAULT_MAX_MESSAGES_PER_COMMIT = 500;

interface Pending {
  gatewayId: string;
  payload: Uint8Array;
  resolve: (outcome: IngestOutcome) => void;
}

/**
 * The centre's ingest (DESIGN §7): every `events` payload is schema-checked, verified against the
 * gateway's key and chain head, stored once in chain order, and only after the commit acknowledged.
 * Gaps are held and repaired by resend requests; a bad signature or link, a fork, or a gap the gateway
 * cannot fill is RECORD_TAMPERED and stops ingest for that gateway. Messages are processed in arrival
 * order; those that arrive in the same turn of the event loop share one commit. `receive` never throws.
 */
export class IngestService {
  private readonly clock: Clock;
  private readonly logger: Logger;
  private readonly gaps: GapTracker;
  private readonly chain: ChainIngest;
  private readonly transaction: <T>(fn: () => T) => T;
  private readonly counters: IngestCounters = {
    messages: 0,
    received: 0,
    stored: 0,
    duplicates: 0,
    invalid: 0,
    tampered: 0,
    resends: 0,
    unknownGateway: 0,
    blocked: 0,
  };
  private readonly queue: Pending[] = [];
  private flushScheduled = false;
  private timer: TimerHandle | undefined;

  constructor(private readonly options: IngestServiceOptions) {
    this.clock = options.clock ?? systemClock;
    this.logger = (options.logger ?? silentLogger).child({ component: 'center.ingest' });
    this.gaps = new GapTracker({ ...DEFAULT_GAP_POLICY, ...options.gap });
    this.transaction = options.transaction ?? ((fn) => fn());
    this.chain = new ChainIngest({
      registry: options.registry,
      events: options.events,
      clock: this.clock,
      logger: this.logger,
      gaps: this.gaps,
      counters: this.counters,
      maxEnvelopes: options.maxEnvelopesPerMessage ?? DEFAULT_MAX_ENVELOPES,
    });
  }

  /** Starts the periodic gap check (resends and give-ups that are due with no message arriving). */
  start(): void {
    if (this.timer) return;
    const interval = this.options.gapCheckIntervalMs ?? DEFAULT_GAP_CHECK_MS;
    const arm = () => {
      this.timer = this.clock.setTimeout(() => {
        void this.tick();
        arm();
      }, interval);
    };
    arm();
  }

  stop(): void {
    if (this.timer) this.clock.clearTimeout(this.timer);
    this.timer = undefined;
  }

  /**
   * Takes one `events` message of `gatewayId` (from the topic, which the broker's ACL ties to the
   * publisher). Resolves once it is committed and its ack or resend request went out.
   */
  receive(gatewayId: string, payload: Uint8Array): Promise<IngestOutcome> {
    return new Promise((resolve) => {
      this.queue.push({ gatewayId, payload, resolve });
      this.scheduleFlush();
    });
  }

  /** Acts on gap decisions that fell due with time alone; `start()` calls it periodically. */
  async tick(): Promise<void> {
    const effects = noEffects();
    try {
      this.transaction(() => {
        for (const { gatewayId, decision } of this.gaps.due(this.clock.now())) {
          this.chain.onGapDecision(gatewayId, decision, { stored: 0, duplicates: 0 }, effects);
        }
      });
    } catch (error) {
      this.logger.error({ err: error }, 'gap check failed; it runs again at the next interval');
      return;
    }
    await this.carryOut(effects);
  }

  /**
   * After an operator resumed ingest of a gateway whose chain was marked tampered (tamper-recovery.ts):
   * forgets whatever was held for it and asks it to send again from `fromSeq` (its verified head + 1).
   * Resolves false when the request could not be published; the gateway then sends everything it holds
   * unacknowledged on its own at its next ack timeout or reconnection.
   */
  async requestResend(gatewayId: string, fromSeq: number): Promise<boolean> {
    this.gaps.forget(gatewayId);
    const cmd: CmdPayload = { cmd: 'resend', fromSeq };
    this.counters.resends += 1;
    try {
      await this.options.publisher.publish(topics.gatewayCmd(gatewayId), JSON.stringify(cmd), { qos: 1 });
      this.logger.info({ gatewayId, fromSeq }, 'ingest resumed by an operator: resend requested');
      return true;
    } catch (error) {
      this.logger.warn({ gatewayId, err: error }, 'resend request after a resume could not be published');
      return false;
    }
  }

  metrics(): IngestMetrics {
    return { ...this.counters, held: this.gaps.heldCount() };
  }

  private scheduleFlush(): void {
    if (this.flushScheduled) return;
    this.flushScheduled = true;
    // After the current I/O phase: every message the MQTT client parsed from this read joins the commit.
    setImmediate(() => void this.flush());
  }

  private async flush(): Promise<void> {
    this.flushScheduled = false;
    const group = this.queue.splice(0, this.options.maxMessagesPerCommit ?? DEFAULT_MAX_MESSAGES_PER_COMMIT);
    if (this.queue.length > 0) this.scheduleFlush();
    const effects = noEffects();
    let outcomes: IngestOutcome[];
    try {
      outcomes = this.transaction(() => group.map((item) => this.processOne(item, effects)));
    } catch (error) {
      // The commit failed (disk full, I/O error): nothing is acknowledged, so the gateways send it again.
      this.logger.error(
        { err: error, messages: group.length },
        'ingest commit failed; nothing was acknowledged',
      );
      for (const item of group) item.resolve({ stored: 0, duplicates: 0 });
      return;
    }
    await this.carryOut(effects);
    for (const [index, item] of group.entries())
      item.resolve(outcomes[index] ?? { stored: 0, duplicates: 0 });
  }

  /** One message in its own savepoint: if it fails, its writes and effects are dropped, the others stay. */
  private processOne(item: Pending, effects: IngestEffects): IngestOutcome {
    const own = noEffects();
    try {
      const outcome = this.transaction(() => this.chain.process(item.gatewayId, item.payload, own));
      effects.stored.push(...own.stored);
      effects.tampered.push(...own.tampered);
      effects.publish.push(...own.publish);
      return outcome;
    } catch (error) {
      this.logger.error(
        { gatewayId: item.gatewayId, err: error },
        'ingest of a message failed; it was not acknowledged',
      );
      return { stored: 0, duplicates: 0 };
    }
  }

  /** After the commit: listeners first (alarms, run progress), then acks and resend requests. */
  private async carryOut(effects: IngestEffects): Promise<void> {
    for (const { gatewayId, envelopes } of effects.stored) {
      this.guard('onStored', gatewayId, () => this.options.onStored?.(gatewayId, envelopes));
    }
    for (const report of effects.tampered) {
      this.guard('onTampered', report.gatewayId, () => this.options.onTampered?.(report));
    }
    await Promise.all(
      effects.publish.map(({ topic, message }) =>
        this.options.publisher.publish(topic, JSON.stringify(message), { qos: 1 }).catch((error) => {
          // The gateway repeats what stays unacknowledged, and the centre acknowledges it again.
          this.logger.warn({ topic, err: error }, 'publish to a gateway failed');
        }),
      ),
    );
  }

  /** A listener's bug must not undo or block ingest: the records are stored either way. */
  private guard(name: string, gatewayId: string, call: () => void): void {
    try {
      call();
    } catch (error) {
      this.logger.error({ gatewayId, err: error }, `${name} listener failed`);
    }
  }
}

export type { IngestOutcome } from './ingest-types.ts';
