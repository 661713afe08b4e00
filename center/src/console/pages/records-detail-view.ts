import type { PersonRecord } from '../../registry/registry-ports.ts';
import { html, type Lang, type SafeHtml, t } from '../console-context.ts';
import { formatDateTime } from '../format.ts';
import type { CrewMemberView, RecordDetail } from './records-detail-model.ts';
import { recordPath } from './records-views.ts';

export interface DetailViewContext {
  lang: Lang;
  timeZone: string | undefined;
  siteName: (siteId: string | undefined) => string;
  personName: (personId: string) => string;
  /** Where a person's stored photo is served (authenticated, never cached). */
  photoUrl: (personId: string) => string;
  /** Where a captured face of this record is served (authenticated, never cached, audited). */
  captureUrl: (captureId: string) => string;
  /** Days captured faces are kept. */
  retentionDays: number;
}

/** Label/value rows. */
function facts(rows: ReadonlyArray<readonly [string, SafeHtml | string]>): SafeHtml {
  return html`<dl class="record-facts-list">${rows.map(([label, value]) => html`<dt>${label}</dt><dd>${value}</dd>`)}</dl>`;
}

export function factsSection(ctx: DetailViewContext, detail: RecordDetail): SafeHtml {
  const { lang, timeZone } = ctx;
  const { body } = detail.record;
  const time = (iso: string) =>
    html`<time datetime="${iso}">${formatDateTime(Date.parse(iso), timeZone)}</time>`;
  return html`<section class="panel record-facts"><h2>${t(lang, 'records.detail.facts')}</h2>${facts([
    [t(lang, 'records.detail.handoverId'), html`<span class="mono">${body.handoverId}</span>`],
    [t(lang, 'records.detail.kind'), t(lang, `kind.${body.kind}`)],
    [t(lang, 'records.detail.site'), ctx.siteName(body.siteId)],
    [
      t(lang, 'records.detail.run'),
      t(lang, 'records.detail.runStop', { runId: body.runId, seq: body.stopSeq }),
    ],
    [
      t(lang, 'records.detail.vehicle'),
      detail.vehiclePlate ? `${detail.vehiclePlate} (${body.vehicleId})` : body.vehicleId,
    ],
    [t(lang, 'records.detail.started'), time(body.startedAt)],
    [t(lang, 'records.detail.completed'), time(body.completedAt)],
  ])}</section>`;
}

function checkLines(ctx: DetailViewContext, member: CrewMemberView): SafeHtml[] {
  const { lang } = ctx;
  const lines: SafeHtml[] = [];
  const check = member.check;
  if (check?.verifiedAt) {
    const time = formatDateTime(Date.parse(check.verifiedAt), ctx.timeZone);
    const score =
      typeof check.score === 'number' ? ` · ${t(lang, 'records.detail.score', { score: check.score })}` : '';
    lines.push(html`<div class="check">${t(lang, 'records.detail.fingerprint', { time })}${score}</div>`);
  }
  if (check?.photo === 'accepted' || check?.photo === 'rejected' || check?.photo === 'pending') {
    lines.push(
      html`<div class="check check-${check.photo}">${t(lang, `records.detail.photoCheck.${check.photo}`)}</div>`,
    );
  }
  return lines;
}

function who(lang: Lang, personId: string, person: PersonRecord | undefined): SafeHtml {
  if (!person)
    return html`<div class="name">${personId}</div><div class="muted">${t(lang, 'records.detail.unknownPerson')}</div>`;
  return html`<div class="name">${person.name}</div>
<div>${t(lang, 'records.detail.employeeNo', { no: person.employeeNo })}${person.company ? html` · ${person.company}` : ''}</div>`;
}

