import type { FastifyRequest } from 'fastify';
import { html } from '../html.ts';
import { t } from '../i18n/catalogue.ts';
import { renderPage } from '../layout.ts';

function errorPage(request: FastifyRequest, titleKey: string, text: string): string {
  const lang = request.lang;
  return renderPage(request, {
    title: t(lang, titleKey),
    nav: 'alarms',
    body: html`<section class="panel panel-error"><p class="lead">${text}</p>
<p><a class="btn" href="/console/">${t(lang, 'error.back')}</a></p></section>`,
  });
}

/** 403: signed in, but the role may not do this. */
export function renderForbidden(request: FastifyRequest): string {
  const role = request.consoleUser ? t(request.lang, `role.${request.consoleUser.role}`) : '—';
  return errorPage(request, 'error.forbidden.title', t(request.lang, 'error.forbidden.text', { role }));
}

export function renderNotFound(request: FastifyRequest): string {
  const path = request.url.split('?')[0] ?? request.url;
  return errorPage(request, 'error.notFound.title', t(request.lang, 'error.notFound.text', { path }));
}

/** 403: the CSRF token or the Origin of a POST did not match. */
export function renderCsrfRefused(request: FastifyRequest): string {
  return errorPage(request, 'error.csrf.title', t(request.lang, 'error.csrf.text'));
}

/** 4xx with a message that says what to do (already translated or a domain error's own words). */
export function renderBadRequest(request: FastifyRequest, message: string): string {
  return errorPage(request, 'error.bad.title', message);
}

export function renderInternalError(request: FastifyRequest): string {
  return errorPage(request, 'error.internal.title', t(request.lang, 'error.internal.text'));
}
