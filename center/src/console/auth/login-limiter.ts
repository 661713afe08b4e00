import type { Clock } from '@vaultline/shared/time/clock';

export interface LoginLimiterOptions {
  clock: Clock;
  /** Failures allowed per user name, and per client address, within the window (default 5). */
  maxFailures?: number;
  /** The window, ms (default 15 min). */
  windowMs?: number;
  /** Most user names and addresses followed at once; the oldest are forgotten first (default 10 000). */
  maxTracked?: number;
}

export type LoginGate = { allowed: true } | { allowed: false; retryAt: number; by: 'username' | 'ip' };

interface Failure {
  at: number;
  username: string;
}

/**
 * Brute-force protection of the login (OWASP Authentication Cheat Sheet): after `maxFailures` failed
 * attempts on one user name, or from one address, within `windowMs`, further attempts are refused until
 * the oldest of those failures leaves the window — without the password being checked at all. A
 * success clears the failures on that user name, and only that user name's failures from that
 * address: an address that tried other names stays counted. Refused attempts are not failures (the
 * lock does not grow while someone keeps knocking). Pure apart from the clock; held in memory.
 */
export class LoginLimiter {
  private readonly byUser = new Map<string, number[]>();
  private readonly byIp = new Map<string, Failure[]>();
  private readonly max: number;
  private readonly windowMs: number;
  private readonly maxTracked: number;

  constructor(private readonly options: LoginLimiterOptions) {
    this.max = options.maxFailures ?? 5;
    this.windowMs = options.windowMs ?? 15 * 60_000;
    this.maxTracked = options.maxTracked ?? 10_000;
  }

  /** May this attempt go ahead? Asked before the password is checked. */
  check(username: string, ip: string): LoginGate {
    const now = this.options.clock.now();
    const user = this.recent(this.byUser, username, now, (at) => at);
    if (user.length >= this.max) return { allowed: false, retryAt: this.retryAt(user), by: 'username' };
    const fromIp = this.recent(this.byIp, ip, now, (f) => f.at).map((f) => f.at);
    if (fromIp.length >= this.max) return { allowed: false, retryAt: this.retryAt(fromIp), by: 'ip' };
    return { allowed: true };
  }

  failure(username: string, ip: string): void {
    const at = this.options.clock.now();
    this.push(this.byUser, username, at);
    this.push(this.byIp, ip, { at, username });
  }

  success(username: string, ip: string): void {
    this.byUser.delete(username);
    const left = (this.byIp.get(ip) ?? []).filter((f) => f.username !== username);
    if (left.length === 0) this.byIp.delete(ip);
    else this.byIp.set(ip, left);
  }

  /** User names and addresses followed now (for tests and metrics). */
  get tracked(): number {
    return this.byUser.size + this.byIp.size;
  }

  /** When the count falls below the limit: the `max`-th newest failure leaves the window. */
  private retryAt(times: number[]): number {
    const sorted = [...times].sort((a, b) => a - b);
    return (sorted[sorted.length - this.max] ?? sorted[0] ?? 0) + this.windowMs;
  }

  private recent<T>(map: Map<string, T[]>, key: string, now: number, at: (item: T) => number): T[] {
    const items = map.get(key);
    if (!items) return [];
    const kept = items.filter((item) => at(item) > now - this.windowMs);
    if (kept.length === 0) map.delete(key);
    else if (kept.length !== items.length) map.set(key, kept);
    return kept;
  }

  private push<T>(map: Map<string, T[]>, key: string, item: T): void {
    const items = map.get(key);
    // Re-inserted at the end: a Map iterates in insertion order, so the first key is the stalest.
    map.delete(key);
    map.set(key, [...(items ?? []), item]);
    while (map.size > this.maxTracked) {
      const stalest = map.keys().next().value;
      if (stalest === undefined) break;
      map.delete(stalest);
    }
  }
}
