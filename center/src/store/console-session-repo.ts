import { eq, lte } from 'drizzle-orm';
import { consoleSessions } from './schema.ts';
import type { StoreDb } from './store-db.ts';

export interface StoredConsoleSession {
  /** SHA-256 (hex) of the cookie secret; the secret itself is never stored. */
  sessionHash: string;
  username: string;
  csrfToken: string;
  createdAt: number;
  /** Idle expiry: pushed forward as the session is used. */
  expiresAt: number;
}

/** Console sessions by the hash of their cookie secret. */
export class ConsoleSessionRepo {
  constructor(private readonly db: StoreDb) {}

  insert(session: StoredConsoleSession): void {
    this.db.insert(consoleSessions).values(session).run();
  }

  get(sessionHash: string): StoredConsoleSession | undefined {
    return this.db.select().from(consoleSessions).where(eq(consoleSessions.sessionHash, sessionHash)).get();
  }

  touch(sessionHash: string, expiresAt: number): void {
    this.db
      .update(consoleSessions)
      .set({ expiresAt })
      .where(eq(consoleSessions.sessionHash, sessionHash))
      .run();
  }

  /** True when there was such a session. */
  delete(sessionHash: string): boolean {
    return (
      this.db.delete(consoleSessions).where(eq(consoleSessions.sessionHash, sessionHash)).run().changes > 0
    );
  }

  /** Removes sessions that expired at or before `now`; returns how many. */
  deleteExpired(now: number): number {
    return this.db.delete(consoleSessions).where(lte(consoleSessions.expiresAt, now)).run().changes;
  }

  countFor(username: string): number {
    return this.db.select().from(consoleSessions).where(eq(consoleSessions.username, username)).all().length;
  }
}
