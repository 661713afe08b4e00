import jpeg from 'jpeg-js';
import { GLYPH_HEIGHT } from './bitmap-font.ts';
import { CELL_WIDTH, Raster, type Rgb, textWidth } from './raster.ts';

/** What the simulated camera sees when it freezes a frame. */
export interface Scene {
  /** Who or what stands in front of the camera; printed large so a person can read it in the photo. */
  label: string;
  /** Top caption, e.g. `CAM cam-1`. */
  caption: string;
  /** Bottom caption, e.g. the capture time. */
  timestamp: string;
  width: number;
  height: number;
}

const WALL_TOP: Rgb = [118, 132, 150];
const WALL_BOTTOM: Rgb = [70, 78, 92];
const SILHOUETTE: Rgb = [38, 34, 36];
const BAND: Rgb = [16, 20, 28];
const TEXT: Rgb = [250, 250, 240];
const CAPTION: Rgb = [255, 214, 90];
/** Sensor grain: gives the JPEG a realistic size (a flat picture would compress to a few kB). */
const GRAIN = 12;
const MAX_LABEL_LINES = 2;

/** Renders the scene as an RGBA raster: wall, head-and-shoulders silhouette, label, captions. */
export function renderScene(scene: Scene): Raster {
  const { width: w, height: h } = scene;
  const raster = new Raster(w, h);
  raster.verticalGradient(WALL_TOP, WALL_BOTTOM);
  raster.fillEllipse(w / 2, h * 0.98, w * 0.3, h * 0.28, SILHOUETTE); // shoulders
  raster.fillRect(w / 2 - h * 0.05, h * 0.55, h * 0.1, h * 0.2, SILHOUETTE); // neck
  raster.fillEllipse(w / 2, h * 0.5, h * 0.11, h * 0.14, SILHOUETTE); // head

  const small = Math.max(1, Math.floor(h / 240));
  const captionHeight = (GLYPH_HEIGHT + 2) * small;
  raster.fillRect(0, 0, w, captionHeight + 2 * small, BAND);
  raster.drawText(fitText(scene.caption, w - 4 * small, small), 2 * small, 2 * small, small, CAPTION);
  raster.fillRect(0, h - captionHeight - 2 * small, w, captionHeight + 2 * small, BAND);
  raster.drawText(
    fitText(scene.timestamp, w - 4 * small, small),
    2 * small,
    h - captionHeight,
    small,
    CAPTION,
  );

  const { lines, scale } = layoutLabel(scene.label, w, h);
  const lineHeight = (GLYPH_HEIGHT + 3) * scale;
  const top = captionHeight + 6 * small;
  raster.fillRect(0, top - 2 * scale, w, lines.length * lineHeight + 3 * scale, BAND);
  lines.forEach((line, i) => {
    raster.drawText(line, Math.round((w - textWidth(line, scale)) / 2), top + i * lineHeight, scale, TEXT);
  });
  raster.addNoise(GRAIN, hash(`${scene.label}|${scene.timestamp}`));
  return raster;
}

/** Encodes the scene as a baseline JPEG, as the camera's compressor would. */
export function encodeSceneJpeg(scene: Scene, quality: number): Uint8Array {
  const raster = renderScene(scene);
  const encoded = jpeg.encode({ data: raster.data, width: raster.width, height: raster.height }, quality);
  return new Uint8Array(encoded.data.buffer, encoded.data.byteOffset, encoded.data.length);
}

/** Decodes a JPEG to RGBA (for tests and the control API preview). */
export function decodeJpeg(bytes: Uint8Array): { width: number; height: number; data: Uint8Array } {
  const { width, height, data } = jpeg.decode(bytes, { useTArray: true, formatAsRGBA: true });
  return { width, height, data };
}

/**
 * The largest scale (at most an eighth of the height per text line) at which the label fits in two
 * lines; below the smallest legible scale the label is cut with `...`.
 */
function layoutLabel(label: string, w: number, h: number): { lines: string[]; scale: number } {
  const text = label.trim() || '(empty scene)';
  const largest = Math.max(1, Math.floor(h / 8 / GLYPH_HEIGHT));
  const smallest = Math.max(1, Math.floor(h / 120));
  for (let scale = largest; scale >= smallest; scale--) {
    const lines = wrap(text, Math.floor((w - 2 * scale) / (CELL_WIDTH * scale)));
    if (lines.length <= MAX_LABEL_LINES) return { lines, scale };
  }
  const perLine = Math.floor((w - 2 * smallest) / (CELL_WIDTH * smallest));
  const lines = wrap(text, perLine).slice(0, MAX_LABEL_LINES);
  const last = [...(lines[MAX_LABEL_LINES - 1] ?? '')].slice(0, Math.max(0, perLine - 3));
  lines[MAX_LABEL_LINES - 1] = `${last.join('')}...`;
  return { lines, scale: smallest };
}

/** Greedy word wrap to `perLine` characters; words longer than a line are broken. */
function wrap(text: string, maxChars: number): string[] {
  const perLine = Math.max(1, maxChars);
  const lines: string[] = [];
  let line: string[] = [];
  for (const word of text.split(/\s+/)) {
    let chars = [...word];
    while (chars.length > perLine) {
      if (line.length > 0) lines.push(line.join(''));
      lines.push(chars.slice(0, perLine).join(''));
      chars = chars.slice(perLine);
      line = [];
    }
    const candidate = line.length > 0 ? [...line, ' ', ...chars] : chars;
    if (candidate.length > perLine) {
      lines.push(line.join(''));
      line = chars;
    } else {
      line = candidate;
    }
  }
  if (line.length > 0) lines.push(line.join(''));
  return lines;
}

/** Cuts `text` to what fits in `width` pixels at `scale`. */
function fitText(text: string, width: number, scale: number): string {
  const chars = [...text];
  const fits = Math.max(0, Math.floor((width + scale) / (CELL_WIDTH * scale)));
  return chars.length <= fits ? text : chars.slice(0, fits).join('');
}

function hash(text: string): number {
  let h = 2166136261;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 16777619);
  return h >>> 0;
}
