import { describe, expect, it } from 'vitest';
import { isKnownTimeZone, serviceDay } from '../../src/time/service-day.ts';

describe('serviceDay', () => {
  it('is the UTC date by default', () => {
    expect(serviceDay(Date.parse('2026-11-22T23:59:59Z'))).toBe('2026-11-22');
  });

  it('follows the bank’s zone across midnight', () => {
    expect(serviceDay(Date.parse('2026-11-22T15:59:59Z'), 'Asia/Shanghai')).toBe('2026-11-22');
    expect(serviceDay(Date.parse('2026-11-22T16:00:00Z'), 'Asia/Shanghai')).toBe('2026-11-23');
    expect(serviceDay(Date.parse('2026-11-23T04:00:00Z'), 'America/New_York')).toBe('2026-11-22');
  });

  it('tells known zones from unknown ones', () => {
    expect(isKnownTimeZone('Asia/Shanghai')).toBe(true);
    expect(isKnownTimeZone('Mars/Olympus')).toBe(false);
  });
});
