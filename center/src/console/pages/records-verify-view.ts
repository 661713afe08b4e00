import type { ChainCheck } from '../../records/chain-check.ts';
import { html, type Lang, type SafeHtml, t } from '../console-context.ts';

/**
 * The result of a chain verification: green with the verified range and head, or red with the first bad
 * link, what is wrong with it, and whether the record on this page lies before or after it.
 */
export function verifyResultBox(lang: Lang, check: ChainCheck, recordSeq: number): SafeHtml {
  if (check.ok) {
    return html`<div class="notice notice-ok verify-result verify-ok" id="verify-result" role="status" data-ok="true">
<p class="lead">✔ ${t(lang, 'records.verify.ok', { from: check.fromSeq, to: check.toSeq, gateway: check.gatewayId, events: check.events })}</p>
<p class="mono">${t(lang, 'records.verify.head', { hash: check.headHash })}</p>
${recordSeq <= check.toSeq ? html`<p>${t(lang, 'records.verify.covers', { seq: recordSeq })}</p>` : ''}
</div>`;
  }
  const problem = t(lang, `records.verify.problem.${check.problem}`);
  const headline =
    check.seq === null
      ? t(lang, 'records.verify.failedNoSeq', { gateway: check.gatewayId, problem })
      : t(lang, 'records.verify.failed', { seq: check.seq, gateway: check.gatewayId, problem });
  const affected =
    check.seq === null || recordSeq >= check.seq
      ? t(lang, 'records.verify.recordAffected', { seq: recordSeq })
      : t(lang, 'records.verify.recordBefore', { seq: recordSeq });
  return html`<div class="notice notice-error verify-result verify-failed" id="verify-result" role="alert" data-ok="false" data-seq="${check.seq ?? ''}" data-problem="${check.problem}">
<p class="lead">✘ ${headline}</p>
${check.verifiedUpTo > 0 ? html`<p>${t(lang, 'records.verify.upTo', { seq: check.verifiedUpTo })}</p>` : ''}
<p><strong>${affected}</strong></p>
<p class="muted">${t(lang, 'records.verify.detail', { message: check.message })}</p>
</div>`;
}
