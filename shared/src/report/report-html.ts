import type { Bilingual } from '../i18n/domain-labels.ts';
import { escapeHtml as esc, type Jpeg } from './report-format.ts';
import { LABELS } from './report-labels.ts';
import { buildReportModel, type ReportCrewRow, type ReportModel } from './report-model.ts';
import type { ReportRecord } from './report-record.ts';
import { REPORT_CSS } from './report-style.ts';

/**
 * The hand-over report as one self-contained, printable A4 HTML document: no script, no external
 * request; photos are inline data: URLs so the file can be archived or mailed as it is. Pure.
 */
export function renderReportHtml(record: ReportRecord): string {
  const model = buildReportModel(record);
  return `<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<title>${esc(`${LABELS.title.zh} ${model.handoverId}`)}</title>
<style>${REPORT_CSS}</style>
</head>
<body>
<header class="head">
  <div><h1>${esc(LABELS.title.zh)}</h1><div class="en">${esc(LABELS.title.en)}</div></div>
  <div class="kind">${label(model.kind)}</div>
</header>
<table class="facts">${facts(model)}</table>
${crew(model.crew)}
${boxes(model)}
${confirmations(model)}
${alarms(model)}
<section class="integrity">
  <h2>${label(LABELS.integrity)}</h2>
  <dl>
    <dt>${label(LABELS.seq)}</dt><dd class="mono">${model.integrity.seq}</dd>
    <dt>${label(LABELS.gateway)}</dt><dd class="mono">${esc(model.integrity.gatewayId)}</dd>
    <dt>${label(LABELS.hash)}</dt><dd class="mono hash">${esc(model.integrity.hash)}</dd>
  </dl>
  <p class="note">${esc(LABELS.integrityNote.zh)}<br><span class="en">${esc(LABELS.integrityNote.en)}</span></p>
</section>
</body>
</html>
`;
}

/** `中文` with the English below it, smaller. */
function label(text: Bilingual): string {
  return `${esc(text.zh)} <span class="en">${esc(text.en)}</span>`;
}

function facts(model: ReportModel): string {
  const cells = model.facts.map((fact) => `<th>${label(fact.label)}</th><td>${esc(fact.value)}</td>`);
  const rows: string[] = [];
  for (let i = 0; i < cells.length; i += 2)
    rows.push(`<tr>${cells[i]}${cells[i + 1] ?? '<th></th><td></td>'}</tr>`);
  return rows.join('\n');
}

function photo(jpeg: Jpeg | null, caption: Bilingual, name: string, placeholder = LABELS.noImage): string {
  const body = jpeg
    ? `<img src="${jpeg.dataUrl}" alt="${esc(`${caption.en}: ${name}`)}">`
    : `<div class="noimg">${label(placeholder)}</div>`;
  return `<figure>${body}<figcaption>${label(caption)}</figcaption></figure>`;
}

function crew(rows: ReportCrewRow[]): string {
  const cards = rows.map(
    (row) => `<div class="member">
  ${photo(row.stored, LABELS.storedPhoto, row.name)}
  ${photo(row.captured, LABELS.capturedFace, row.name, row.capturedPlaceholder)}
  <div class="who">
    <div class="name">${esc(row.name)}</div>
    <div>${label(row.role)}</div>
    <div>${label(LABELS.employeeNo)}: <span class="mono">${esc(row.employeeNo)}</span></div>
    ${row.company ? `<div>${esc(row.company)}</div>` : ''}
    ${row.checks.map((line) => `<div class="check">${esc(line)}</div>`).join('')}
  </div>
</div>`,
  );
  return `<section><h2>${label(LABELS.crew)}</h2>${cards.join('\n')}</section>`;
}

const STATUS_LABEL = { scanned: LABELS.scanned, missing: LABELS.missing, rejected: LABELS.rejected } as const;

function boxes(model: ReportModel): string {
  const { counts, rows } = model.boxes;
  const summary = (['expected', 'scanned', 'missing', 'rejected'] as const)
    .map((key) => `<div class="count ${key}"><b>${counts[key]}</b> ${label(LABELS[key])}</div>`)
    .join('');
  const lines = rows
    .map(
      (row, i) =>
        `<tr class="${row.status}"><td>${i + 1}</td><td class="mono">${esc(row.epc)}</td><td>${label(STATUS_LABEL[row.status])}</td></tr>`,
    )
    .join('\n');
  const gap = model.discrepancy
    ? `<div class="discrepancy"><h3>${label(LABELS.discrepancy)}</h3>
  <div>${label(LABELS.reason)}: ${esc(model.discrepancy.reason)}</div>
  <div>${label(LABELS.approvedBy)}: ${esc(model.discrepancy.approvedBy)}</div></div>`
    : '';
  return `<section><h2>${label(LABELS.boxes)}</h2>
<div class="counts">${summary}</div>
<table class="boxes"><thead><tr><th>#</th><th>${label(LABELS.epc)}</th><th>${label(LABELS.status)}</th></tr></thead>
<tbody>${lines}</tbody></table>
${gap}</section>`;
}

/** Who confirmed, each with a line for a handwritten signature on the paper copy. */
function confirmations(model: ReportModel): string {
  const cells = model.confirmations
    .map(
      (c) =>
        `<div class="sign"><div class="role">${label(c.role)}</div><div class="person">${esc(c.person)}</div><div class="line"></div>${label(LABELS.signature)}</div>`,
    )
    .join('');
  return `<section><h2>${label(LABELS.confirmations)}</h2><div class="signatures">${cells}</div></section>`;
}

function alarms(model: ReportModel): string {
  if (model.alarms.length === 0)
    return `<section><h2>${label(LABELS.alarms)}</h2><p>${label(LABELS.noAlarms)}</p></section>`;
  const items = model.alarms
    .map(
      (alarm) =>
        `<tr><td class="mono">${esc(alarm.time)}</td><td>${label(alarm.kind)}</td><td>${label(alarm.severity)}</td><td>${alarm.cleared ? label(LABELS.cleared) : ''}</td><td class="mono small">${esc(alarm.alarmId)}</td></tr>`,
    )
    .join('\n');
  return `<section><h2>${label(LABELS.alarms)}</h2><table class="alarms">${items}</table></section>`;
}
