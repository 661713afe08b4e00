import type { Jpeg } from './report-format.ts';

export const INK = '#111111';
export const MUTED = '#555555';
export const NAVY = '#0b2545';

export interface TextStyle {
  size?: number;
  color?: string;
  x?: number;
  width?: number;
  align?: 'left' | 'center' | 'right';
}

/**
 * A cursor over a pdfkit document: writes top to bottom, starts a new page when the next block would
 * not fit, and never lets pdfkit break pages on its own (blocks stay whole).
 */
export class PdfPen {
  y: number;

  constructor(readonly doc: PDFKit.PDFDocument) {
    this.y = doc.page.margins.top;
  }

  get left(): number {
    return this.doc.page.margins.left;
  }

  get width(): number {
    return this.doc.page.width - this.doc.page.margins.left - this.doc.page.margins.right;
  }

  private get bottom(): number {
    return this.doc.page.height - this.doc.page.margins.bottom;
  }

  /** Starts a new page unless `height` points still fit on this one; true when it did. */
  ensure(height: number): boolean {
    if (this.y + height <= this.bottom) return false;
    this.doc.addPage();
    this.y = this.doc.page.margins.top;
    return true;
  }

  heightOf(text: string, style: TextStyle = {}): number {
    this.doc.fontSize(style.size ?? 10);
    return this.doc.heightOfString(text, { width: style.width ?? this.width });
  }

  /** Writes text at (x, y) without moving the cursor; returns its height. */
  textAt(text: string, y: number, style: TextStyle = {}): number {
    const width = style.width ?? this.width;
    this.doc
      .fontSize(style.size ?? 10)
      .fillColor(style.color ?? INK)
      .text(text, style.x ?? this.left, y, { width, align: style.align ?? 'left', lineBreak: true });
    return this.heightOf(text, style);
  }

  /** Writes text at the cursor and moves below it. */
  text(text: string, style: TextStyle = {}, gap = 2): void {
    this.ensure(this.heightOf(text, style));
    this.y += this.textAt(text, this.y, style) + gap;
  }

  rule(color = NAVY, weight = 1): void {
    this.doc
      .moveTo(this.left, this.y)
      .lineTo(this.left + this.width, this.y)
      .lineWidth(weight)
      .strokeColor(color)
      .stroke();
  }

  box(
    x: number,
    y: number,
    w: number,
    h: number,
    fill: string | null,
    stroke: string | null = '#bbbbbb',
  ): void {
    this.doc.rect(x, y, w, h).lineWidth(0.6);
    if (fill && stroke) this.doc.fillAndStroke(fill, stroke);
    else if (fill) this.doc.fill(fill);
    else if (stroke) this.doc.stroke(stroke);
  }

  /** A photo fitted into a w × h frame; a JPEG pdfkit cannot read prints as the placeholder. */
  photo(jpeg: Jpeg | null, x: number, y: number, w: number, h: number, placeholder: string): void {
    if (jpeg) {
      try {
        this.box(x, y, w, h, '#222222', null);
        this.doc.image(Buffer.from(jpeg.bytes), x, y, { fit: [w, h], align: 'center', valign: 'center' });
        return;
      } catch {
        // Falls through to the placeholder: a damaged capture must not stop the report.
      }
    }
    this.box(x, y, w, h, '#f3f3f3', '#999999');
    this.textAt(placeholder, y + h / 2 - 10, { x, width: w, align: 'center', size: 8, color: MUTED });
  }

  /** Writes a footer on every page (page numbers need the total, so this runs last). */
  footers(text: (page: number, total: number) => string): void {
    const range = this.doc.bufferedPageRange();
    for (let i = range.start; i < range.start + range.count; i++) {
      this.doc.switchToPage(i);
      const { margins } = this.doc.page;
      const bottom = margins.bottom;
      // Below the bottom margin pdfkit would start a new page for the footer: lift the margin while writing.
      margins.bottom = 0;
      this.textAt(text(i + 1, range.count), this.doc.page.height - bottom + 12, { size: 7.5, color: MUTED });
      margins.bottom = bottom;
    }
  }
}
