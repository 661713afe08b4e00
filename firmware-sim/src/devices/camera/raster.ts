import { GLYPH_HEIGHT, GLYPH_WIDTH, glyphRows } from './bitmap-font.ts';

export type Rgb = readonly [number, number, number];

/** Horizontal advance of one character cell, in font pixels (glyph plus one pixel of spacing). */
export const CELL_WIDTH = GLYPH_WIDTH + 1;

/** A plain RGBA pixel buffer with the few drawing operations the simulated camera needs. */
export class Raster {
  readonly data: Uint8Array;

  constructor(
    readonly width: number,
    readonly height: number,
  ) {
    this.data = new Uint8Array(width * height * 4);
  }

  set(x: number, y: number, [r, g, b]: Rgb): void {
    if (x < 0 || y < 0 || x >= this.width || y >= this.height) return;
    const i = (y * this.width + x) * 4;
    this.data[i] = r;
    this.data[i + 1] = g;
    this.data[i + 2] = b;
    this.data[i + 3] = 0xff;
  }

  fillRect(x: number, y: number, w: number, h: number, color: Rgb): void {
    for (let yy = Math.max(0, Math.floor(y)); yy < Math.min(this.height, y + h); yy++)
      for (let xx = Math.max(0, Math.floor(x)); xx < Math.min(this.width, x + w); xx++)
        this.set(xx, yy, color);
  }

  fillEllipse(cx: number, cy: number, rx: number, ry: number, color: Rgb): void {
    for (let y = Math.floor(cy - ry); y <= cy + ry; y++) {
      const dy = (y - cy) / ry;
      if (dy * dy > 1) continue;
      const half = rx * Math.sqrt(1 - dy * dy);
      for (let x = Math.ceil(cx - half); x <= cx + half; x++) this.set(x, y, color);
    }
  }

  /** Top-to-bottom blend between two colours. */
  verticalGradient(top: Rgb, bottom: Rgb): void {
    for (let y = 0; y < this.height; y++) {
      const t = this.height > 1 ? y / (this.height - 1) : 0;
      const color: Rgb = [0, 1, 2].map((c) =>
        Math.round(top[c]! + (bottom[c]! - top[c]!) * t),
      ) as unknown as Rgb;
      this.fillRect(0, y, this.width, 1, color);
    }
  }

  /** Adds ±`amplitude` of pseudo-random sensor noise to every channel, reproducibly from `seed`. */
  addNoise(amplitude: number, seed: number): void {
    let state = seed >>> 0 || 1;
    for (let i = 0; i < this.data.length; i++) {
      if (i % 4 === 3) continue;
      // xorshift32: cheap and deterministic, which is all sensor grain needs.
      state ^= state << 13;
      state ^= state >>> 17;
      state ^= state << 5;
      const delta = ((state >>> 0) % (2 * amplitude + 1)) - amplitude;
      this.data[i] = Math.max(0, Math.min(255, (this.data[i] ?? 0) + delta));
    }
  }

  /** Draws `text` with its top-left corner at (x, y), each font pixel `scale` × `scale` image pixels. */
  drawText(text: string, x: number, y: number, scale: number, color: Rgb): void {
    let left = x;
    for (const char of text) {
      const rows = glyphRows(char);
      for (let row = 0; row < GLYPH_HEIGHT; row++) {
        const bits = rows[row] ?? 0;
        for (let col = 0; col < GLYPH_WIDTH; col++) {
          if (bits & (1 << (GLYPH_WIDTH - 1 - col)))
            this.fillRect(left + col * scale, y + row * scale, scale, scale, color);
        }
      }
      left += CELL_WIDTH * scale;
    }
  }
}

/** Width in image pixels of `text` drawn at `scale` (counting code points, as `drawText` does). */
export function textWidth(text: string, scale: number): number {
  const chars = [...text].length;
  return chars === 0 ? 0 : chars * CELL_WIDTH * scale - scale;
}
