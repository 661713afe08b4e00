import type { FastifyRequest } from 'fastify';
import type { AlarmService } from '../alarms/alarm-service.ts';
import type { ConsoleUser, PageView } from './console-context.ts';
import { html, type SafeHtml, trustedHtml } from './html.ts';
import { type Lang, messagesWithPrefix, t } from './i18n/catalogue.ts';
import { NAV_ITEMS, navFor } from './permissions.ts';
import { depsOf } from './request-helpers.ts';

/** Message prefixes every page's script may need (banner, voice, alarm names, live state). */
const CLIENT_MESSAGES = ['alarm.', 'severity.', 'banner.', 'voice.', 'live.', 'state.', 'age.'];

export interface BannerCounts {
  critical: number;
  major: number;
}

/** Unacknowledged (raised) alarms that must not be missed: critical and major. */
export function bannerCounts(alarms: Pick<AlarmService, 'list'>): BannerCounts {
  const counts = { critical: 0, major: 0 };
  for (const alarm of alarms.list({ state: 'raised', limit: 100_000 })) {
    if (alarm.severity === 'critical') counts.critical++;
    else if (alarm.severity === 'major') counts.major++;
  }
  return counts;
}

/** The red bar on every page (calm when nothing is open); the page script keeps it live. */
export function alarmBanner(lang: Lang, counts: BannerCounts): SafeHtml {
  const total = counts.critical + counts.major;
  const text =
    total === 0
      ? t(lang, 'banner.none')
      : t(lang, 'banner.open', { n: total, critical: counts.critical, major: counts.major });
  return html`<div id="alarm-banner" class="banner ${total === 0 ? 'banner-calm' : 'banner-alarm'}" role="status" aria-live="assertive" data-count="${total}"><a href="/console/">${text}</a></div>`;
}

function navigation(lang: Lang, user: ConsoleUser, current: string): SafeHtml {
  const visible = new Set(navFor(user.role));
  const items = NAV_ITEMS.filter((item) => visible.has(item.key)).map(
    (item) =>
      html`<a href="${item.path}" class="nav-item${item.key === current ? ' current' : ''}"${item.key === current ? trustedHtml(' aria-current="page"') : ''}>${t(lang, `nav.${item.key}`)}</a>`,
  );
  return html`<nav class="nav" aria-label="${t(lang, 'nav.label')}">${items}</nav>`;
}

function userBox(request: FastifyRequest, user: ConsoleUser): SafeHtml {
  const lang = request.lang;
  return html`<div class="user-box">
  <span class="user-name">${user.displayName}</span>
  <span class="user-role">${t(lang, `role.${user.role}`)}</span>
  <button type="button" id="voice-toggle" class="btn btn-quiet" aria-pressed="false">${t(lang, 'voice.enable')}</button>
  ${langSwitch(request)}
  <form method="post" action="/console/logout" class="inline-form">
    <input type="hidden" name="_csrf" value="${request.csrfToken ?? ''}">
    <button type="submit" class="btn btn-quiet">${t(lang, 'auth.logout')}</button>
  </form>
</div>`;
}

function langSwitch(request: FastifyRequest): SafeHtml {
  const other = request.lang === 'zh-CN' ? 'en' : 'zh-CN';
  const href = `/console/lang?to=${other}&next=${encodeURIComponent(request.url)}`;
  return html`<a class="btn btn-quiet lang-switch" href="${href}" hreflang="${other}" lang="${other}">${t(other, 'lang.name')}</a>`;
}

/** JSON for a `<script type="application/json">` block: `<` escaped so the text cannot close the block. */
export function jsonBlock(id: string, value: unknown): SafeHtml {
  const json = JSON.stringify(value).replace(/</g, '\\u003c');
  return trustedHtml(`<script type="application/json" id="${id}">${json}</script>`);
}

/**
 * A full console document: banner of open alarms, header with navigation by role, the user, voice
 * toggle, language switch and logout, then the page. A visitor who is not signed in (login, errors)
 * gets the header without navigation and no banner.
 */
export function renderPage(request: FastifyRequest, view: PageView): string {
  const lang = request.lang;
  const user = request.consoleUser;
  const deps = depsOf(request);
  const scripts = user ? ['console.js', ...(view.scripts ?? [])] : (view.scripts ?? []);
  const messages = messagesWithPrefix(lang, [...CLIENT_MESSAGES, ...(view.clientMessages ?? [])]);
  const doc = html`<!doctype html>
<html lang="${lang}" data-tz="${deps.timeZone ?? Intl.DateTimeFormat().resolvedOptions().timeZone}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="csrf-token" content="${request.csrfToken ?? ''}">
<title>${view.title} · ${t(lang, 'app.name')}</title>
<link rel="stylesheet" href="/console/assets/console.css">
${scripts.map((name) => html`<script src="/console/assets/${name}" defer></script>\n`)}
</head>
<body class="${user ? 'signed-in' : 'signed-out'}"${user ? html` data-user="${user.username}" data-role="${user.role}"` : ''}>
${user ? alarmBanner(lang, bannerCounts(deps.alarms)) : ''}
<header class="topbar">
  <a class="brand" href="/console/"><span class="brand-mark">VL</span><span class="brand-name">${t(lang, 'app.name')}</span></a>
  ${user ? navigation(lang, user, view.nav) : ''}
  ${user ? userBox(request, user) : html`<div class="user-box">${langSwitch(request)}</div>`}
</header>
<main id="main" class="page page-${view.nav}">
<h1 class="page-title">${view.title}</h1>
${view.body}
</main>
${jsonBlock('console-messages', messages)}
${user ? jsonBlock('console-sites', Object.fromEntries(deps.store.sites.list().map((site) => [site.siteId, site.name]))) : ''}
</body>
</html>
`;
  return doc.__html;
}
