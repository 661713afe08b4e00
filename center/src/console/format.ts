import { formatTime } from '@vaultline/shared/report/report-format';
import { type Lang, t } from './i18n/catalogue.ts';

/** Date and time as a wall screen shows it, in the console's time zone: `2026-11-23 09:41:07`. */
export function formatDateTime(ms: number, timeZone: string | undefined): string {
  return Number.isFinite(ms) ? formatTime(ms, timeZone) : '—';
}

/** `09:41` in the console's time zone. */
export function formatTimeOfDay(ms: number, timeZone: string | undefined): string {
  return formatDateTime(ms, timeZone).slice(11, 16);
}

/** How long ago, coarse: `45 秒` / `12 分钟` / `3 小时 5 分钟` / `2 天`. */
export function formatAge(ms: number, lang: Lang): string {
  const seconds = Math.max(0, Math.floor(ms / 1000));
  if (seconds < 60) return t(lang, 'age.seconds', { n: seconds });
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return t(lang, 'age.minutes', { n: minutes });
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return t(lang, 'age.hours', { h: hours, m: minutes % 60 });
  return t(lang, 'age.days', { n: Math.floor(hours / 24) });
}

/** Bytes in B / KiB / MiB. */
export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KiB`;
  return `${(bytes / (1024 * 1024)).toFixed(1)} MiB`;
}
