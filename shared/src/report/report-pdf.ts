import { access } from 'node:fs/promises';
import PDFDocument from 'pdfkit';
import { ReportFontInvalidError, ReportFontMissingError } from './report-errors.ts';
import { formatTime } from './report-format.ts';
import { LABELS } from './report-labels.ts';
import { buildReportModel } from './report-model.ts';
import { PdfPen } from './report-pdf-pen.ts';
import { drawReport } from './report-pdf-sections.ts';
import type { ReportRecord } from './report-record.ts';

export interface ReportPdfOptions {
  /** A font with CJK glyphs (.ttc or .ttf); default: WenQuanYi Micro Hei from fonts-wqy-microhei. */
  fontPath?: string;
  /** PostScript name of the face inside a .ttc collection (fontkit picks faces by it). */
  fontFace?: string;
  /** Who produced the document (PDF metadata). Default: `Vaultline gateway <gatewayId of the record>`. */
  author?: string;
}

export const DEFAULT_CJK_FONT = {
  path: '/usr/share/fonts/truetype/wqy/wqy-microhei.ttc',
  face: 'WenQuanYiMicroHei',
} as const;

/**
 * The hand-over report as an A4 PDF: the same content as the HTML report, the CJK font embedded
 * (subset) and the JPEG photos as they were taken. Rejects with ReportFontMissingError without the font.
 */
export async function renderReportPdf(
  record: ReportRecord,
  options: ReportPdfOptions = {},
): Promise<Uint8Array> {
  const fontPath = options.fontPath ?? DEFAULT_CJK_FONT.path;
  try {
    await access(fontPath);
  } catch {
    throw new ReportFontMissingError(fontPath);
  }
  const model = buildReportModel(record);
  const doc = new PDFDocument({
    size: 'A4',
    margins: { top: 40, bottom: 40, left: 42, right: 42 },
    bufferPages: true,
    info: {
      Title: `${LABELS.title.zh} ${LABELS.title.en} ${model.handoverId}`,
      Author: options.author ?? `Vaultline gateway ${model.integrity.gatewayId}`,
      Subject: model.integrity.hash,
      // The record's own time, so that the same record always renders the same document.
      CreationDate: new Date(record.completed.completedAt),
    },
  });
  const chunks: Buffer[] = [];
  doc.on('data', (chunk: Buffer) => chunks.push(chunk));
  const finished = new Promise<void>((resolve, reject) => {
    doc.on('end', resolve);
    doc.on('error', reject);
  });
  try {
    const isCollection = /\.(ttc|otc)$/i.test(fontPath);
    doc.registerFont('cjk', fontPath, isCollection ? (options.fontFace ?? DEFAULT_CJK_FONT.face) : undefined);
    doc.font('cjk');
  } catch (error) {
    throw new ReportFontInvalidError(fontPath, error);
  }
  const pen = new PdfPen(doc);
  drawReport(pen, model);
  pen.footers((page, total) => {
    const pageText = `${LABELS.page.zh} · ${LABELS.page.en}`
      .replaceAll('{n}', String(page))
      .replaceAll('{total}', String(total));
    return `${pageText}    ${model.handoverId}    ${formatTime(record.completed.completedAt, record.timeZone)}    SHA-256 ${model.integrity.hash.slice(0, 16)}…`;
  });
  doc.end();
  await finished;
  return new Uint8Array(Buffer.concat(chunks));
}
