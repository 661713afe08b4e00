import { describe, expect, it } from 'vitest';
import { GapTracker } from '../../src/ingest/gap-tracker.ts';
import { TestGateway } from './chain-fixture.ts';
import { GAP } from './ingest-fixture.ts';

const GW = 'gw-branch-a';

describe('GapTracker', () => {
  const chain = new TestGateway(GW).emit(20);

  it('waits out the grace delay, then asks at most once per interval', () => {
    const gaps = new GapTracker(GAP);
    expect(gaps.afterMessage(GW, 2, chain.slice(5, 7), 0)).toEqual({ action: 'none' });
    expect(gaps.due(GAP.resendDelayMs - 1)).toEqual([]);
    expect(gaps.due(GAP.resendDelayMs)).toEqual([
      { gatewayId: GW, decision: { action: 'resend', fromSeq: 3 } },
    ]);
    expect(gaps.due(GAP.resendDelayMs + GAP.resendIntervalMs - 1)).toEqual([]);
  });

  it('starts over when the gap moves (the gateway is delivering), and forgets a filled gap', () => {
    const gaps = new GapTracker(GAP);
    gaps.afterMessage(GW, 2, chain.slice(10, 12), 0);
    gaps.due(GAP.resendDelayMs);
    gaps.takeHeld(GW);
    // An answer that does not move the gap counts; one that moves it starts a new gap.
    gaps.afterMessage(GW, 2, chain.slice(10, 12), GAP.resendDelayMs + 1);
    gaps.takeHeld(GW);
    const moved = gaps.afterMessage(GW, 6, chain.slice(10, 12), GAP.resendDelayMs + 2);
    expect(moved).toEqual({ action: 'none' });
    expect(gaps.due(GAP.resendDelayMs * 2 + 2)).toEqual([
      { gatewayId: GW, decision: { action: 'resend', fromSeq: 7 } },
    ]);
    gaps.takeHeld(GW);
    expect(gaps.afterMessage(GW, 12, [], 10_000)).toEqual({ action: 'none' });
    expect(gaps.openGaps()).toBe(0);
  });

  it('holds at most the configured number of envelopes, nearest the gap first', () => {
    const gaps = new GapTracker({ ...GAP, maxHeldPerGateway: 3 });
    gaps.afterMessage(GW, 1, chain.slice(4), 0);
    expect(gaps.heldCount()).toBe(3);
    expect(gaps.takeHeld(GW).map((env) => env.seq)).toEqual([5, 6, 7]);
  });

  it('gives up only after the gateway answered: reports where the gap is and what was held', () => {
    const gaps = new GapTracker({ ...GAP, maxResendAttempts: 1 });
    gaps.afterMessage(GW, 2, chain.slice(4, 6), 0);
    gaps.due(GAP.resendDelayMs);
    expect(gaps.due(GAP.resendDelayMs + GAP.resendIntervalMs)[0]?.decision.action).toBe('resend');
    gaps.afterMessage(GW, 2, gaps.takeHeld(GW), 7_000);
    expect(gaps.due(7_000 + GAP.resendIntervalMs)).toEqual([
      {
        gatewayId: GW,
        decision: {
          action: 'give-up',
          fromSeq: 3,
          attempts: 1,
          openMs: 7_000 + GAP.resendIntervalMs,
          heldFrom: 5,
        },
      },
    ]);
  });
});
