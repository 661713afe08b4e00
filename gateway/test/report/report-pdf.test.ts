import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ReportFontInvalidError, ReportFontMissingError } from '@vaultline/shared/report/report-errors';
import { renderReportPdf } from '@vaultline/shared/report/report-pdf';
import { afterAll, describe, expect, it } from 'vitest';
import { EPCS, photo, sampleRecord } from './report-fixtures.ts';

const latin1 = (pdf: Uint8Array) => Buffer.from(pdf).toString('latin1');

/** Page count from the page tree, checked against the page objects actually present. */
function pageCount(pdf: Uint8Array): number {
  const text = latin1(pdf);
  const tree = /\/Type \/Pages\s*\/Count (\d+)/.exec(text);
  const pages = text.match(/\/Type \/Page\s*\/Parent/g)?.length ?? 0;
  expect(Number(tree?.[1])).toBe(pages);
  return pages;
}

const hasPdftoppm = spawnSync('pdftoppm', ['-v']).error === undefined;
const dir = mkdtempSync(join(tmpdir(), 'vaultline-report-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('renderReportPdf', () => {
  it('writes a valid one-page A4 PDF with the CJK font embedded and the four photos', async () => {
    const pdf = await renderReportPdf(sampleRecord());
    const text = latin1(pdf);
    expect(text.startsWith('%PDF-')).toBe(true);
    expect(text.trimEnd().endsWith('%%EOF')).toBe(true);
    expect(pageCount(pdf)).toBe(1);
    expect(text).toContain('/MediaBox [0 0 595.28 841.89]');
    expect(text).toMatch(/\/BaseFont \/[A-Z]{6}\+WenQuanYiMicroHei/);
    expect(text).toContain('/FontFile2');
    expect(text.match(/\/Subtype \/Image/g)).toHaveLength(4);
    expect(text.match(/\/Filter \/DCTDecode/g)?.length).toBeGreaterThanOrEqual(4);
  });

  it('renders the same record to the same bytes', async () => {
    const [a, b] = await Promise.all([renderReportPdf(sampleRecord()), renderReportPdf(sampleRecord())]);
    expect(Buffer.from(a).equals(Buffer.from(b))).toBe(true);
  });

  it('runs a long manifest over several pages', async () => {
    const record = sampleRecord();
    const many = Array.from(
      { length: 150 },
      (_, i) => `E2801160600002A0000D${i.toString(16).toUpperCase().padStart(4, '0')}`,
    );
    record.completed.boxes = { expected: many, scanned: many, missing: [], rejected: [] };
    delete record.completed.discrepancy;
    const pages = pageCount(await renderReportPdf(record));
    // 150 rows of 15 pt do not fit under the header of page 1 nor on page 2 (~750 pt each).
    expect(pages).toBeGreaterThanOrEqual(3);
    expect(pages).toBeLessThanOrEqual(4);
  });

  it('prints a placeholder for a photo pdfkit cannot read, and still writes the report', async () => {
    const broken = Uint8Array.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 1, 2, 3, 4, 5, 6, 7, 8]);
    const record = sampleRecord({ photos: { E1001: { stored: broken, captured: photo('LIVE') } } });
    const pdf = await renderReportPdf(record);
    expect(pageCount(pdf)).toBe(1);
    expect(latin1(pdf).match(/\/Subtype \/Image/g)).toHaveLength(1);
  });

  it('says to install fonts-wqy-microhei when the CJK font is missing', async () => {
    const fontPath = join(dir, 'no-such-font.ttc');
    const failure = renderReportPdf(sampleRecord(), { fontPath });
    await expect(failure).rejects.toBeInstanceOf(ReportFontMissingError);
    await expect(failure).rejects.toThrow(/apt-get install fonts-wqy-microhei/);
    await expect(failure).rejects.toMatchObject({ code: 'REPORT_FONT_MISSING' });
  });

  it('explains a font face that is not in the collection', async () => {
    const failure = renderReportPdf(sampleRecord(), { fontFace: 'WenQuanYi Micro Hei' });
    await expect(failure).rejects.toBeInstanceOf(ReportFontInvalidError);
    await expect(failure).rejects.toThrow(/PostScript name/);
  });

  // poppler's pdftoppm (installed by .ci/setup.sh) is an independent PDF reader: the report must render.
  it('rasterises with pdftoppm', async () => {
    expect(hasPdftoppm, 'pdftoppm is missing: run `npm test` (its setup installs poppler-utils)').toBe(true);
    const file = join(dir, 'report.pdf');
    writeFileSync(
      file,
      await renderReportPdf(
        sampleRecord({
          completed: {
            ...sampleRecord().completed,
            boxes: { expected: EPCS, scanned: EPCS, missing: [], rejected: [] },
          },
        }),
      ),
    );
    const run = spawnSync('pdftoppm', ['-png', '-r', '60', file, join(dir, 'page')]);
    expect(run.status).toBe(0);
    expect(readdirSync(dir).filter((name) => name.startsWith('page') && name.endsWith('.png'))).toHaveLength(
      1,
    );
  });
});
