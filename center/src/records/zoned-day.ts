/**
 * The instant a calendar day starts in an IANA time zone (the host's when none is given): a bank's
 * auditor searching "14 May" means 14 May where the bank is, not in UTC.
 */
export function zonedDayStart(date: string, timeZone?: string): number {
  return zonedInstant(`${date}T00:00`, timeZone);
}

/** The instant of a wall-clock time `YYYY-MM-DDTHH:mm` (as a datetime-local field sends it) in a zone. */
export function zonedInstant(local: string, timeZone?: string): number {
  const [date = '', time = ''] = local.split('T');
  const [year, month, day] = date.split('-').map(Number) as [number, number, number];
  const [hour, minute] = time.split(':').map(Number) as [number, number];
  const asUtc = Date.UTC(year, month - 1, day, hour, minute);
  // The offset at the guess may differ from the offset at the answer across a DST change: look twice.
  const first = asUtc - zoneOffsetMs(asUtc, timeZone);
  return asUtc - zoneOffsetMs(first, timeZone);
}

/** The calendar day after `date` (`YYYY-MM-DD`). */
export function nextDay(date: string): string {
  const [year, month, day] = date.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(year, month - 1, day + 1)).toISOString().slice(0, 10);
}

/** How far the zone's wall clock is ahead of UTC at `at`, ms. */
function zoneOffsetMs(at: number, timeZone: string | undefined): number {
  const parts = new Intl.DateTimeFormat('en-US', {
    ...(timeZone ? { timeZone } : {}),
    hourCycle: 'h23',
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
    hour: 'numeric',
    minute: 'numeric',
    second: 'numeric',
  }).formatToParts(new Date(at));
  const part = (type: Intl.DateTimeFormatPartTypes) => Number(parts.find((p) => p.type === type)?.value);
  const wall = Date.UTC(
    part('year'),
    part('month') - 1,
    part('day'),
    part('hour'),
    part('minute'),
    part('second'),
  );
  return wall - Math.floor(at / 1000) * 1000;
}
