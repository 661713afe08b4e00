import { and, asc, count, eq, gt, inArray, lte, or } from 'drizzle-orm';
import { consoleLoginFailures } from './schema.ts';
import type { StoreDb } from './store-db.ts';

export type LoginFailureKind = 'user' | 'ip';

/**
 * Failed console logins in SQLite: the login limiter's memory (its `LoginFailureLog`), which survives a
 * restart of the centre. Keys are as the limiter gives them (a user name, or its hash when very long).
 */
export class ConsoleLoginFailureRepo {
  constructor(private readonly db: StoreDb) {}

  /** One failure: a row for the user name tried and one for the address, both naming that user. */
  record(failure: { userKey: string; ipKey: string; at: number }): void {
    const { userKey, ipKey, at } = failure;
    this.db
      .insert(consoleLoginFailures)
      .values([
        { kind: 'user', key: userKey, username: userKey, at },
        { kind: 'ip', key: ipKey, username: userKey, at },
      ])
      .run();
  }

  /** When each failure on `key` after `after` happened, oldest first. */

  timesSince(kind: LoginFailureKind, key: string, after: number): number[] {
    return this.db
      .select({ at: consoleLoginFailures.at })
      .from(consoleLoginFailures)
      .where(
        and(
          eq(consoleLoginFailures.kind, kind),
          eq(consoleLoginFailures.key, key),
          gt(consoleLoginFailures.at, after),
        ),
      )
      .orderBy(asc(consoleLoginFailures.at))
      .all()
      .map((row) => row.at);
  }

  /** After a success: the name's failures, and that name's failures from the address — not others'. */
  clear(userKey: string, ipKey: string): void {
    this.db
      .delete(consoleLoginFailures)
      .where(
        or(
          and(eq(consoleLoginFailures.kind, 'user'), eq(consoleLoginFailures.key, userKey)),
          and(
            eq(consoleLoginFailures.kind, 'ip'),
            eq(consoleLoginFailures.key, ipKey),
            eq(consoleLoginFailures.username, userKey),
          ),
        ),
      )
      .run();
  }

  /** Deletes failures at or before `atOrBefore`, then the oldest beyond `keepAtMost` rows; returns how many. */
  prune(atOrBefore: number, keepAtMost: number): number {
    let removed = this.db
      .delete(consoleLoginFailures)
      .where(lte(consoleLoginFailures.at, atOrBefore))
      .run().changes;
    const excess = this.count() - keepAtMost;
    if (excess > 0) {
      const oldest = this.db
        .select({ id: consoleLoginFailures.id })
        .from(consoleLoginFailures)
        .orderBy(asc(consoleLoginFailures.at), asc(consoleLoginFailures.id))
        .limit(excess);
      removed += this.db
        .delete(consoleLoginFailures)
        .where(inArray(consoleLoginFailures.id, oldest))
        .run().changes;
    }
    return removed;
  }

  /** Rows held (both kinds). */
  count(): number {
    return this.db.select({ n: count() }).from(consoleLoginFailures).get()?.n ?? 0;
  }
}
