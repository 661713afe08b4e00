import { and, asc, desc, eq, gte, sql } from 'drizzle-orm';
import type { AuditEntry, AuditLog } from '../ports.ts';
import { auditLog } from './schema.ts';
import { parseJson, type StoreDb } from './store-db.ts';

/** Rows `list` returns when the caller sets no limit. */
const DEFAULT_LIMIT = 1_000;

/** The append-only audit trail: there is no update or delete here, by design. */
export class AuditLogRepo implements AuditLog {
  constructor(private readonly db: StoreDb) {}

  append(entry: AuditEntry): void {
    this.db
      .insert(auditLog)
      .values({
        at: entry.at,
        actor: entry.actor,
        action: entry.action,
        target: entry.target,
        detail: entry.detail === undefined ? null : JSON.stringify(entry.detail),
      })
      .run();
  }

  /**
   * The newest entries first (the console's audit page): `actor` matches exactly, `action` by prefix
   * (`console.login` finds failures and lockouts too).
   */
  newest(filter: { actor?: string; action?: string; limit: number }): AuditEntry[] {
    return this.db
      .select()
      .from(auditLog)
      .where(
        and(
          filter.actor === undefined ? undefined : eq(auditLog.actor, filter.actor),
          filter.action === undefined
            ? undefined
            : sql`substr(${auditLog.action}, 1, ${filter.action.length}) = ${filter.action}`,
        ),
      )
      .orderBy(desc(auditLog.at), desc(auditLog.id))
      .limit(filter.limit)
      .all()
      .map(toEntry);
  }

  /** In the order they happened (oldest first); `since` is epoch ms, inclusive. */
  list(filter: { since?: number; actor?: string; limit?: number } = {}): AuditEntry[] {
    return this.db
      .select()
      .from(auditLog)
      .where(
        and(
          filter.since === undefined ? undefined : gte(auditLog.at, filter.since),
          filter.actor === undefined ? undefined : eq(auditLog.actor, filter.actor),
        ),
      )
      .orderBy(asc(auditLog.at), asc(auditLog.id))
      .limit(filter.limit ?? DEFAULT_LIMIT)
      .all()
      .map(toEntry);
  }
}

function toEntry(row: typeof auditLog.$inferSelect): AuditEntry {
  const entry: AuditEntry = { at: row.at, actor: row.actor, action: row.action, target: row.target };
  if (row.detail !== null) entry.detail = parseJson<Record<string, unknown>>(row.detail);
  return entry;
}
