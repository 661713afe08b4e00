import type { Bilingual } from '../i18n/domain-labels.ts';
import { both, LABELS } from './report-labels.ts';
import type { ReportCrewRow, ReportModel } from './report-model.ts';
import { MUTED, NAVY, type PdfPen } from './report-pdf-pen.ts';

const PHOTO_W = 112;
/** Camera captures are 4:3 (VC0706 320×240 / 640×480). */
const PHOTO_H = 84;
const CELL_GAP = 15;
const ROW_H = 14;

const ROW_FILL = { scanned: null, missing: '#fff3d6', rejected: '#fde8e8' } as const;
const STATUS_LABEL = { scanned: LABELS.scanned, missing: LABELS.missing, rejected: LABELS.rejected } as const;

/** The report's sections top to bottom, in the same order as the HTML report. */
export function drawReport(pen: PdfPen, model: ReportModel): void {
  title(pen, model);
  facts(pen, model);
  heading(pen, LABELS.crew);
  crewGrid(pen, model.crew);
  boxes(pen, model);
  confirmations(pen, model);
  alarms(pen, model);
  integrity(pen, model);
}

function title(pen: PdfPen, model: ReportModel): void {
  pen.textAt(LABELS.title.zh, pen.y, { size: 20, color: NAVY });
  pen.textAt(both(model.kind), pen.y + 4, { size: 13, color: NAVY, align: 'right' });
  pen.y += 26;
  pen.textAt(LABELS.title.en, pen.y, { size: 10, color: MUTED });
  pen.y += 16;
  pen.rule(NAVY, 2);
  pen.y += 8;
}

function heading(pen: PdfPen, label: Bilingual): void {
  pen.ensure(40);
  pen.y += 6;
  pen.textAt(both(label), pen.y, { size: 12, color: NAVY });
  pen.y += 16;
  pen.rule(NAVY, 1);
  pen.y += 4;
}

/** Label/value pairs, two per row, in bordered cells. */
function facts(pen: PdfPen, model: ReportModel): void {
  const cellW = pen.width / 2;
  const labelW = 95;
  for (let i = 0; i < model.facts.length; i += 2) {
    const pair = model.facts.slice(i, i + 2);
    const height =
      Math.max(...pair.map((fact) => pen.heightOf(fact.value, { width: cellW - labelW - 8 }))) + 14;
    pen.ensure(height);
    pair.forEach((fact, column) => {
      const x = pen.left + column * cellW;
      pen.box(x, pen.y, labelW, height, '#f1f4f8');
      pen.box(x + labelW, pen.y, cellW - labelW, height, null);
      pen.textAt(fact.label.zh, pen.y + 2, { x: x + 4, width: labelW - 8, size: 9 });
      pen.textAt(fact.label.en, pen.y + 14, { x: x + 4, width: labelW - 8, size: 7, color: MUTED });
      pen.textAt(fact.value, pen.y + 5, { x: x + labelW + 4, width: cellW - labelW - 8, size: 10 });
    });
    pen.y += height;
  }
}

/** Crew members two per row: stored photo beside captured face, then who they are and their checks. */
function crewGrid(pen: PdfPen, rows: ReportCrewRow[]): void {
  const cellW = (pen.width - CELL_GAP) / 2;
  for (let i = 0; i < rows.length; i += 2) {
    const pair = rows.slice(i, i + 2);
    const height = Math.max(...pair.map((row) => crewCell(pen, row, 0, 0, cellW, false)));
    pen.ensure(height);
    for (const [column, row] of pair.entries()) {
      crewCell(pen, row, pen.left + column * (cellW + CELL_GAP), pen.y, cellW, true);
    }
    pen.y += height + 4;
  }
  pen.rule('#cccccc', 0.6);
  pen.y += 2;
}

/** Draws one crew member at (x, y) when `draw`, else only measures; returns the height. */
function crewCell(
  pen: PdfPen,
  row: ReportCrewRow,
  x: number,
  y: number,
  width: number,
  draw: boolean,
): number {
  if (draw) {
    pen.photo(row.stored, x, y, PHOTO_W, PHOTO_H, both(LABELS.noImage));
    pen.photo(row.captured, x + PHOTO_W + 8, y, PHOTO_W, PHOTO_H, both(row.capturedPlaceholder));
    for (const [i, caption] of [LABELS.storedPhoto, LABELS.capturedFace].entries()) {
      pen.textAt(both(caption), y + PHOTO_H + 1, {
        x: x + i * (PHOTO_W + 8),
        width: PHOTO_W,
        size: 7,
        align: 'center',
        color: MUTED,
      });
    }
  }
  let height = PHOTO_H + 13;
  const lines: Array<[string, number]> = [
    [`${row.name}  ${both(row.role)}`, 12],
    [`${both(LABELS.employeeNo)}: ${row.employeeNo}${row.company ? `  ${row.company}` : ''}`, 8.5],
    ...row.checks.map((line): [string, number] => [line, 8]),
  ];
  for (const [text, size] of lines) {
    height +=
      (draw ? pen.textAt(text, y + height, { x, width, size }) : pen.heightOf(text, { width, size })) + 1;
  }
  return height;
}

