/**
 * The service day (YYYY-MM-DD) an instant belongs to in the bank's time zone: the day a dispatch plan is
 * for. A plan for 23 November in Beijing starts at 16:00 UTC on the 22nd, so UTC dates would publish it
 * eight hours late.
 */
export function serviceDay(at: number, timeZone = 'UTC'): string {
  return dayFormatter(timeZone).format(at);
}

/** True when `timeZone` is an IANA zone this runtime knows (e.g. `Asia/Shanghai`). */
export function isKnownTimeZone(timeZone: string): boolean {
  try {
    dayFormatter(timeZone);
    return true;
  } catch {
    return false;
  }
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function dayFormatter(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    // en-CA formats dates as YYYY-MM-DD.
    formatter = new Intl.DateTimeFormat('en-CA', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}
