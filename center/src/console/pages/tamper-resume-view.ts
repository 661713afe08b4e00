import { MIN_RESUME_REASON } from '../../ingest/resume-policy.ts';
import type { AlarmRecord, ChainHead } from '../../ports.ts';
import { html, type SafeHtml } from '../html.ts';
import { type Lang, t } from '../i18n/catalogue.ts';

/** One gateway whose ingest RECORD_TAMPERED stopped, with its open tamper alarms. */
export interface StoppedGateway {
  gatewayId: string;
  siteName: string;
  head: ChainHead;
  /** Its unresolved RECORD_TAMPERED alarms. */
  openAlarms: AlarmRecord[];
}

export interface TamperResumeContext {
  lang: Lang;
  /** The admin's resume permission (`gateway.resume-ingest`). */
  canResume: boolean;
  /** The request's CSRF field (`csrfField(request)`). */
  csrf: SafeHtml;
}

/**
 * The "ingest stopped" section of the gateways page: for each stopped gateway what happened, the two
 * ways out explained — (a) resume from the verified head, here, for an admin once the alarm is
 * acknowledged; (b) a re-provisioned gateway, which is `gateway add` — and what (a) cannot repair.
 * Outside the refreshed table, so a reason being typed is not wiped.
 */
export function tamperResumeSection(stopped: readonly StoppedGateway[], ctx: TamperResumeContext): SafeHtml {
  if (stopped.length === 0) return html``;
  const { lang } = ctx;
  return html`<section class="tamper-resume" id="tamper-resume">
<h2>${t(lang, 'gateways.resume.title')}</h2>
<p>${t(lang, 'gateways.resume.intro')}</p>
<ul class="resume-options">
<li><strong>${t(lang, 'gateways.resume.optionA')}</strong> ${t(lang, 'gateways.resume.optionAText')}</li>
<li><strong>${t(lang, 'gateways.resume.optionB')}</strong> ${t(lang, 'gateways.resume.optionBText')}</li>
</ul>
<p class="muted">${t(lang, 'gateways.resume.forGood')}</p>
${stopped.map((gateway) => stoppedGateway(gateway, ctx))}
</section>`;
}

function stoppedGateway(gateway: StoppedGateway, ctx: TamperResumeContext): SafeHtml {
  const { lang } = ctx;
  const { gatewayId, head, openAlarms } = gateway;
  const raised = openAlarms.filter((alarm) => alarm.state === 'raised');
  const findings = openAlarms.map(
    (alarm) =>
      html`<li><span class="state state-${alarm.state}">${t(lang, `state.${alarm.state}`)}</span> ${String(alarm.detail.message ?? alarm.detail.problem ?? '')}</li>`,
  );
  return html`<article class="stopped-gateway" data-gateway="${gatewayId}">
<h3>${gatewayId} <span class="muted">${gateway.siteName}</span></h3>
<p>${t(lang, 'gateways.resume.head', { seq: head.lastSeq, next: head.lastSeq + 1 })}</p>
${findings.length > 0 ? html`<ul class="findings">${findings}</ul>` : ''}
${resumeAction(gatewayId, raised.length > 0, ctx)}
</article>`;
}

function resumeAction(gatewayId: string, unacknowledged: boolean, ctx: TamperResumeContext): SafeHtml {
  const { lang } = ctx;
  if (!ctx.canResume) return html`<p class="muted">${t(lang, 'gateways.resume.adminOnly')}</p>`;
  if (unacknowledged) {
    return html`<p class="notice notice-info">${t(lang, 'gateways.resume.ackFirst')} <a href="/console/?kind=RECORD_TAMPERED">${t(lang, 'gateways.resume.toAlarms')}</a></p>`;
  }
  const id = encodeURIComponent(gatewayId);
  return html`<form method="post" action="/console/gateways/${id}/resume-ingest" class="form resume-form">${ctx.csrf}
<label>${t(lang, 'gateways.resume.reason', { min: MIN_RESUME_REASON })}<textarea name="reason" required minlength="${MIN_RESUME_REASON}" maxlength="2000" rows="3" placeholder="${t(lang, 'gateways.resume.reasonPlaceholder')}"></textarea></label>
<button type="submit" class="btn btn-primary">${t(lang, 'gateways.resume.submit', { gateway: gatewayId })}</button></form>`;
}