function boxes(pen: PdfPen, model: ReportModel): void {
  heading(pen, LABELS.boxes);
  const { counts, rows } = model.boxes;
  const keys = ['expected', 'scanned', 'missing', 'rejected'] as const;
  const cellW = pen.width / keys.length;
  keys.forEach((key, i) => {
    const x = pen.left + i * cellW;
    pen.box(x + 2, pen.y, cellW - 4, 30, null);
    pen.textAt(String(counts[key]), pen.y + 5, { x: x + 8, width: 40, size: 15 });
    pen.textAt(LABELS[key].zh, pen.y + 4, { x: x + 46, width: cellW - 52, size: 9 });
    pen.textAt(LABELS[key].en, pen.y + 16, { x: x + 46, width: cellW - 52, size: 7, color: MUTED });
  });
  pen.y += 36;
  const columns = [30, 250, pen.width - 280];
  const header = ['#', both(LABELS.epc), both(LABELS.status)];
  const tableRow = (cells: string[], fill: string | null) => {
    let x = pen.left;
    cells.forEach((cell, i) => {
      const w = columns[i] ?? 0;
      pen.box(x, pen.y, w, ROW_H, fill);
      pen.textAt(cell, pen.y + 2.5, { x: x + 4, width: w - 8, size: 8.5 });
      x += w;
    });
    pen.y += ROW_H;
  };
  tableRow(header, '#f1f4f8');
  rows.forEach((row, i) => {
    // The header repeats on every page the table runs onto.
    if (pen.ensure(ROW_H)) tableRow(header, '#f1f4f8');
    tableRow([String(i + 1), row.epc, both(STATUS_LABEL[row.status])], ROW_FILL[row.status]);
  });
  if (model.discrepancy) {
    const lines = [
      both(LABELS.discrepancy),
      `${both(LABELS.reason)}: ${model.discrepancy.reason}`,
      `${both(LABELS.approvedBy)}: ${model.discrepancy.approvedBy}`,
    ];
    const height = lines.reduce((sum, line) => sum + pen.heightOf(line, { width: pen.width - 16 }) + 2, 10);
    pen.ensure(height + 8);
    pen.y += 8;
    pen.box(pen.left, pen.y, pen.width, height, '#fff8e8', '#b45309');
    let y = pen.y + 5;
    for (const line of lines) y += pen.textAt(line, y, { x: pen.left + 8, width: pen.width - 16 }) + 2;
    pen.y += height;
  }
}

/** Who confirmed, side by side, each with a line for a handwritten signature on the paper copy. */
function confirmations(pen: PdfPen, model: ReportModel): void {
  heading(pen, LABELS.confirmations);
  const count = Math.max(model.confirmations.length, 1);
  const cellW = (pen.width - CELL_GAP * (count - 1)) / count;
  pen.ensure(58);
  model.confirmations.forEach((confirmation, i) => {
    const x = pen.left + i * (cellW + CELL_GAP);
    pen.textAt(both(confirmation.role), pen.y, { x, width: cellW, size: 8.5, color: MUTED });
    pen.textAt(confirmation.person, pen.y + 12, { x, width: cellW, size: 11 });
    pen.doc
      .moveTo(x, pen.y + 44)
      .lineTo(x + cellW, pen.y + 44)
      .lineWidth(0.8)
      .strokeColor('#111111')
      .stroke();
    pen.textAt(both(LABELS.signature), pen.y + 46, { x, width: cellW, size: 7.5, color: MUTED });
  });
  pen.y += 58;
}

function alarms(pen: PdfPen, model: ReportModel): void {
  heading(pen, LABELS.alarms);
  if (model.alarms.length === 0) pen.text(both(LABELS.noAlarms));
  for (const alarm of model.alarms) {
    const cleared = alarm.cleared ? ` (${both(LABELS.cleared)})` : '';
    pen.text(`${alarm.time}   ${both(alarm.kind)} · ${both(alarm.severity)}${cleared}   ${alarm.alarmId}`, {
      size: 9,
    });
  }
}

function integrity(pen: PdfPen, model: ReportModel): void {
  heading(pen, LABELS.integrity);
  pen.text(
    `${both(LABELS.seq)}: ${model.integrity.seq}    ${both(LABELS.gateway)}: ${model.integrity.gatewayId}`,
  );
  pen.text(`${both(LABELS.hash)}: ${model.integrity.hash}`, { size: 9.5 }, 3);
  pen.text(`${LABELS.integrityNote.zh} ${LABELS.integrityNote.en}`, { size: 7, color: MUTED });
}
