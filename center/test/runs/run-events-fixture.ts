import type { HandoverCompletedBody } from '@vaultline/shared/contract/event-bodies';
import type { EventEnvelope } from '@vaultline/shared/contract/event-envelope';
import { SignedChain } from '@vaultline/shared/testing/signed-chain';
import { iso } from './day-fixture.ts';

/** The gateway at branch B<seq> of run R1, writing its events as the hand-over engine does. */
export class BranchGateway {
  readonly chain: SignedChain;

  constructor(readonly stopSeq: number) {
    this.chain = new SignedChain(`gw-${stopSeq}`);
  }

  arrived(hhmm: string, handoverId = `H${this.stopSeq}`): EventEnvelope {
    const body = {
      handoverId,
      vehicleId: 'V1',
      runId: 'R1',
      stopSeq: this.stopSeq,
      siteId: `B${this.stopSeq}`,
    };
    return this.chain.next('vehicle.arrived', body, iso(hhmm));
  }

  verified(hhmm: string, handoverId = `H${this.stopSeq}`): EventEnvelope {
    return this.chain.next('crew.verified', { handoverId, personId: 'P1', reader: 'crew' }, iso(hhmm));
  }

  aborted(hhmm: string, handoverId = `H${this.stopSeq}`): EventEnvelope {
    const body = { handoverId, reason: 'manager aborted', by: 'M1', runId: 'R1', stopSeq: this.stopSeq };
    return this.chain.next('handover.aborted', body, iso(hhmm));
  }

  completed(hhmm: string, handoverId = `H${this.stopSeq}`): EventEnvelope {
    return this.chain.next('handover.completed', completedBody(this.stopSeq, handoverId, hhmm), iso(hhmm));
  }
}

export function completedBody(stopSeq: number, handoverId: string, hhmm: string): HandoverCompletedBody {
  return {
    handoverId,
    siteId: `B${stopSeq}`,
    runId: 'R1',
    stopSeq,
    kind: 'deliver',
    vehicleId: 'V1',
    crew: ['P1', 'P2'],
    confirmedBy: ['P1', 'M1'],
    boxes: { expected: ['E2801160AA'], scanned: ['E2801160AA'], missing: [], rejected: [] },
    startedAt: new Date(Date.parse(iso(hhmm)) - 600_000).toISOString(),
    completedAt: new Date(Date.parse(iso(hhmm))).toISOString(),
  };
}
