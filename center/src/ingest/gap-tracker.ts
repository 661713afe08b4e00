import type { EventEnvelope } from '@vaultline/shared/contract/event-envelope';

export interface GapPolicy {
  /** Wait this long after a gap opens before asking for a resend: a late batch often fills it first. */
  resendDelayMs: number;
  /** At most one resend request per gateway per interval, however many messages arrive. */
  resendIntervalMs: number;
  /** Resend requests the gateway answered without filling the gap before the gap counts as removed records. */
  maxResendAttempts: number;
  /** Time a gap may stay open, once the gateway has answered a resend, before it counts as removed records. */
  gapTimeoutMs: number;
  /** Envelopes held beyond a gap per gateway; beyond that they are dropped (the gateway still has them). */
  maxHeldPerGateway: number;
}

export type GapDecision =
  | { action: 'none' }
  | { action: 'resend'; fromSeq: number }
  | { action: 'give-up'; fromSeq: number; attempts: number; openMs: number; heldFrom: number };

interface Gap {
  /** First missing seq: the head + 1 when the gap was seen. */
  fromSeq: number;
  since: number;
  lastResendAt?: number;
  /** A resend went out and no message from the gateway has come since. */
  awaitingAnswer: boolean;
  /** Resends the gateway answered (a message came) while the gap stayed where it was. */
  answered: number;
  /** Envelopes beyond the gap, by seq: not stored, not acknowledged, merged in once the gap fills. */
  held: Map<number, EventEnvelope>;
}

/**
 * Gaps in gateways' chains and what to do about them. A gap whose start moves is progress (the gateway is
 * delivering), so its clock and attempts start over. A gap is given up on — records removed — only after
 * the gateway answered resend requests without filling it: a gateway that went silent (offline) is never
 * accused.
 */
export class GapTracker {
  private readonly gaps = new Map<string, Gap>();

  constructor(private readonly policy: GapPolicy) {}

  /** Takes the held envelopes of a gateway out, to be processed with the message that just came. */
  takeHeld(gatewayId: string): EventEnvelope[] {
    const gap = this.gaps.get(gatewayId);
    if (!gap) return [];
    const held = [...gap.held.values()];
    gap.held.clear();
    return held;
  }

  /**
   * Called after each message of a gateway was processed: `headSeq` is the stored head now, `beyond` what
   * could not be stored for lack of earlier records (sorted by seq).
   */
  afterMessage(gatewayId: string, headSeq: number, beyond: EventEnvelope[], now: number): GapDecision {
    if (beyond.length === 0) {
      this.gaps.delete(gatewayId);
      return { action: 'none' };
    }
    const fromSeq = headSeq + 1;
    let gap = this.gaps.get(gatewayId);
    if (!gap || gap.fromSeq !== fromSeq) {
      gap = { fromSeq, since: now, awaitingAnswer: false, answered: 0, held: new Map() };
      this.gaps.set(gatewayId, gap);
    } else if (gap.awaitingAnswer) {
      gap.awaitingAnswer = false;
      gap.answered += 1;
    }
    for (const env of beyond.slice(0, this.policy.maxHeldPerGateway)) gap.held.set(env.seq, env);
    return this.evaluate(gap, now);
  }

  /** Decisions that fall due with time alone (no message): resends, and give-ups. */
  due(now: number): Array<{ gatewayId: string; decision: GapDecision }> {
    const decisions = [];
    for (const [gatewayId, gap] of this.gaps) {
      const decision = this.evaluate(gap, now);
      if (decision.action !== 'none') decisions.push({ gatewayId, decision });
    }
    return decisions;
  }

  forget(gatewayId: string): void {
    this.gaps.delete(gatewayId);
  }

  heldCount(): number {
    let count = 0;
    for (const gap of this.gaps.values()) count += gap.held.size;
    return count;
  }

  openGaps(): number {
    return this.gaps.size;
  }

  private evaluate(gap: Gap, now: number): GapDecision {
    const nextAt =
      gap.lastResendAt === undefined
        ? gap.since + this.policy.resendDelayMs
        : gap.lastResendAt + this.policy.resendIntervalMs;
    if (now < nextAt) return { action: 'none' };
    const openMs = now - gap.since;
    const exhausted =
      gap.answered >= this.policy.maxResendAttempts ||
      (gap.answered > 0 && openMs >= this.policy.gapTimeoutMs);
    if (exhausted) {
      const heldFrom = gap.held.size > 0 ? Math.min(...gap.held.keys()) : gap.fromSeq;
      return { action: 'give-up', fromSeq: gap.fromSeq, attempts: gap.answered, openMs, heldFrom };
    }
    gap.lastResendAt = now;
    gap.awaitingAnswer = true;
    return { action: 'resend', fromSeq: gap.fromSeq };
  }
}
