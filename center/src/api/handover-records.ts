import type { EventEnvelope } from '@vaultline/shared/contract/event-envelope';
import type { EventStore, GatewayRegistry } from '../ports.ts';

/** The signed hand-over records (`handover.completed`) the API serves. */
export interface HandoverRecords {
  /** Newest first. */
  list(filter: { siteId?: string; runId?: string; limit: number }): EventEnvelope[];
  get(handoverId: string): EventEnvelope | undefined;
}

const TYPE = 'handover.completed';
/**
 * Most records read for a filtered look-up. A list without a limit stops at the store's default (1 000
 * in the SQLite repository): an older record would then look missing.
 */
const SCAN_LIMIT = 10_000_000;

/**
 * Hand-over records read from the event store by filtering bodies: right for a centre's first years (a
 * few thousand records a day; a site's records are read through its gateways only), and the seam where
 * a store with an index on hand-over id, site and run plugs in when that stops being enough.
 */
export function handoverRecordsFrom(events: EventStore, gateways?: GatewayRegistry): HandoverRecords {
  const scan = (gatewayId?: string) =>
    events.byType(TYPE, gatewayId === undefined ? { limit: SCAN_LIMIT } : { gatewayId, limit: SCAN_LIMIT });
  return {
    list({ siteId, runId, limit }) {
      if (siteId === undefined && runId === undefined) return events.byType(TYPE, { limit });
      const sources =
        siteId !== undefined && gateways
          ? gateways
              .list()
              .filter((gateway) => gateway.siteId === siteId)
              .flatMap((gateway) => scan(gateway.gatewayId))
              .sort((a, b) => Date.parse(b.ts) - Date.parse(a.ts))
          : scan();
      return sources
        .filter((envelope) => siteId === undefined || envelope.body.siteId === siteId)
        .filter((envelope) => runId === undefined || envelope.body.runId === runId)
        .slice(0, limit);
    },
    get(handoverId) {
      return scan().find((envelope) => envelope.body.handoverId === handoverId);
    },
  };
}
