import { type HandoverContext, handoverContext } from '@vaultline/shared/report/handover-context';
import type { StoredChain } from './chain-check.ts';
import type { StoredRecord } from './record-search.ts';

/** How far back in the gateway's chain a hand-over's captures and alarms are looked for (as the gateway does). */
const LOOKBACK_EVENTS = 5_000;

/** The record's face captures (by id) and the alarms of its stop, from the stored chain before it. */
export function storedHandoverContext(
  events: Pick<StoredChain, 'range'>,
  record: StoredRecord,
): HandoverContext {
  const { envelope, body } = record;
  const earlier = events.range(envelope.gw, Math.max(1, envelope.seq - LOOKBACK_EVENTS), envelope.seq);
  return handoverContext(earlier, body);
}
