import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Clock } from '@vaultline/shared/time/clock';
import type { ConsoleSessionRepo } from '../../store/console-session-repo.ts';
import type { ConsoleUserRepo } from '../../store/console-user-repo.ts';
import type { ConsoleUser } from '../console-context.ts';
import { isConsoleRole } from '../permissions.ts';

/** A session ends after this long without a request (one working shift and a margin). */
export const DEFAULT_SESSION_IDLE_MS = 12 * 60 * 60_000;
/** A session ends this long after login however busy it is (centre config `console.sessionAbsoluteHours`). */
export const DEFAULT_SESSION_ABSOLUTE_MS = 12 * 60 * 60_000;
/** The stored expiry is pushed forward at most this often, so reading pages does not write on each request. */
const TOUCH_EVERY_MS = 60_000;
/** 256 bits: nobody guesses a secret, so its SHA-256 (not a slow hash) is enough to store. */
const SECRET_BYTES = 32;

/** How long sessions last (centre config `console`); each defaults to 12 h. */
export interface SessionLifetime {
  /** Ends after this long without a request, ms. */
  idleMs?: number;
  /** Ends this long after login whatever the activity, ms. */
  absoluteMs?: number;
}

/**
 * When a session created at `createdAt` and used at `now` expires, pure: the idle expiry pushed forward
 * by the use, never past the absolute one.
 */
export function sessionExpiry(createdAt: number, now: number, lifetime: Required<SessionLifetime>): number {
  return Math.min(now + lifetime.idleMs, createdAt + lifetime.absoluteMs);
}

export interface ActiveSession {
  user: ConsoleUser;
  csrfToken: string;
  sessionHash: string;
  expiresAt: number;
}

export function hashSessionSecret(secret: string): string {
  return createHash('sha256').update(secret, 'utf8').digest('hex');
}

export function randomToken(bytes = SECRET_BYTES): string {
  return randomBytes(bytes).toString('base64url');
}

/** Constant-time comparison of two tokens (different lengths are simply unequal). */
export function tokensMatch(expected: string, given: string): boolean {
  const a = Buffer.from(expected, 'utf8');
  const b = Buffer.from(given, 'utf8');
  return a.length === b.length && a.length > 0 && timingSafeEqual(a, b);
}

/**
 * Console sessions: a random 32-byte secret in the cookie, only its SHA-256 in the store, a CSRF token
 * bound to the session, and an idle expiry pushed forward while the session is used, up to an absolute
 * expiry counted from login. A disabled user's session is gone at once.
 */
export class SessionService {
  constructor(
    private readonly options: {
      users: Pick<ConsoleUserRepo, 'get'>;
      sessions: ConsoleSessionRepo;
      clock: Clock;
    } & SessionLifetime,
  ) {}

  get lifetime(): Required<SessionLifetime> {
    return {
      idleMs: this.options.idleMs ?? DEFAULT_SESSION_IDLE_MS,
      absoluteMs: this.options.absoluteMs ?? DEFAULT_SESSION_ABSOLUTE_MS,
    };
  }

  /** A new session for a signed-in user: the cookie secret (give it to the browser only) and the CSRF token. */
  create(username: string): { secret: string; csrfToken: string; expiresAt: number } {
    const now = this.options.clock.now();
    const secret = randomToken();
    const csrfToken = randomToken();
    const expiresAt = sessionExpiry(now, now, this.lifetime);
    this.options.sessions.deleteExpired(now);
    this.options.sessions.insert({
      sessionHash: hashSessionSecret(secret),
      username,
      csrfToken,
      createdAt: now,
      expiresAt,
    });
    return { secret, csrfToken, expiresAt };
  }

  /**
   * The live session behind a cookie secret, or undefined (unknown, idle too long, past its absolute
   * lifetime — also one set shorter since it began —, user disabled or gone).
   */
  resolve(secret: string | undefined): ActiveSession | undefined {
    if (!secret || secret.length > 128) return undefined;
    const sessionHash = hashSessionSecret(secret);
    const session = this.options.sessions.get(sessionHash);
    if (!session) return undefined;
    const now = this.options.clock.now();
    const user = this.options.users.get(session.username);
    const due = sessionExpiry(session.createdAt, now, this.lifetime);
    const ended = session.expiresAt <= now || due <= now;
    if (ended || !user || user.disabledAt !== undefined || !isConsoleRole(user.role)) {
      this.options.sessions.delete(sessionHash);
      return undefined;
    }
    let expiresAt = session.expiresAt;
    // Pushed forward (at most once a minute), or pulled in when the lifetime was set shorter.
    if (due - expiresAt >= TOUCH_EVERY_MS || due < expiresAt) {
      expiresAt = due;
      this.options.sessions.touch(sessionHash, expiresAt);
    }
    return {
      user: { username: user.username, displayName: user.displayName, role: user.role },
      csrfToken: session.csrfToken,
      sessionHash,
      expiresAt,
    };
  }

  /** Logout: the row is deleted, so the cookie is worthless even if it was copied. */
  destroy(sessionHash: string): void {
    this.options.sessions.delete(sessionHash);
  }
}
