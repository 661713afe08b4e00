import { BASE_SECURITY_HEADERS, SELF_ONLY_PAGE_CSP } from '@vaultline/shared/http/security-headers';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { LANG_COOKIE, LOGIN_CSRF_COOKIE, readCookies, SESSION_COOKIE } from './auth/cookies.ts';
import { LoginLimiter } from './auth/login-limiter.ts';
import { LoginService } from './auth/login-service.ts';
import { fromSameOrigin, presentedCsrfToken } from './auth/origin-check.ts';
import { loginRedirect } from './auth/require-role.ts';
import { SessionService, tokensMatch } from './auth/session-service.ts';
import { assetRoutes } from './console-assets.ts';
import type { ConsoleDeps, ConsolePage } from './console-context.ts';
import { DEFAULT_LANG, isLang } from './i18n/catalogue.ts';
import {
  renderBadRequest,
  renderCsrfRefused,
  renderInternalError,
  renderNotFound,
} from './pages/error-pages.ts';
import { loginRoutes, rememberSession } from './pages/login-page.ts';
import { attachDeps, parseForm } from './request-helpers.ts';

/** Largest form accepted: a pasted plan or sealed personnel file with photos fits; anything bigger is refused. */
const FORM_LIMIT = 16 * 1024 * 1024;

/**
 * Security headers of every console answer: only the centre's own scripts, styles, images and stream;
 * never framed; no referrer leaves the site.
 */
const SECURITY_HEADERS = {
  ...BASE_SECURITY_HEADERS,
  'Content-Security-Policy': SELF_ONLY_PAGE_CSP,
  'Referrer-Policy': 'same-origin',
  'Permissions-Policy': 'camera=(), microphone=(), geolocation=(), payment=(), usb=()',
} as const;

export interface RegisterConsoleOptions {
  /** The login limiter (a test passes its own); default 5 failures in 15 min, kept in the store. */
  limiter?: LoginLimiter;
}

/**
 * Mounts the duty console at `/console` on the centre's HTTP server: sessions (cookie → user, language,
 * CSRF token), the login with its rate limit, the global CSRF and Origin check of every POST, the
 * assets, the error and not-found pages, and each page module. `/` leads to the console.
 */
export function registerConsole(
  app: FastifyInstance,
  deps: ConsoleDeps,
  pages: readonly ConsolePage[],
  options: RegisterConsoleOptions = {},
): void {
  const sessions = new SessionService({
    users: deps.store.consoleUsers,
    sessions: deps.store.consoleSessions,
    clock: deps.clock,
    ...deps.sessionLifetime,
  });
  const login = new LoginService({
    users: deps.store.consoleUsers,
    limiter:
      options.limiter ?? new LoginLimiter({ clock: deps.clock, failures: deps.store.consoleLoginFailures }),
    audit: deps.audit,
    logger: deps.logger.child({ component: 'center.console.login' }),
  });
  const logger = deps.logger.child({ component: 'center.console' });

  app.get('/', async (_request, reply) => reply.redirect('/console/', 303));
  app.register(
    async (scope) => {
      scope.decorateRequest('consoleUser', undefined);
      scope.decorateRequest('lang', DEFAULT_LANG);
      scope.decorateRequest('csrfToken', undefined);
      scope.addContentTypeParser(
        'application/x-www-form-urlencoded',
        { parseAs: 'string', bodyLimit: FORM_LIMIT },
        (_request, body, done) => done(null, parseForm(String(body))),
      );

      scope.addHook('onRequest', async (request, reply) => {
        attachDeps(request, deps);
        reply.headers(SECURITY_HEADERS);
        const cookies = readCookies(request);
        const lang = cookies.get(LANG_COOKIE);
        request.lang = isLang(lang) ? lang : DEFAULT_LANG;
        if (request.url.startsWith('/console/assets/')) return;
        const session = sessions.resolve(cookies.get(SESSION_COOKIE));
        if (session) {
          request.consoleUser = session.user;
          request.csrfToken = session.csrfToken;
          rememberSession(request, session.sessionHash);
        }
      });

      scope.addHook('preHandler', async (request, reply) => {
        if (request.method === 'GET' || request.method === 'HEAD') return;
        if (!fromSameOrigin(request)) return refuseCsrf(request, reply, 'origin');
        const presented = presentedCsrfToken(request);
        if (request.url.split('?')[0] === '/console/login') {
          const expected = readCookies(request).get(LOGIN_CSRF_COOKIE) ?? '';
          if (!tokensMatch(expected, presented)) return refuseCsrf(request, reply, 'login-token');
          return;
        }
        if (!request.consoleUser || !request.csrfToken) return loginRedirect(request, reply);
        if (!tokensMatch(request.csrfToken, presented)) return refuseCsrf(request, reply, 'token');
      });

      scope.setErrorHandler((error, request, reply) => {
        const status = (error as { statusCode?: number }).statusCode ?? 500;
        const page = (code: number, body: string) =>
          reply.code(code).type('text/html; charset=utf-8').send(body);
        if (status >= 400 && status < 500) {
          logger.debug(
            { url: request.url, status, code: (error as { code?: string }).code },
            'console request refused',
          );
          return page(status, renderBadRequest(request, (error as Error).message));
        }
        logger.error({ err: error, url: request.url }, 'console request failed');
        return page(500, renderInternalError(request));
      });
      scope.setNotFoundHandler((request, reply) =>
        reply.code(404).type('text/html; charset=utf-8').send(renderNotFound(request)),
      );

      function refuseCsrf(request: FastifyRequest, reply: FastifyReply, why: string): FastifyReply {
        const actor = request.consoleUser?.username ?? 'anonymous';
        deps.audit(actor, 'console.csrf.refused', `${request.method} ${request.url}`, {
          why,
          ip: request.ip,
        });
        logger.warn({ url: request.url, why, ip: request.ip }, 'console POST refused (CSRF/Origin)');
        return reply.code(403).type('text/html; charset=utf-8').send(renderCsrfRefused(request));
      }

      assetRoutes(scope);
      loginRoutes(scope, deps, { login, sessions });
      for (const page of pages) page(scope, deps);
    },
    { prefix: '/console' },
  );
}
