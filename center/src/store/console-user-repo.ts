import type { Clock } from '@vaultline/shared/time/clock';
import { asc, eq } from 'drizzle-orm';
import { consoleSessions, consoleUsers } from './schema.ts';
import { atomic, type StoreDb } from './store-db.ts';
import { StoreError } from './store-errors.ts';

export const CONSOLE_USER_ROLES = ['admin', 'dispatcher', 'duty-officer', 'auditor'] as const;
export type ConsoleUserRole = (typeof CONSOLE_USER_ROLES)[number];

export interface StoredConsoleUser {
  username: string;
  displayName: string;
  role: ConsoleUserRole;
  /** argon2id PHC string; never the password. */
  passwordHash: string;
  createdAt: number;
  disabledAt?: number;
}

/** A user name: what people type at the login form and what the audit trail records. */
const USERNAME = /^[a-z0-9][a-z0-9._-]{1,31}$/;

/** A console user that cannot be created or changed as asked. */
export class ConsoleUserError extends StoreError {}

/** Console users and their argon2id password hashes (hashing happens in `console/auth/`). */
export class ConsoleUserRepo {
  constructor(
    private readonly db: StoreDb,
    private readonly clock: Clock,
  ) {}

  create(user: Omit<StoredConsoleUser, 'createdAt' | 'disabledAt'>): StoredConsoleUser {
    if (!USERNAME.test(user.username)) {
      throw new ConsoleUserError(
        'CONSOLE_USERNAME',
        `user name "${user.username}" is not allowed: use 2–32 lowercase letters, digits, ".", "_" or "-", starting with a letter or digit`,
      );
    }
    if (user.displayName.trim().length === 0 || user.displayName.length > 100) {
      throw new ConsoleUserError('CONSOLE_DISPLAY_NAME', 'give the user a display name of 1–100 characters');
    }
    return atomic(this.db, () => {
      if (this.get(user.username)) {
        throw new ConsoleUserError(
          'CONSOLE_USER_EXISTS',
          `console user ${user.username} already exists; choose another user name`,
        );
      }
      const row = { ...user, displayName: user.displayName.trim(), createdAt: this.clock.now() };
      this.db.insert(consoleUsers).values(row).run();
      return row;
    });
  }

  get(username: string): StoredConsoleUser | undefined {
    const row = this.db.select().from(consoleUsers).where(eq(consoleUsers.username, username)).get();
    return row ? toUser(row) : undefined;
  }

  list(): StoredConsoleUser[] {
    return this.db.select().from(consoleUsers).orderBy(asc(consoleUsers.username)).all().map(toUser);
  }

  setPasswordHash(username: string, passwordHash: string): void {
    this.mustUpdate(username, { passwordHash });
  }

  /** Disables a user and ends every session of theirs at once. */
  disable(username: string): void {
    atomic(this.db, () => {
      this.mustUpdate(username, { disabledAt: this.clock.now() });
      this.db.delete(consoleSessions).where(eq(consoleSessions.username, username)).run();
    });
  }

  private mustUpdate(username: string, set: Partial<typeof consoleUsers.$inferInsert>): void {
    const result = this.db.update(consoleUsers).set(set).where(eq(consoleUsers.username, username)).run();
    if (result.changes !== 1) {
      throw new ConsoleUserError('CONSOLE_USER_UNKNOWN', `no console user ${username}`);
    }
  }
}

function toUser(row: typeof consoleUsers.$inferSelect): StoredConsoleUser {
  const user: StoredConsoleUser = {
    username: row.username,
    displayName: row.displayName,
    role: row.role as ConsoleUserRole,
    passwordHash: row.passwordHash,
    createdAt: row.createdAt,
  };
  if (row.disabledAt !== null) user.disabledAt = row.disabledAt;
  return user;
}
