import type { Logger } from '@vaultline/shared';
import type { ConsoleUserRepo } from '../../store/console-user-repo.ts';
import type { ConsoleAudit, ConsoleUser } from '../console-context.ts';
import { isConsoleRole } from '../permissions.ts';
import type { LoginLimiter } from './login-limiter.ts';
import { dummyPasswordHash, verifyPassword } from './password-hash.ts';

export type LoginResult =
  | { outcome: 'ok'; user: ConsoleUser }
  | { outcome: 'invalid' }
  | { outcome: 'locked'; retryAt: number };

/** What the audit keeps of a typed user name: enough to see who was tried, bounded in size. */
const MAX_LOGGED_NAME = 64;

/**
 * Checks a login: the rate limit first (a locked name or address is refused without its password being
 * looked at), then one argon2id verification whether or not the user exists (an unknown name costs the
 * same time as a wrong password), the same answer for both, and every outcome in the audit log — never
 * the password.
 */
export class LoginService {
  constructor(
    private readonly options: {
      users: Pick<ConsoleUserRepo, 'get'>;
      limiter: LoginLimiter;
      audit: ConsoleAudit;
      logger: Logger;
    },
  ) {}

  async login(username: string, password: string, ip: string): Promise<LoginResult> {
    const { users, limiter, audit, logger } = this.options;
    const name = username.slice(0, MAX_LOGGED_NAME);
    const gate = limiter.check(username, ip);
    if (!gate.allowed) {
      audit(name, 'console.login.locked', `user:${name}`, {
        ip,
        by: gate.by,
        retryAt: new Date(gate.retryAt).toISOString(),
      });
      logger.warn({ username: name, ip, by: gate.by }, 'console login refused: too many failures');
      return { outcome: 'locked', retryAt: gate.retryAt };
    }
    const user = users.get(username);
    const matches = await verifyPassword(user?.passwordHash ?? (await dummyPasswordHash()), password);
    if (user && matches && user.disabledAt === undefined && isConsoleRole(user.role)) {
      limiter.success(username, ip);
      audit(user.username, 'console.login', `user:${user.username}`, { ip, role: user.role });
      logger.info({ username: user.username, role: user.role }, 'console login');
      return {
        outcome: 'ok',
        user: { username: user.username, displayName: user.displayName, role: user.role },
      };
    }
    limiter.failure(username, ip);
    const reason = !user ? 'unknown-user' : user.disabledAt !== undefined ? 'disabled' : 'wrong-password';
    audit(name, 'console.login.failed', `user:${name}`, { ip, reason });
    logger.info({ username: name, ip, reason }, 'console login failed');
    const now = limiter.check(username, ip);
    if (!now.allowed) {
      audit(name, 'console.login.lockout', `user:${name}`, {
        ip,
        by: now.by,
        retryAt: new Date(now.retryAt).toISOString(),
      });
    }
    return { outcome: 'invalid' };
  }
}
