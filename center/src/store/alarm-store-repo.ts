import type { AlarmKind, Severity } from '@vaultline/shared/contract/alarm-kinds';
import { and, desc, eq, gte } from 'drizzle-orm';
import type { AlarmRecord, AlarmState, AlarmStore } from '../ports.ts';
import { alarms } from './schema.ts';
import { parseJson, type StoreDb } from './store-db.ts';

/** Rows `list` returns when the caller sets no limit. */
const DEFAULT_LIMIT = 1_000;

type AlarmRow = typeof alarms.$inferSelect;

/** Alarms and their lifecycle; the service decides the transitions, this only keeps them. */
export class AlarmStoreRepo implements AlarmStore {
  constructor(private readonly db: StoreDb) {}

  /** Stores a new alarm; false (and nothing changes) when `alarmId` is already known. */
  insert(alarm: AlarmRecord): boolean {
    const result = this.db.insert(alarms).values(toRow(alarm)).onConflictDoNothing().run();
    return result.changes === 1;
  }

  get(alarmId: string): AlarmRecord | undefined {
    const row = this.db.select().from(alarms).where(eq(alarms.alarmId, alarmId)).get();
    return row ? fromRow(row) : undefined;
  }

  update(alarm: AlarmRecord): void {
    const { alarmId, ...rest } = toRow(alarm);
    this.db.update(alarms).set(rest).where(eq(alarms.alarmId, alarmId)).run();
  }

  /** Newest first; `since` is epoch ms on `raisedAt`. */
  list(filter: { state?: AlarmState; kind?: AlarmKind; since?: number; limit?: number }): AlarmRecord[] {
    return this.db
      .select()
      .from(alarms)
      .where(
        and(
          filter.state === undefined ? undefined : eq(alarms.state, filter.state),
          filter.kind === undefined ? undefined : eq(alarms.kind, filter.kind),
          filter.since === undefined ? undefined : gte(alarms.raisedAt, filter.since),
        ),
      )
      .orderBy(desc(alarms.raisedAt), desc(alarms.alarmId))
      .limit(filter.limit ?? DEFAULT_LIMIT)
      .all()
      .map(fromRow);
  }
}

function toRow(alarm: AlarmRecord): AlarmRow {
  return {
    alarmId: alarm.alarmId,
    kind: alarm.kind,
    severity: alarm.severity,
    state: alarm.state,
    source: alarm.source,
    siteId: alarm.siteId ?? null,
    runId: alarm.runId ?? null,
    stopSeq: alarm.stopSeq ?? null,
    vehicleId: alarm.vehicleId ?? null,
    gatewayId: alarm.gatewayId ?? null,
    detail: JSON.stringify(alarm.detail),
    raisedAt: alarm.raisedAt,
    clearedAt: alarm.clearedAt ?? null,
    clearReason: alarm.clearReason ?? null,
    acknowledgedBy: alarm.acknowledgedBy ?? null,
    acknowledgedAt: alarm.acknowledgedAt ?? null,
    resolvedBy: alarm.resolvedBy ?? null,
    resolvedAt: alarm.resolvedAt ?? null,
    resolutionNote: alarm.resolutionNote ?? null,
  };
}

/** Optional fields come back absent, not null, so a record reads the same as the one that was stored. */
function fromRow(row: AlarmRow): AlarmRecord {
  const record: AlarmRecord = {
    alarmId: row.alarmId,
    kind: row.kind as AlarmKind,
    severity: row.severity as Severity,
    state: row.state as AlarmState,
    source: row.source,
    detail: parseJson<Record<string, unknown>>(row.detail),
    raisedAt: row.raisedAt,
  };
  const optional = {
    siteId: row.siteId,
    runId: row.runId,
    stopSeq: row.stopSeq,
    vehicleId: row.vehicleId,
    gatewayId: row.gatewayId,
    clearedAt: row.clearedAt,
    clearReason: row.clearReason,
    acknowledgedBy: row.acknowledgedBy,
    acknowledgedAt: row.acknowledgedAt,
    resolvedBy: row.resolvedBy,
    resolvedAt: row.resolvedAt,
    resolutionNote: row.resolutionNote,
  };
  for (const [key, value] of Object.entries(optional)) {
    if (value !== null) Object.assign(record, { [key]: value });
  }
  return record;
}
