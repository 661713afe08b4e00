import type { EventEnvelope } from '@vaultline/shared/contract/event-envelope';
import { GENESIS_HASH } from '@vaultline/shared/contract/event-envelope';
import type {
  AlarmRecord,
  AlarmStore,
  AuditEntry,
  AuditLog,
  ChainHead,
  EventStore,
  GatewayRegistry,
  RegisteredGateway,
} from '../../src/ports.ts';

/**
 * In-memory implementations of the centre's ports (the other side of the interfaces the alarms, runs and
 * API depend on), for unit tests. Records are copied in and out, as a database would.
 */

const copy = <T>(value: T): T => structuredClone(value);

/** Rows a list returns when the caller sets no limit, as the SQLite repositories do. */
const DEFAULT_LIMIT = 1_000;

export class MemoryAlarmStore implements AlarmStore {
  readonly rows = new Map<string, AlarmRecord>();

  insert(alarm: AlarmRecord): boolean {
    if (this.rows.has(alarm.alarmId)) return false;
    this.rows.set(alarm.alarmId, copy(alarm));
    return true;
  }

  get(alarmId: string): AlarmRecord | undefined {
    const row = this.rows.get(alarmId);
    return row && copy(row);
  }

  update(alarm: AlarmRecord): void {
    if (!this.rows.has(alarm.alarmId)) throw new Error(`update of unknown alarm ${alarm.alarmId}`);
    this.rows.set(alarm.alarmId, copy(alarm));
  }

  list(filter: Parameters<AlarmStore['list']>[0]): AlarmRecord[] {
    const rows = [...this.rows.values()]
      .filter((a) => filter.state === undefined || a.state === filter.state)
      .filter((a) => filter.kind === undefined || a.kind === filter.kind)
      .filter((a) => filter.since === undefined || a.raisedAt >= filter.since)
      .sort((a, b) => b.raisedAt - a.raisedAt);
    return rows.slice(0, filter.limit ?? DEFAULT_LIMIT).map(copy);
  }
}

export class MemoryAuditLog implements AuditLog {
  readonly entries: AuditEntry[] = [];

  append(entry: AuditEntry): void {
    this.entries.push(copy(entry));
  }

  list(filter: { since?: number; actor?: string; limit?: number } = {}): AuditEntry[] {
    return this.entries
      .filter((e) => filter.since === undefined || e.at >= filter.since)
      .filter((e) => filter.actor === undefined || e.actor === filter.actor)
      .slice(0, filter.limit ?? DEFAULT_LIMIT);
  }
}

export class MemoryGatewayRegistry implements GatewayRegistry {
  private readonly rows = new Map<string, RegisteredGateway>();

  get(gatewayId: string): RegisteredGateway | undefined {
    return this.rows.get(gatewayId);
  }

  list(): RegisteredGateway[] {
    return [...this.rows.values()];
  }

  register(gateway: Omit<RegisteredGateway, 'registeredAt'> & { registeredAt?: number }): void {
    this.rows.set(gateway.gatewayId, { ...gateway, registeredAt: gateway.registeredAt ?? 0 });
  }
}

/** Trusts what it is given: verification is ingest's work, tested there. */
export class MemoryEventStore implements EventStore {
  private readonly chains = new Map<string, EventEnvelope[]>();
  private readonly tampered = new Set<string>();

  appendVerified(gatewayId: string, envelopes: EventEnvelope[]): void {
    const chain = this.chains.get(gatewayId) ?? [];
    for (const envelope of envelopes) if (envelope.seq === chain.length + 1) chain.push(copy(envelope));
    this.chains.set(gatewayId, chain);
  }

  head(gatewayId: string): ChainHead {
    const chain = this.chains.get(gatewayId) ?? [];
    const last = chain[chain.length - 1];
    return {
      gatewayId,
      lastSeq: last?.seq ?? 0,
      lastHash: last?.hash ?? GENESIS_HASH,
      tampered: this.tampered.has(gatewayId),
    };
  }

  markTampered(gatewayId: string): void {
    this.tampered.add(gatewayId);
  }

  clearTampered(gatewayId: string): void {
    this.tampered.delete(gatewayId);
  }

  get(gatewayId: string, seq: number): EventEnvelope | undefined {
    return this.chains.get(gatewayId)?.[seq - 1];
  }

  byType(type: string, filter: { gatewayId?: string; since?: number; limit?: number } = {}): EventEnvelope[] {
    const all = [...this.chains.values()]
      .flat()
      .filter((e) => e.type === type)
      .filter((e) => filter.gatewayId === undefined || e.gw === filter.gatewayId)
      .filter((e) => filter.since === undefined || Date.parse(e.ts) >= filter.since)
      .sort((a, b) => Date.parse(b.ts) - Date.parse(a.ts));
    return all.slice(0, filter.limit ?? DEFAULT_LIMIT).map(copy);
  }
}
