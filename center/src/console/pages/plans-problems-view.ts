import type { PlanProblem } from '../../plans/plan-problems.ts';
import { html, type Lang, type SafeHtml, t } from '../console-context.ts';

/** Where a problem is, in the reader's language: `line 4, column crew` (CSV) or a JSON pointer as is. */
export function problemPath(lang: Lang, path: string): string {
  const cell = /^line (\d+), column (.+)$/.exec(path);
  if (cell) return t(lang, 'plans.path.lineColumn', { line: cell[1] ?? '', column: cell[2] ?? '' });
  const line = /^line (\d+)$/.exec(path);
  if (line) return t(lang, 'plans.path.line', { line: line[1] ?? '' });
  return path;
}

/** The problem in the reader's language; a code without a translation falls back to its English message. */
export function problemText(lang: Lang, problem: PlanProblem): string {
  const params = { ...problem.params };
  if (typeof params.kind === 'string') params.kind = t(lang, `kind.${params.kind}`);
  if (typeof params.siteKind === 'string') params.siteKind = t(lang, `plans.siteKind.${params.siteKind}`);
  const key = `plans.problem.${problem.code}`;
  const text = t(lang, key, params);
  return text === key ? problem.message : text;
}

/** Every problem of a refused plan, each with where it is and what to do; nothing was changed. */
export function problemsNotice(lang: Lang, problems: readonly PlanProblem[]): SafeHtml {
  const items = problems.map(
    (problem) =>
      html`<li data-code="${problem.code}" data-path="${problem.path}">${problem.path ? html`<span class="problem-path">${problemPath(lang, problem.path)}</span>` : ''}${problemText(lang, problem)}</li>`,
  );
  return html`<div class="notice notice-error" role="alert" id="plan-problems">
<p class="lead">${t(lang, 'plans.refused', { n: problems.length })}</p>
<ul class="problems">${items}</ul></div>`;
}
