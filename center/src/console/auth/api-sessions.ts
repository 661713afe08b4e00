import type { Clock } from '@vaultline/shared/time/clock';
import type { SessionAuthenticator } from '../../api/api-auth.ts';
import type { CentreStore } from '../../store/open-store.ts';
import { readCookies, SESSION_COOKIE } from './cookies.ts';
import { fromSameOrigin } from './origin-check.ts';
import { type SessionLifetime, SessionService, tokensMatch } from './session-service.ts';

/**
 * Console sessions for the HTTP API: the session cookie stands for a bearer token with the user's role
 * (the console's live stream and scripts); a mutating request also needs the session's CSRF token in
 * `x-csrf-token` and an Origin of this centre. The audit trail names the console user. Sessions end as
 * the console's do (`lifetime`: centre config `console`).
 */
export function consoleApiSessions(
  store: Pick<CentreStore, 'consoleUsers' | 'consoleSessions'>,
  clock: Clock,
  lifetime: SessionLifetime = {},
): SessionAuthenticator {
  const sessions = new SessionService({
    users: store.consoleUsers,
    sessions: store.consoleSessions,
    clock,
    ...lifetime,
  });
  return {
    authenticate(request) {
      const session = sessions.resolve(readCookies(request).get(SESSION_COOKIE));
      if (!session) return undefined;
      const header = request.headers['x-csrf-token'];
      const csrfOk =
        typeof header === 'string' && tokensMatch(session.csrfToken, header) && fromSameOrigin(request);
      const { username, role } = session.user;
      return { principal: { tokenId: `console:${username}`, name: username, role }, csrfOk };
    },
  };
}
