import { VaultlineError } from '@vaultline/shared';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { PersonInput, PersonRecord } from '../../registry/registry-ports.ts';
import {
  type ConsoleDeps,
  type ConsolePage,
  can,
  formField,
  html,
  renderPage,
  requirePermission,
  requireRole,
  rolesWith,
  type SafeHtml,
  t,
} from '../console-context.ts';
import { siteNamer } from './names.ts';
import { decodePastedBase64 } from './people-base64.ts';
import { enrolForm, formValues, type PersonFormValues, particularsForm } from './people-edit-view.ts';
import { peopleServiceOf } from './people-service.ts';
import { type ImportOutcome, importForm, importNotice, peopleTable, personPath } from './people-views.ts';
import { pageStyles } from './records-views.ts';

type PersonRoute = { Params: { personId: string } };
const SCRIPTS = ['people-files.js'];

function send(reply: FastifyReply, code: number, page: string): FastifyReply {
  return reply.code(code).type('text/html; charset=utf-8').send(page);
}

function notice(tone: 'ok' | 'error', text: string): SafeHtml {
  return html`<div class="notice notice-${tone}" role="${tone === 'ok' ? 'status' : 'alert'}">${text}</div>`;
}

function listPage(request: FastifyRequest, deps: ConsoleDeps, outcome?: ImportOutcome): string {
  const lang = request.lang;
  const user = request.consoleUser!;
  const canEdit = can(user.role, 'people.edit');
  const includeRetired = (request.query as { retired?: string }).retired === '1';
  const people = deps.store.people.list({ includeRetired });
  const body = html`${pageStyles}${outcome ? importNotice(lang, outcome) : ''}
${canEdit ? importForm(lang, request.csrfToken ?? '') : ''}
<div class="toolbar"><span class="result-count">${t(lang, 'people.count', { n: people.length })}</span>
<a class="btn btn-quiet" href="/console/people${includeRetired ? '' : '?retired=1'}">${t(lang, 'people.showRetired')}</a>
${canEdit ? html`<a class="btn" href="/console/people/new">${t(lang, 'people.add')}</a>` : ''}</div>
${peopleTable({ lang, canEdit, siteName: siteNamer(deps) }, people)}`;
  return renderPage(request, { title: t(lang, 'people.title'), nav: 'people', body, scripts: SCRIPTS });
}

function personPage(
  request: FastifyRequest,
  deps: ConsoleDeps,
  person: PersonRecord | undefined,
  values: PersonFormValues,
  message?: SafeHtml,
): string {
  const lang = request.lang;
  const ctx = { lang, csrfToken: request.csrfToken ?? '', sites: deps.store.sites.list() };
  const title = person
    ? t(lang, 'people.form.title.edit', { name: person.name, id: person.personId })
    : t(lang, 'people.form.title.new');
  const body = html`${pageStyles}<p><a href="/console/people">${t(lang, 'people.form.back')}</a></p>
${message ?? ''}
<div class="columns">${particularsForm(ctx, values, !person)}${person ? enrolForm(ctx, person) : ''}</div>`;
  return renderPage(request, { title, nav: 'people', body, scripts: SCRIPTS });
}

/** The particulars a form sent, for the directory (empty optional fields left out). */
function personInput(body: unknown, personId: string): PersonInput {
  const field = (name: string) => formField(body, name).trim();
  return {
    personId,
    name: field('name'),
    employeeNo: field('employeeNo'),
    role: field('role') as PersonInput['role'],
    ...(field('company') ? { company: field('company') } : {}),
    ...(field('siteId') ? { siteId: field('siteId') } : {}),
  };
}

function errorText(error: unknown): string {
  if (error instanceof VaultlineError) return error.message;
  throw error;
}

/**
 * `/console/people`: the list (role, company, site, photo, templates), the personnel file import,
 * particulars (new and edit), enrolment at the centre (photo, templates; audited), and the stored photo
 * itself (`…/:personId/photo`, signed-in readers of records or people, never cached).
 */
