import type { ImageSource } from './report-record.ts';

export interface Jpeg {
  bytes: Uint8Array;
  dataUrl: string;
}

/** Every JPEG starts with SOI (FF D8) followed by a marker (FF); anything else is not printed. */
function isJpeg(bytes: Uint8Array): boolean {
  return bytes.length > 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff;
}

/** A photo as bytes and data URL, or null when it is absent or not a JPEG (the report says "no image"). */
export function decodeJpeg(source: ImageSource | undefined): Jpeg | null {
  if (source === undefined) return null;
  let bytes: Uint8Array;
  if (typeof source === 'string') {
    const base64 = source.startsWith('data:') ? source.slice(source.indexOf(',') + 1) : source;
    bytes = new Uint8Array(Buffer.from(base64, 'base64'));
  } else {
    bytes = source;
  }
  if (!isJpeg(bytes)) return null;
  return { bytes, dataUrl: `data:image/jpeg;base64,${Buffer.from(bytes).toString('base64')}` };
}

/** `YYYY-MM-DD HH:mm:ss` in the given time zone (default: the host's), the way a bank's forms print it. */
export function formatTime(at: string | number, timeZone?: string): string {
  const date = new Date(at);
  if (Number.isNaN(date.getTime())) return String(at);
  const parts = new Intl.DateTimeFormat('en-CA', {
    ...(timeZone ? { timeZone } : {}),
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(date);
  const part = (type: Intl.DateTimeFormatPartTypes) => parts.find((p) => p.type === type)?.value ?? '';
  return `${part('year')}-${part('month')}-${part('day')} ${part('hour')}:${part('minute')}:${part('second')}`;
}

/** `12 分 05 秒 / 12 min 05 s`: how long the hand-over took. */
export function formatDuration(startIso: string, endIso: string): string {
  const seconds = Math.max(0, Math.round((Date.parse(endIso) - Date.parse(startIso)) / 1000));
  if (Number.isNaN(seconds)) return '—';
  const minutes = Math.floor(seconds / 60);
  const rest = String(seconds % 60).padStart(2, '0');
  return `${minutes} 分 ${rest} 秒 / ${minutes} min ${rest} s`;
}

const HTML_ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => HTML_ESCAPES[char] ?? char);
}
