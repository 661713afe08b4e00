import type { AlarmKind, Severity } from '@vaultline/shared/contract/alarm-kinds';
import type { EventEnvelope } from '@vaultline/shared/contract/event-envelope';

/**
 * The seams between the centre's parts: the store (SQLite today, PostgreSQL later) implements these;
 * ingest, alarms, runs and the API depend only on them.
 */

export interface RegisteredGateway {
  gatewayId: string;
  siteId: string;
  /** Ed25519 public key, raw base64url (as `vaultline-gateway init` prints it). */
  publicKey: string;
  /** X25519 public key (SPKI PEM) the centre encrypts fingerprint templates to; absent until provisioned. */
  encryptionPublicKey?: string;
  registeredAt: number;
}

export interface GatewayRegistry {
  get(gatewayId: string): RegisteredGateway | undefined;
  list(): RegisteredGateway[];
  register(gateway: Omit<RegisteredGateway, 'registeredAt'> & { registeredAt?: number }): void;
}

export interface ChainHead {
  gatewayId: string;
  lastSeq: number;
  lastHash: string;
  /** Set once a forged or removed record was found; ingest for this gateway then stops until an operator acts. */
  tampered: boolean;
}

export interface EventStore {
  /** Stores envelopes that extend the chain, and the new head, in one transaction; duplicates are no-ops. */
  appendVerified(gatewayId: string, envelopes: EventEnvelope[], receivedAt: number): void;
  head(gatewayId: string): ChainHead;
  markTampered(gatewayId: string): void;
  /** The operator resumed ingest after a RECORD_TAMPERED (ingest/tamper-recovery.ts): the head stays. */
  clearTampered(gatewayId: string): void;
  get(gatewayId: string, seq: number): EventEnvelope | undefined;
  /** Events of a type (newest first), e.g. hand-over records for the API. */
  byType(type: string, filter?: { gatewayId?: string; since?: number; limit?: number }): EventEnvelope[];
}

export type AlarmState = 'raised' | 'acknowledged' | 'resolved';

export interface AlarmRecord {
  alarmId: string;
  kind: AlarmKind;
  severity: Severity;
  state: AlarmState;
  /** `gateway:<id>` for gateway-raised alarms, `centre` for the centre's own rules. */
  source: string;
  siteId?: string;
  runId?: string;
  stopSeq?: number;
  vehicleId?: string;
  gatewayId?: string;
  detail: Record<string, unknown>;
  raisedAt: number;
  /** Set when the condition went away by itself (alarm.cleared / rule clear); the alarm still needs resolving. */
  clearedAt?: number;
  clearReason?: string;
  acknowledgedBy?: string;
  acknowledgedAt?: number;
  resolvedBy?: string;
  resolvedAt?: number;
  resolutionNote?: string;
}

export interface AlarmStore {
  insert(alarm: AlarmRecord): boolean;
  get(alarmId: string): AlarmRecord | undefined;
  update(alarm: AlarmRecord): void;
  list(filter: { state?: AlarmState; kind?: AlarmKind; since?: number; limit?: number }): AlarmRecord[];
}

export interface AuditEntry {
  at: number;
  actor: string;
  action: string;
  target: string;
  detail?: Record<string, unknown>;
}

export interface AuditLog {
  append(entry: AuditEntry): void;
  list(filter?: { since?: number; actor?: string; limit?: number }): AuditEntry[];
}
