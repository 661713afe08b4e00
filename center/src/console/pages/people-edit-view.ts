import { PersonRole } from '@vaultline/shared/plan/plan-schema';
import type { PersonInput, PersonRecord, SiteRecord } from '../../registry/registry-ports.ts';
import { html, type Lang, type SafeHtml, t } from '../console-context.ts';
import { personPath, photoPath } from './people-views.ts';

export const PERSON_ROLES = PersonRole.anyOf.map((literal) => literal.const) as PersonRecord['role'][];

/** The particulars form as typed (strings), so a refused form comes back as it was. */
export type PersonFormValues = Record<keyof PersonInput, string>;

export function formValues(person: PersonRecord | undefined): PersonFormValues {
  return {
    personId: person?.personId ?? '',
    name: person?.name ?? '',
    employeeNo: person?.employeeNo ?? '',
    role: person?.role ?? 'escort',
    company: person?.company ?? '',
    siteId: person?.siteId ?? '',
  };
}

export interface PersonFormContext {
  lang: Lang;
  csrfToken: string;
  sites: readonly SiteRecord[];
}

function text(name: keyof PersonInput, label: string, value: string, extra?: SafeHtml): SafeHtml {
  return html`<label>${label}<input name="${name}" value="${value}" maxlength="100"${extra ?? ''}></label>`;
}

/** Name, employee number, role, company and site; the id is fixed once the person exists. */
export function particularsForm(ctx: PersonFormContext, values: PersonFormValues, isNew: boolean): SafeHtml {
  const { lang } = ctx;
  const action = isNew ? '/console/people/new' : personPath(values.personId);
  const roles = PERSON_ROLES.map(
    (role) =>
      html`<option value="${role}"${role === values.role ? html` selected` : ''}>${t(lang, `people.role.${role}`)}</option>`,
  );
  const sites = ctx.sites.map(
    (site) =>
      html`<option value="${site.siteId}"${site.siteId === values.siteId ? html` selected` : ''}>${site.name} (${site.siteId})</option>`,
  );
  return html`<section class="panel"><h2>${t(lang, 'people.form.particulars')}</h2>
<form method="post" action="${action}" class="form person-form" id="person-form">
<input type="hidden" name="_csrf" value="${ctx.csrfToken}">
${isNew ? text('personId', t(lang, 'people.form.id'), values.personId, html` required`) : html`<p><span class="muted">${t(lang, 'people.form.id')}</span> <span class="mono">${values.personId}</span></p>`}
${text('name', t(lang, 'people.form.name'), values.name, html` required`)}
${text('employeeNo', t(lang, 'people.form.employeeNo'), values.employeeNo, html` required`)}
<label>${t(lang, 'people.form.role')}<select name="role">${roles}</select></label>
${text('company', t(lang, 'people.form.company'), values.company)}
<label>${t(lang, 'people.form.site')}<select name="siteId"><option value="">${t(lang, 'people.form.noSite')}</option>${sites}</select></label>
<button type="submit" class="btn btn-primary">${t(lang, 'people.form.save')}</button>
</form></section>`;
}

/** Photo and fingerprint templates enrolled at the centre (the chosen JPEG is sent as base64). */
export function enrolForm(ctx: PersonFormContext, person: PersonRecord): SafeHtml {
  const { lang } = ctx;
  const current = t(lang, 'people.enrol.current', {
    photo: t(lang, person.hasPhoto ? 'people.enrol.hasPhoto' : 'people.enrol.noPhoto'),
    templates: person.templateCount,
  });
  const photo = person.hasPhoto
    ? html`<img class="photo" src="${photoPath(person.personId)}" alt="${person.name}" width="120" height="160">`
    : '';
  if (person.retired) {
    return html`<section class="panel"><h2>${t(lang, 'people.enrol.title')}</h2>${photo}<p>${current}</p><p class="muted">${t(lang, 'people.enrol.retired')}</p></section>`;
  }
  return html`<section class="panel people-enrol"><h2>${t(lang, 'people.enrol.title')}</h2>
${photo}<p id="enrol-current">${current}</p>
<p class="muted">${t(lang, 'people.enrol.hint')}</p>
<form method="post" action="${personPath(person.personId)}/enrol" class="form" id="enrol-form">
<input type="hidden" name="_csrf" value="${ctx.csrfToken}">
<label>${t(lang, 'people.enrol.photo')}<input type="file" accept="image/jpeg" data-fill-base64="enrol-photo"></label>
<label>${t(lang, 'people.enrol.photoBase64')}<textarea name="photoBase64" id="enrol-photo" rows="2" spellcheck="false" class="mono"></textarea></label>
<label>${t(lang, 'people.enrol.template')}<textarea name="templateBase64" id="enrol-template" rows="3" spellcheck="false" class="mono"></textarea></label>
<label>${t(lang, 'people.enrol.slot')}<input name="slot" type="number" min="0" max="9" value="${String(Math.min(person.templateCount, 9))}"></label>
<button type="submit" class="btn btn-primary">${t(lang, 'people.enrol.submit')}</button>
</form></section>`;
}
