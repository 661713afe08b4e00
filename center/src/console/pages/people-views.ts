import type { PersonnelImportSummary } from '../../personnel/personnel-import.ts';
import type { PersonRecord } from '../../registry/registry-ports.ts';
import { html, type Lang, type SafeHtml, t } from '../console-context.ts';

/** Where a person's stored photo is served: signed-in users only, never cached. */
export const photoPath = (personId: string) => `/console/people/${encodeURIComponent(personId)}/photo`;
export const personPath = (personId: string) => `/console/people/${encodeURIComponent(personId)}`;

export interface PeopleListContext {
  lang: Lang;
  canEdit: boolean;
  siteName: (siteId: string | undefined) => string;
}

export function peopleTable(ctx: PeopleListContext, people: readonly PersonRecord[]): SafeHtml {
  const { lang } = ctx;
  if (people.length === 0) return html`<p class="empty">${t(lang, 'people.none')}</p>`;
  const rows = people.map(
    (person) => html`<tr data-person-id="${person.personId}"${person.retired ? html` class="retired"` : ''}>
<td>${person.hasPhoto ? html`<img class="thumb" src="${photoPath(person.personId)}" alt="${person.name}" loading="lazy" width="48" height="64">` : html`<span class="muted">${t(lang, 'people.noPhoto')}</span>`}</td>
<td><strong>${person.name}</strong>${person.retired ? html` <span class="badge">${t(lang, 'people.retired')}</span>` : ''}</td>
<td class="mono">${person.personId}</td>
<td class="mono">${person.employeeNo}</td>
<td>${t(lang, `people.role.${person.role}`)}</td>
<td>${person.company ?? '—'}</td>
<td>${person.siteId ? ctx.siteName(person.siteId) : '—'}</td>
<td class="num" data-templates="${person.templateCount}">${person.templateCount}</td>
<td>${ctx.canEdit ? html`<a class="btn" href="${personPath(person.personId)}">${t(lang, 'people.edit')}</a>` : ''}</td>
</tr>`,
  );
  return html`<table class="grid people-table" id="people-table">
<thead><tr><th>${t(lang, 'people.col.photo')}</th><th>${t(lang, 'people.col.name')}</th><th>${t(lang, 'people.col.id')}</th><th>${t(lang, 'people.col.employeeNo')}</th><th>${t(lang, 'people.col.role')}</th><th>${t(lang, 'people.col.company')}</th><th>${t(lang, 'people.col.site')}</th><th>${t(lang, 'people.col.templates')}</th><th></th></tr></thead>
<tbody>${rows}</tbody></table>`;
}

/** Paste the sealed file, or choose it (the page script copies its text into the box). */
export function importForm(lang: Lang, csrfToken: string): SafeHtml {
  return html`<section class="panel people-import"><h2>${t(lang, 'people.import.title')}</h2>
<p class="muted">${t(lang, 'people.import.hint')}</p>
<form method="post" action="/console/people/import" class="form" id="personnel-import-form">
<input type="hidden" name="_csrf" value="${csrfToken}">
<label>${t(lang, 'people.import.file')}<input type="file" accept=".jwe,.txt,application/jose" data-fill-text="personnel-sealed"></label>
<label>${t(lang, 'people.import.sealed')}<textarea name="sealed" id="personnel-sealed" rows="4" spellcheck="false" class="mono"></textarea></label>
<button type="submit" class="btn btn-primary">${t(lang, 'people.import.submit')}</button>
</form></section>`;
}

export type ImportOutcome =
  | { ok: true; summary: PersonnelImportSummary }
  | { ok: false; code: string; message: string };

export function importNotice(lang: Lang, outcome: ImportOutcome): SafeHtml {
  if (outcome.ok) {
    return html`<div class="notice notice-ok" role="status" id="import-result" data-ok="true">${t(lang, 'people.import.done', { ...outcome.summary })}</div>`;
  }
  const key = `people.import.refused.${outcome.code}`;
  const headline = t(lang, key) === key ? t(lang, 'people.import.refused') : t(lang, key);
  return html`<div class="notice notice-error" role="alert" id="import-result" data-ok="false" data-code="${outcome.code}">
<p class="lead">${headline}</p>
<p class="muted">${t(lang, 'people.import.detail', { message: outcome.message })}</p></div>`;
}
