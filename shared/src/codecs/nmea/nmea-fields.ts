import { FrameFormatError } from '../../errors.ts';

/** Field parsers and formatters for NMEA 0183 (protocols/nmea-gps.md §2–§4). Empty field = no data. */
const PROTOCOL = 'nmea';
/** §4: knots × 1.852 = km/h. */
export const KMH_PER_KNOT = 1.852;

function invalid(field: string, value: string): FrameFormatError {
  return new FrameFormatError(PROTOCOL, `${field} field ${JSON.stringify(value)} is malformed`);
}

export function parseNumber(value: string | undefined, field: string): number | null {
  if (!value) return null;
  if (!/^[-+]?\d+(\.\d*)?$|^[-+]?\.\d+$/.test(value)) throw invalid(field, value);
  return Number(value);
}

export function parseInteger(value: string | undefined, field: string): number | null {
  if (!value) return null;
  if (!/^\d+$/.test(value)) throw invalid(field, value);
  return Number(value);
}

/** `hhmmss.ss` → ms since midnight UTC. Second 60 is a leap second. */
export function parseTimeOfDay(value: string | undefined): number | null {
  if (!value) return null;
  const match = /^(\d{2})(\d{2})(\d{2})(\.\d+)?$/.exec(value);
  if (!match) throw invalid('time', value);
  const [h, m, s] = [Number(match[1]), Number(match[2]), Number(match[3])];
  if (h > 23 || m > 59 || s > 60) throw invalid('time', value);
  const fraction = match[4] ? Math.round(Number(match[4]) * 1000) : 0;
  return ((h * 60 + m) * 60 + s) * 1000 + fraction;
}

/** `ddmmyy` → ms of that UTC midnight. Two-digit years: 80–99 are 19xx (GPS starts in 1980), else 20xx. */
export function parseDate(value: string | undefined): number | null {
  if (!value) return null;
  const match = /^(\d{2})(\d{2})(\d{2})$/.exec(value);
  if (!match) throw invalid('date', value);
  const [day, month, yy] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const year = yy >= 80 ? 1900 + yy : 2000 + yy;
  const at = Date.UTC(year, month - 1, day);
  if (month < 1 || month > 12 || day < 1 || new Date(at).getUTCDate() !== day) throw invalid('date', value);
  return at;
}

/**
 * §4: `ddmm.mmmm` (latitude, 2 degree digits) or `dddmm.mmmm` (longitude, 3) plus hemisphere → signed
 * degrees. Both fields empty → null.
 */
export function parseCoordinate(
  value: string | undefined,
  hemisphere: string | undefined,
  axis: 'latitude' | 'longitude',
): number | null {
  if (!value && !hemisphere) return null;
  const degreeDigits = axis === 'latitude' ? 2 : 3;
  const [positive, negative, limit] = axis === 'latitude' ? ['N', 'S', 90] : ['E', 'W', 180];
  const match = new RegExp(`^(\\d{${degreeDigits}})(\\d{2}(?:\\.\\d+)?)$`).exec(value ?? '');
  if (!match || (hemisphere !== positive && hemisphere !== negative)) {
    throw invalid(axis, `${value ?? ''},${hemisphere ?? ''}`);
  }
  const minutes = Number(match[2]);
  const degrees = Number(match[1]) + minutes / 60;
  if (minutes >= 60 || degrees > limit) throw invalid(axis, `${value},${hemisphere}`);
  return hemisphere === negative ? -degrees : degrees;
}

/** Signed degrees → [`ddmm.mmmm` / `dddmm.mmmm`, hemisphere], minutes rounded to 4 decimals. */
export function formatCoordinate(degrees: number, axis: 'latitude' | 'longitude'): [string, string] {
  const limit = axis === 'latitude' ? 90 : 180;
  if (!Number.isFinite(degrees) || Math.abs(degrees) > limit) {
    throw new RangeError(`${axis} must be within ±${limit}°, got ${degrees}`);
  }
  // Round once in units of 1/10 000 minute so that 59.99999' carries into the next degree.
  const units = Math.round(Math.abs(degrees) * 60 * 10_000);
  const whole = Math.floor(units / 600_000);
  const minutes = (units % 600_000) / 10_000;
  const text = `${String(whole).padStart(axis === 'latitude' ? 2 : 3, '0')}${minutes.toFixed(4).padStart(7, '0')}`;
  const hemisphere = axis === 'latitude' ? (degrees < 0 ? 'S' : 'N') : degrees < 0 ? 'W' : 'E';
  return [text, hemisphere];
}

/** UTC ms → [`hhmmss.ss`, `ddmmyy`]. */
export function formatTimeAndDate(timestamp: number): [string, string] {
  const d = new Date(timestamp);
  const two = (n: number) => String(n).padStart(2, '0');
  const hundredths = two(Math.floor(d.getUTCMilliseconds() / 10));
  return [
    `${two(d.getUTCHours())}${two(d.getUTCMinutes())}${two(d.getUTCSeconds())}.${hundredths}`,
    `${two(d.getUTCDate())}${two(d.getUTCMonth() + 1)}${two(d.getUTCFullYear() % 100)}`,
  ];
}

/** Combines a date (UTC midnight) with a time of day; null unless both are present. */
export function combineDateTime(date: number | null, timeOfDayMs: number | null): number | null {
  return date === null || timeOfDayMs === null ? null : date + timeOfDayMs;
}
