import { sha256Hex } from '@vaultline/shared/crypto/sha256-hex';
import type { Clock } from '@vaultline/shared/time/clock';

export type LoginFailureKind = 'user' | 'ip';

/**
 * Where the limiter keeps failed logins (the centre's store: `ConsoleLoginFailureRepo`), so a restart or
 * a crash loop of the centre does not wipe the count.
 */
export interface LoginFailureLog {
  /** One failure of user name `userKey` from address `ipKey`. */
  record(failure: { userKey: string; ipKey: string; at: number }): void;
  /** When each failure on `key` after `after` happened. */
  timesSince(kind: LoginFailureKind, key: string, after: number): number[];
  /** The name's failures, and that name's failures from the address (others' from it stay). */
  clear(userKey: string, ipKey: string): void;
  /** Deletes failures at or before `atOrBefore`, then the oldest beyond `keepAtMost`. */
  prune(atOrBefore: number, keepAtMost: number): number;
  count(): number;
}

export interface LoginPolicy {
  /** Failures allowed per user name, and per client address, within the window. */
  maxFailures: number;
  /** The window, ms. */
  windowMs: number;
}

/** OWASP Authentication Cheat Sheet: a handful of tries per account in a quarter of an hour. */
export const DEFAULT_LOGIN_POLICY: LoginPolicy = { maxFailures: 5, windowMs: 15 * 60_000 };

export type LoginGate = { allowed: true } | { allowed: false; retryAt: number; by: 'username' | 'ip' };

/** Longest key stored as typed; a longer one (nobody's real name, maybe a pasted password) is hashed. */
const MAX_PLAIN_KEY = 64;

/** A user name or address as stored: bounded in size, and distinct keys stay distinct. */
export function failureKey(value: string): string {
  if (value.length <= MAX_PLAIN_KEY) return value;
  return `sha256:${sha256Hex(Buffer.from(value, 'utf8'))}`;
}

/**
 * The decision, pure: refused when the name, else the address, has `maxFailures` failures within the
 * window before `now`, until the `maxFailures`-th newest of them leaves the window.
 */
export function decideLoginGate(
  failures: { byUser: readonly number[]; byIp: readonly number[] },
  now: number,
  policy: LoginPolicy,
): LoginGate {
  const user = recentTimes(failures.byUser, now, policy);
  if (user.length >= policy.maxFailures) {
    return { allowed: false, retryAt: retryAt(user, policy), by: 'username' };
  }
  const ip = recentTimes(failures.byIp, now, policy);
  if (ip.length >= policy.maxFailures) return { allowed: false, retryAt: retryAt(ip, policy), by: 'ip' };
  return { allowed: true };
}

function recentTimes(times: readonly number[], now: number, policy: LoginPolicy): number[] {
  return times.filter((at) => at > now - policy.windowMs).sort((a, b) => a - b);
}

/** `sorted` holds at least `maxFailures` times, oldest first. */
function retryAt(sorted: number[], policy: LoginPolicy): number {
  return (sorted[sorted.length - policy.maxFailures] ?? 0) + policy.windowMs;
}

export interface LoginLimiterOptions {
  clock: Clock;
  /** Where failures are kept: `store.consoleLoginFailures`. */
  failures: LoginFailureLog;
  /** Default 5 failures per name and per address in 15 min. */
  policy?: Partial<LoginPolicy>;
  /** Most failures kept at once, the oldest dropped first: a bound on a flood (default 100 000). */
  maxStored?: number;
}

/**
 * Brute-force protection of the login: after `maxFailures` failed attempts on one user name, or from
 * one address, within `windowMs`, further attempts are refused until the oldest of those failures
 * leaves the window — without the password being checked at all. A success clears the failures on that
 * user name, and only that user name's failures from that address: an address that tried other names
 * stays counted. Refused attempts are not failures (the lock does not grow while someone keeps
 * knocking). Failures are stored, so a restart changes nothing; those older than the window are pruned.
 */
export class LoginLimiter {
  readonly policy: LoginPolicy;
  private readonly maxStored: number;

  constructor(private readonly options: LoginLimiterOptions) {
    this.policy = { ...DEFAULT_LOGIN_POLICY, ...options.policy };
    this.maxStored = options.maxStored ?? 100_000;
  }

  /** May this attempt go ahead? Asked before the password is checked. */
  check(username: string, ip: string): LoginGate {
    const now = this.options.clock.now();
    const after = now - this.policy.windowMs;
    const log = this.options.failures;
    return decideLoginGate(
      {
        byUser: log.timesSince('user', failureKey(username), after),
        byIp: log.timesSince('ip', failureKey(ip), after),
      },
      now,
      this.policy,
    );
  }

  failure(username: string, ip: string): void {
    const at = this.options.clock.now();
    const log = this.options.failures;
    log.record({ userKey: failureKey(username), ipKey: failureKey(ip), at });
    log.prune(at - this.policy.windowMs, this.maxStored);
  }

  success(username: string, ip: string): void {
    this.options.failures.clear(failureKey(username), failureKey(ip));
  }

  /** Failures held now, names and addresses together (for tests and metrics). */
  get stored(): number {
    return this.options.failures.count();
  }
}