export const peoplePage: ConsolePage = (app: FastifyInstance, deps: ConsoleDeps) => {
  const edit = { preHandler: requirePermission('people.edit') };

  app.get('/people', { preHandler: requirePermission('people.view') }, async (request, reply) =>
    send(reply, 200, listPage(request, deps)),
  );

  app.post('/people/import', edit, async (request, reply) => {
    const lang = request.lang;
    const user = request.consoleUser!;
    const sealed = formField(request.body, 'sealed').trim();
    const service = peopleServiceOf(deps);
    if (!sealed || !service) {
      const message = t(lang, service ? 'people.import.empty' : 'people.import.unavailable');
      return send(reply, 400, listPage(request, deps, { ok: false, code: 'PERSONNEL_EMPTY', message }));
    }
    try {
      const summary = await service.importSealed(sealed, user.username);
      return send(reply, 200, listPage(request, deps, { ok: true, summary }));
    } catch (error) {
      const message = errorText(error);
      const code = (error as VaultlineError).code;
      deps.audit(user.username, 'personnel.import.refused', 'personnel-file', { code });
      return send(reply, 400, listPage(request, deps, { ok: false, code, message }));
    }
  });

  app.get('/people/new', edit, async (request, reply) =>
    send(reply, 200, personPage(request, deps, undefined, formValues(undefined))),
  );

  app.post('/people/new', edit, async (request, reply) => {
    const input = personInput(request.body, formField(request.body, 'personId').trim());
    const exists = input.personId !== '' && deps.store.people.get(input.personId) !== undefined;
    return saveParticulars(
      request,
      reply,
      deps,
      undefined,
      input,
      exists ? `${input.personId} exists` : undefined,
    );
  });

  app.get<PersonRoute>('/people/:personId', edit, async (request, reply) => {
    const person = deps.store.people.get(request.params.personId);
    if (!person) return unknownPerson(request, reply);
    const saved = (request.query as { saved?: string }).saved === '1';
    const message = saved ? notice('ok', t(request.lang, 'people.form.saved')) : undefined;
    return send(reply, 200, personPage(request, deps, person, formValues(person), message));
  });

  app.post<PersonRoute>('/people/:personId', edit, async (request, reply) => {
    const person = deps.store.people.get(request.params.personId);
    if (!person) return unknownPerson(request, reply);
    return saveParticulars(request, reply, deps, person, personInput(request.body, person.personId));
  });

  app.post<PersonRoute>('/people/:personId/enrol', edit, async (request, reply) => {
    const lang = request.lang;
    const user = request.consoleUser!;
    const person = deps.store.people.get(request.params.personId);
    if (!person) return unknownPerson(request, reply);
    const refuse = (text: string) =>
      send(reply, 400, personPage(request, deps, person, formValues(person), notice('error', text)));
    const photoText = formField(request.body, 'photoBase64').trim();
    const templateText = formField(request.body, 'templateBase64').trim();
    if (!photoText && !templateText) return refuse(t(lang, 'people.enrol.nothing'));
    const photo = photoText ? decodePastedBase64(photoText) : undefined;
    if (photoText && !photo)
      return refuse(t(lang, 'people.enrol.badBase64', { field: t(lang, 'people.enrol.photo') }));
    const template = templateText ? decodePastedBase64(templateText) : undefined;
    if (templateText && !template) {
      return refuse(t(lang, 'people.enrol.badBase64', { field: t(lang, 'people.enrol.template') }));
    }
    const slotText = formField(request.body, 'slot').trim();
    const slot = Number(slotText);
    if (template && !(/^\d$/.test(slotText) && slot <= 9)) return refuse(t(lang, 'people.enrol.badSlot'));
    try {
      // One transaction: a refused template leaves the photo unchanged too.
      deps.store.transaction(() => {
        if (photo) deps.store.people.setPhoto(person.personId, photo);
        if (template)
          deps.store.people.setTemplate(person.personId, slot, template, `centre:${user.username}`);
      });
    } catch (error) {
      return refuse(t(lang, 'people.enrol.refused', { message: errorText(error) }));
    }
    deps.audit(user.username, 'person.enrol', person.personId, {
      photo: photo !== undefined,
      ...(template ? { templateSlot: slot } : {}),
      via: `centre:${user.username}`,
    });
    const what = [
      ...(photo ? [t(lang, 'people.enrol.what.photo')] : []),
      ...(template ? [t(lang, 'people.enrol.what.template', { slot })] : []),
    ].join(lang === 'zh-CN' ? '、' : ', ');
    const updated = deps.store.people.get(person.personId) ?? person;
    return send(
      reply,
      200,
      personPage(
        request,
        deps,
        updated,
        formValues(updated),
        notice('ok', t(lang, 'people.enrol.done', { what })),
      ),
    );
  });

  const photoReaders = [...new Set([...rolesWith('people.view'), ...rolesWith('records.view')])];
  app.get<PersonRoute>(
    '/people/:personId/photo',
    { preHandler: requireRole(...photoReaders) },
    async (request, reply) => {
      const jpeg = deps.store.people.get(request.params.personId)?.hasPhoto
        ? deps.store.people.photo(request.params.personId)
        : undefined;
      if (!jpeg) {
        reply.callNotFound();
        return reply;
      }
      return reply.header('Cache-Control', 'no-store').type('image/jpeg').send(Buffer.from(jpeg));
    },
  );
};

/**
 * Saves a person's particulars (new when `person` is undefined) and goes to their page, audited; a
 * refusal (`refusal`, or the directory's own) comes back on the form with what was typed.
 */
function saveParticulars(
  request: FastifyRequest,
  reply: FastifyReply,
  deps: ConsoleDeps,
  person: PersonRecord | undefined,
  input: PersonInput,
  refusal?: string,
): FastifyReply {
  const user = request.consoleUser!;
  let problem = refusal;
  if (problem === undefined) {
    try {
      deps.store.people.save(input, `console:${user.username}`);
    } catch (error) {
      problem = errorText(error);
    }
  }
  if (problem !== undefined) {
    const message = notice('error', t(request.lang, 'people.form.notSaved', { message: problem }));
    const values = { ...formValues(person), ...input } as PersonFormValues;
    return send(reply, 400, personPage(request, deps, person, values, message));
  }
  const detail = { role: input.role, company: input.company, siteId: input.siteId };
  deps.audit(user.username, person ? 'person.update' : 'person.create', input.personId, detail);
  return reply.redirect(`${personPath(input.personId)}?saved=1`, 303);
}

function unknownPerson(request: FastifyRequest<PersonRoute>, reply: FastifyReply): FastifyReply {
  const lang = request.lang;
  const body = html`<p><a href="/console/people">${t(lang, 'people.form.back')}</a></p>${notice('error', t(lang, 'people.form.unknown', { id: request.params.personId }))}`;
  return send(reply, 404, renderPage(request, { title: t(lang, 'people.title'), nav: 'people', body }));
}