/** The captured face, or why it is not shown: not received yet, deleted after retention, none taken. */
function capturedFace(ctx: DetailViewContext, member: CrewMemberView): SafeHtml {
  const { lang } = ctx;
  const face = member.captured;
  if (!face) return html`<div class="photo photo-none">${t(lang, 'records.detail.noCapture')}</div>`;
  const id = html`<span class="mono capture-id">${t(lang, 'records.detail.captureId', { id: face.captureId })}</span>`;
  switch (face.state) {
    case 'held':
      return html`<img class="photo photo-captured" src="${ctx.captureUrl(face.captureId)}" alt="${t(lang, 'records.detail.capturedFace')}: ${member.person?.name ?? member.personId}" data-capture-id="${face.captureId}">`;
    case 'deleted':
      return html`<div class="photo photo-none photo-deleted" data-capture-id="${face.captureId}"><span>${t(lang, 'records.detail.captureDeleted', { days: face.retentionDays })}</span>${id}</div>`;
    case 'not-received':
      return html`<div class="photo photo-none photo-pending" data-capture-id="${face.captureId}"><span>${t(lang, 'records.detail.captureNotReceived')}</span>${id}</div>`;
  }
}

/** Each escort: the stored photo beside the face captured at the door, as the centre holds it. */
export function crewSection(ctx: DetailViewContext, detail: RecordDetail): SafeHtml {
  const { lang } = ctx;
  const cards = detail.crew.map((member) => {
    const stored = member.person?.hasPhoto
      ? html`<img class="photo" src="${ctx.photoUrl(member.personId)}" alt="${t(lang, 'records.detail.storedPhoto')}: ${member.person.name}">`
      : html`<div class="photo photo-none">${t(lang, 'records.detail.noPhoto')}</div>`;
    return html`<div class="crew-card" data-person-id="${member.personId}">
<figure class="stored">${stored}<figcaption>${t(lang, 'records.detail.storedPhoto')}</figcaption></figure>
<figure class="captured">${capturedFace(ctx, member)}<figcaption>${t(lang, 'records.detail.capturedFace')}</figcaption></figure>
<div class="who"><div class="role">${t(lang, member.leader ? 'records.detail.leader' : 'records.detail.escort')}</div>${who(lang, member.personId, member.person)}${checkLines(ctx, member)}</div>
</div>`;
  });
  return html`<section class="panel record-crew"><h2>${t(lang, 'records.detail.crew')}</h2>
<p class="muted">${t(lang, 'records.detail.captureKept', { days: ctx.retentionDays })}</p>
<div class="crew-cards">${cards}</div></section>`;
}

