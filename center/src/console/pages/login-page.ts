import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import {
  addSetCookie,
  LANG_COOKIE,
  LOGIN_CSRF_COOKIE,
  SESSION_COOKIE,
  serializeCookie,
} from '../auth/cookies.ts';
import type { LoginService } from '../auth/login-service.ts';
import { randomToken, type SessionService } from '../auth/session-service.ts';
import type { ConsoleDeps } from '../console-context.ts';
import { formatTimeOfDay } from '../format.ts';
import { html } from '../html.ts';
import { isLang, t } from '../i18n/catalogue.ts';
import { renderPage } from '../layout.ts';
import { formField, safeNext } from '../request-helpers.ts';

/** The language cookie lasts a year: it is a preference, not a credential. */
const LANG_MAX_AGE_S = 365 * 24 * 3600;

interface LoginForm {
  next: string;
  username?: string;
  message?: string;
  tone?: 'error' | 'info';
}

function loginPage(request: FastifyRequest, reply: FastifyReply, form: LoginForm): string {
  const lang = request.lang;
  const token = randomToken();
  addSetCookie(reply, serializeCookie(request, LOGIN_CSRF_COOKIE, token));
  const message = form.message
    ? html`<p class="notice notice-${form.tone ?? 'error'}" role="alert">${form.message}</p>`
    : '';
  return renderPage(request, {
    title: t(lang, 'auth.title'),
    nav: 'alarms',
    body: html`<section class="panel login-panel">
${message}
<form method="post" action="/console/login" class="form login-form">
  <input type="hidden" name="_csrf" value="${token}">
  <input type="hidden" name="next" value="${form.next}">
  <label>${t(lang, 'auth.username')}<input name="username" autocomplete="username" required autofocus value="${form.username ?? ''}"></label>
  <label>${t(lang, 'auth.password')}<input name="password" type="password" autocomplete="current-password" required></label>
  <button type="submit" class="btn btn-primary btn-large">${t(lang, 'auth.submit')}</button>
</form>
<p class="muted">${t(lang, 'auth.hint')}</p>
</section>`,
  });
}

/** `GET|POST /console/login`, `POST /console/logout`, `GET /console/lang`. */
export function loginRoutes(
  app: FastifyInstance,
  deps: ConsoleDeps,
  auth: { login: LoginService; sessions: SessionService },
): void {
  app.get<{ Querystring: { next?: string; out?: string; expired?: string } }>(
    '/login',
    async (request, reply) => {
      const next = safeNext(request.query.next);
      if (request.consoleUser) return reply.redirect(next, 303);
      const lang = request.lang;
      const message =
        request.query.out !== undefined
          ? t(lang, 'auth.loggedOut')
          : request.query.expired !== undefined
            ? t(lang, 'auth.expired')
            : undefined;
      return reply
        .type('text/html; charset=utf-8')
        .send(loginPage(request, reply, { next, message, tone: 'info' }));
    },
  );

  app.post('/login', async (request, reply) => {
    const lang = request.lang;
    const next = safeNext(formField(request.body, 'next'));
    const username = formField(request.body, 'username').trim();
    const password = formField(request.body, 'password');
    const send = (status: number, message: string) =>
      reply
        .code(status)
        .type('text/html; charset=utf-8')
        .send(loginPage(request, reply, { next, username, message }));
    if (!username || !password) return send(400, t(lang, 'auth.missingFields'));
    const result = await auth.login.login(username, password, request.ip);
    if (result.outcome === 'locked') {
      const seconds = Math.max(1, Math.ceil((result.retryAt - deps.clock.now()) / 1000));
      reply.header('Retry-After', String(seconds));
      const time = formatTimeOfDay(result.retryAt, deps.timeZone);
      return send(429, t(lang, 'auth.locked', { time, minutes: Math.ceil(seconds / 60) }));
    }
    if (result.outcome === 'invalid') return send(401, t(lang, 'auth.failed'));
    const session = auth.sessions.create(result.user.username);
    addSetCookie(reply, serializeCookie(request, SESSION_COOKIE, session.secret));
    addSetCookie(reply, serializeCookie(request, LOGIN_CSRF_COOKIE, '', { maxAge: 0 }));
    return reply.redirect(next, 303);
  });

  app.post('/logout', async (request, reply) => {
    const user = request.consoleUser;
    const session = sessionOf(request);
    if (user && session) {
      auth.sessions.destroy(session);
      deps.audit(user.username, 'console.logout', `user:${user.username}`);
    }
    addSetCookie(reply, serializeCookie(request, SESSION_COOKIE, '', { maxAge: 0 }));
    return reply.redirect('/console/login?out=1', 303);
  });

  app.get<{ Querystring: { to?: string; next?: string } }>('/lang', async (request, reply) => {
    const to = request.query.to;
    if (isLang(to)) {
      addSetCookie(
        reply,
        serializeCookie(request, LANG_COOKIE, to, { maxAge: LANG_MAX_AGE_S, httpOnly: false }),
      );
    }
    return reply.redirect(safeNext(request.query.next), 303);
  });
}

/** The session hash of a signed-in request (set by the plugin). */
const sessionHashes = new WeakMap<FastifyRequest, string>();

export function rememberSession(request: FastifyRequest, sessionHash: string): void {
  sessionHashes.set(request, sessionHash);
}

function sessionOf(request: FastifyRequest): string | undefined {
  return sessionHashes.get(request);
}
