import type { ChainProblem } from '@vaultline/shared/contract/chain-verifier';
import type { EventEnvelope } from '@vaultline/shared/contract/event-envelope';

/** How ingest talks back to gateways (`ack`, `cmd`): an MQTT client in production, a recorder in tests. */
export interface IngestPublisher {
  publish(topic: string, payload: string, options: { qos: 0 | 1 }): Promise<void>;
}

/**
 * Why a gateway's record cannot be trusted: a chain problem of the verifier, `fork` (a stored seq came
 * again with another hash), or `gap` (records the gateway could not send again: removed).
 */
export type TamperProblem = ChainProblem | 'fork' | 'gap';

/** What ingest reports for RECORD_TAMPERED; the alarms part raises the alarm. */
export interface TamperReport {
  gatewayId: string;
  /** The first record that failed, or null when it has no readable seq. */
  seq: number | null;
  problem: TamperProblem;
  message: string;
  detail?: Record<string, unknown>;
}

export interface IngestMetrics {
  /** MQTT messages handed to `receive`. */
  messages: number;
  /** Envelopes in those messages (a batch counts each). */
  received: number;
  /** Envelopes newly stored. */
  stored: number;
  /** Envelopes already stored with the same hash (redelivery, resend): no-ops. */
  duplicates: number;
  /** Payloads that are not JSON, and envelopes that fail the schema. */
  invalid: number;
  /** Tamper reports (bad signature or link, fork, unfilled gap, foreign gateway id). */
  tampered: number;
  /** Resend requests published. */
  resends: number;
  /** Messages from gateways that are not registered. */
  unknownGateway: number;
  /** Messages from gateways whose chain is marked tampered (ingest stopped for them). */
  blocked: number;
  /** Envelopes waiting beyond a gap right now (not stored, not acknowledged). */
  held: number;
}

export type StoredListener = (gatewayId: string, envelopes: EventEnvelope[]) => void;
export type TamperListener = (report: TamperReport) => void;

/**
 * What processing messages decided to do once their writes are committed: notify listeners, then publish
 * acks and resend requests. Nothing here runs before the commit.
 */
export interface IngestEffects {
  stored: Array<{ gatewayId: string; envelopes: EventEnvelope[] }>;
  tampered: TamperReport[];
  publish: Array<{ topic: string; message: object }>;
}

export function noEffects(): IngestEffects {
  return { stored: [], tampered: [], publish: [] };
}

/** What one message did; `IngestService.receive` resolves with it once its effects went out. */
export interface IngestOutcome {
  stored: number;
  duplicates: number;
  /** The head acknowledged to the gateway after this message, if an ack went out. */
  ackedUpTo?: number;
  resendFrom?: number;
  tampered?: TamperReport;
}
