import type { Logger } from '@vaultline/shared';
import type { Clock } from '@vaultline/shared/time/clock';
import type { FastifyInstance } from 'fastify';
import type { AlarmService } from '../alarms/alarm-service.ts';
import type { GatewayMonitor } from '../alarms/gateway-monitor.ts';
import type { HandoverRecords } from '../api/handover-records.ts';
import type { RunTracker } from '../runs/run-tracker.ts';
import type { CentreStore } from '../store/open-store.ts';
import type { SessionLifetime } from './auth/session-service.ts';
import type { SafeHtml } from './html.ts';
import type { Lang } from './i18n/catalogue.ts';
import type { ConsoleRole, NavKey } from './permissions.ts';

/**
 * What every console page module builds on: the types of a signed-in request, the HTML template tag,
 * the page layout, role checks, the CSRF field and the message catalogue. Page modules import from
 * here only.
 */

export { requirePermission, requireRole } from './auth/require-role.ts';
export type { SafeHtml } from './html.ts';
export { escapeHtml, html, trustedHtml } from './html.ts';
export { isLang, type Lang, t } from './i18n/catalogue.ts';
export { renderPage } from './layout.ts';
export { type ConsolePermission, type ConsoleRole, can, type NavKey, rolesWith } from './permissions.ts';
export { csrfField, type FormBody, formField } from './request-helpers.ts';

export interface ConsoleUser {
  username: string;
  displayName: string;
  role: ConsoleRole;
}

declare module 'fastify' {
  interface FastifyRequest {
    /** The signed-in console user (console routes only; undefined when not signed in). */
    consoleUser?: ConsoleUser;
    /** The page language: the `vl_lang` cookie, zh-CN by default. */
    lang: Lang;
    /** The session's CSRF token (console routes, signed in). */
    csrfToken?: string;
  }
}

export interface PageView {
  /** The page title (already translated). */
  title: string;
  /** Which navigation item is highlighted. */
  nav: NavKey;
  body: SafeHtml;
  /** Scripts of this page: file names under `/console/assets/` (e.g. `alarms.js`). */
  scripts?: string[];
  /** Message key prefixes the page's script needs besides the common ones (e.g. `runs.`). */
  clientMessages?: string[];
}

/** Writes an audit entry: who (a console username or `centre`), did what, to what. Never a secret. */
export type ConsoleAudit = (
  actor: string,
  action: string,
  target: string,
  detail?: Record<string, unknown>,
) => void;

/** Everything console pages work with. */
export interface ConsoleDeps {
  store: CentreStore;
  alarms: AlarmService;
  runs: RunTracker;
  monitor: GatewayMonitor;
  /** The signed hand-over records (`handover.completed`). */
  records: HandoverRecords;
  clock: Clock;
  logger: Logger;
  audit: ConsoleAudit;
  /** IANA time zone the pages show times in (default: the machine's). */
  timeZone?: string;
  /** Days face captures are kept (centre config `faceRetentionDays`, default 90): records say so. */
  faceRetentionDays?: number;
  /** How long console sessions last, idle and from login (centre config `console`; default 12 h each). */
  sessionLifetime?: SessionLifetime;
  /**
   * Services wired in as they exist (plan authoring, personnel, provisioning, backups). Typed `unknown`
   * here so the core does not depend on them; a page narrows the one it uses to that service's type.
   */
  plans?: unknown;
  people?: unknown;
  provisioning?: unknown;
  backups?: unknown;
  /** Resuming ingest after RECORD_TAMPERED (ingest/tamper-recovery.ts `TamperRecovery`). */
  tamperRecovery?: unknown;
}

/**
 * A page module: registers its routes in the console's scope, which has the `/console` prefix, so
 * `app.get('/records', …)` serves `/console/records`. Inside the scope every request has `lang`, a
 * signed-in request has `consoleUser` and `csrfToken`, form posts (`application/x-www-form-urlencoded`)
 * arrive as a FormBody, and every POST has passed the CSRF and Origin checks. Guard each route with
 * `preHandler: requireRole(...)` or `requirePermission(...)`.
 */
export type ConsolePage = (app: FastifyInstance, deps: ConsoleDeps) => void;