export function boxesSection(ctx: DetailViewContext, detail: RecordDetail): SafeHtml {
  const { lang } = ctx;
  const { body } = detail.record;
  const { expected, scanned, missing, rejected } = body.boxes;
  const scannedSet = new Set(scanned);
  const counts = (['expected', 'scanned', 'missing', 'rejected'] as const).map(
    (key) =>
      html`<div class="count count-${key}" data-count="${key}"><b>${body.boxes[key].length}</b> ${t(lang, `records.detail.${key}`)}</div>`,
  );
  const rows = [
    ...expected.map((epc) => [epc, scannedSet.has(epc) ? 'scanned' : 'missing'] as const),
    ...rejected.map((epc) => [epc, 'rejected'] as const),
  ].map(
    ([epc, status], i) =>
      html`<tr class="box-${status}"><td>${i + 1}</td><td class="mono">${epc}</td><td>${t(lang, `records.detail.${status}`)}</td></tr>`,
  );
  const discrepancy = body.discrepancy
    ? html`<div class="notice notice-warn discrepancy"><h3>${t(lang, 'records.detail.discrepancy')}</h3>
<p>${t(lang, 'records.detail.reason', { reason: body.discrepancy.reason })}</p>
<p>${t(lang, 'records.detail.approvedBy', { name: ctx.personName(body.discrepancy.approvedBy) })}</p></div>`
    : '';
  return html`<section class="panel record-boxes"><h2>${t(lang, 'records.detail.boxes')}</h2>
<div class="counts">${counts}</div>
${missing.length > 0 || rejected.length > 0 || expected.length > 0 ? html`<table class="grid boxes-table"><thead><tr><th>#</th><th>${t(lang, 'records.detail.epc')}</th><th>${t(lang, 'records.detail.status')}</th></tr></thead><tbody>${rows}</tbody></table>` : ''}
${discrepancy}</section>`;
}

export function confirmationsSection(ctx: DetailViewContext, detail: RecordDetail): SafeHtml {
  const { lang } = ctx;
  const items = detail.confirmations.map(
    ({ personId, person }) =>
      html`<li>${ctx.personName(personId)}${person ? html` · <span class="muted">${t(lang, `records.personRole.${person.role}`)}</span>` : ''}</li>`,
  );
  return html`<section class="panel record-confirmations"><h2>${t(lang, 'records.detail.confirmations')}</h2><ul>${items}</ul></section>`;
}

export function alarmsSection(ctx: DetailViewContext, detail: RecordDetail): SafeHtml {
  const { lang, timeZone } = ctx;
  const items = detail.alarms.map(
    (alarm) =>
      html`<li class="sev-${alarm.severity}"><span class="sev-badge sev-${alarm.severity}">${t(lang, `severity.${alarm.severity}`)}</span> ${t(lang, `alarm.${alarm.kind}`)} · ${formatDateTime(alarm.at, timeZone)}${alarm.cleared ? html` · ${t(lang, 'records.detail.alarmCleared')}` : ''} <span class="mono muted">${alarm.alarmId}</span></li>`,
  );
  return html`<section class="panel record-alarms"><h2>${t(lang, 'records.detail.alarms')}</h2>${
    items.length === 0
      ? html`<p class="empty">${t(lang, 'records.detail.noAlarms')}</p>`
      : html`<ul>${items}</ul>`
  }</section>`;
}

export interface IntegrityActions {
  canVerify: boolean;
  canExport: boolean;
  csrfToken: string;
}

/** The signed envelope (hash, prev, seq, signature) with "verify chain" and the PDF download. */
export function integritySection(
  ctx: DetailViewContext,
  detail: RecordDetail,
  actions: IntegrityActions,
): SafeHtml {
  const { lang, timeZone } = ctx;
  const { envelope } = detail.record;
  const path = recordPath(detail.record);
  const verify = actions.canVerify
    ? html`<form method="post" action="${path}/verify" class="inline-form" id="verify-form">
<input type="hidden" name="_csrf" value="${actions.csrfToken}">
<button type="submit" class="btn btn-primary">${t(lang, 'records.detail.verify')}</button>
<span class="muted">${t(lang, 'records.detail.verifyHint')}</span></form>`
    : '';
  const pdf = actions.canExport
    ? html`<a class="btn" id="record-pdf" href="${path}/report.pdf" download>${t(lang, 'records.detail.pdf')}</a>`
    : '';
  return html`<section class="panel record-integrity"><h2>${t(lang, 'records.detail.integrity')}</h2>${facts([
    [t(lang, 'records.detail.gateway'), html`<span class="mono">${envelope.gw}</span>`],
    [t(lang, 'records.detail.seq'), html`<span class="mono" id="record-seq">${envelope.seq}</span>`],
    [t(lang, 'records.detail.eventId'), html`<span class="mono">${envelope.id}</span>`],
    [t(lang, 'records.detail.signedAt'), formatDateTime(Date.parse(envelope.ts), timeZone)],
    [t(lang, 'records.detail.hash'), html`<span class="mono hash" id="record-hash">${envelope.hash}</span>`],
    [t(lang, 'records.detail.prev'), html`<span class="mono hash">${envelope.prev}</span>`],
    [t(lang, 'records.detail.sig'), html`<span class="mono hash">${envelope.sig}</span>`],
  ])}
<div class="actions">${verify}${pdf}</div></section>`;
}
