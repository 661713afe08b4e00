import { PositionPayload } from '@vaultline/shared/contract/mqtt-payloads';
import { check } from '@vaultline/shared/contract/validate';
import { describe, expect, it } from 'vitest';
import { GpsReceiver } from '../../src/vehicle/gps-receiver.ts';
import { GpsTelematics } from '../../src/vehicle/gps-telematics.ts';
import type { VehicleFix } from '../../src/vehicle/vehicle-motion.ts';

/**
 * The synthetic vehicle sentences of protocols/nmea-gps.md §5 (London, westbound at 31.5 kn), and the
 * fix they describe: 14 Mar 2025 08:30:15 UTC, 51.507520° N, 0.126372° W, 58.34 km/h, course 271.3°.
 */
const DOC_RMC = '$GNRMC,083015.00,A,5130.4512,N,00007.5823,W,031.5,271.3,140325,,,A*52\r\n';
const DOC_GGA = '$GNGGA,083015.00,5130.4512,N,00007.5823,W,1,09,0.9,23.4,M,45.9,M,,*5C\r\n';
const DOC_LOST_FIX = '$GNRMC,083016.00,V,,,,,,,140325,,,N*6E\r\n';
const DOC_TIME = Date.UTC(2025, 2, 14, 8, 30, 15);
const DOC_FIX: VehicleFix = {
  position: { lat: 51 + 30.4512 / 60, lon: -(7.5823 / 60) },
  speedKmh: 31.5 * 1.852,
  headingDeg: 271.3,
};

const bytes = (text: string) => Buffer.from(text, 'latin1');

describe('GpsReceiver (the unit GNSS receiver)', () => {
  it('writes RMC then GGA of a fix exactly as the §5 sentences', () => {
    expect(new GpsReceiver().sentences(DOC_TIME, DOC_FIX)).toBe(DOC_RMC + DOC_GGA);
  });

  it('reports a lost fix as the §5 lost-fix RMC (status V, mode N, no position)', () => {
    const receiver = new GpsReceiver();
    receiver.fault = 'no-fix';
    const [rmc, gga] = receiver.sentences(DOC_TIME + 1_000, DOC_FIX).split(/(?<=\r\n)/);
    expect(rmc).toBe(DOC_LOST_FIX);
    expect(gga).toMatch(/^\$GNGGA,083016\.00,,,,,0,00,/);
  });

  it('prints a course just under 360° as 000.0, never 360.0', () => {
    const text = new GpsReceiver().sentences(DOC_TIME, { ...DOC_FIX, headingDeg: 359.97 });
    expect(text.split(',')[8]).toBe('000.0');
  });
});

describe('GpsTelematics (NMEA → pos payload)', () => {
  it('decodes the §5 RMC + GGA pair into a valid position payload', () => {
    const positions = new GpsTelematics().receive(bytes(DOC_RMC + DOC_GGA));
    expect(positions).toEqual([
      {
        ts: '2025-03-14T08:30:15.000Z',
        lat: 51.50752,
        lon: -0.1263717,
        speedKmh: 58.3,
        headingDeg: 271.3,
      },
    ]);
    expect(check(PositionPayload, positions[0]).ok).toBe(true);
  });

  it('decodes the same pair split at every byte boundary', () => {
    const stream = bytes(DOC_RMC + DOC_GGA);
    for (let cut = 1; cut < stream.length; cut++) {
      const telematics = new GpsTelematics();
      const positions = [
        ...telematics.receive(stream.subarray(0, cut)),
        ...telematics.receive(stream.subarray(cut)),
      ];
      expect(positions).toHaveLength(1);
    }
  });

  it('publishes nothing for a lost fix and counts it', () => {
    const telematics = new GpsTelematics();
    const receiver = new GpsReceiver();
    receiver.fault = 'no-fix';
    expect(telematics.receive(bytes(receiver.sentences(DOC_TIME, DOC_FIX)))).toEqual([]);
    expect(telematics.counters).toMatchObject({ sentences: 2, noFix: 1, positions: 0 });
  });

  it('drops corrupted sentences on their checksum and recovers at the next good fix', () => {
    const rejected: string[] = [];
    const telematics = new GpsTelematics((error) => rejected.push(error.code));
    const receiver = new GpsReceiver();
    receiver.fault = 'corrupt';
    expect(telematics.receive(bytes(receiver.sentences(DOC_TIME, DOC_FIX)))).toEqual([]);
    expect(rejected).toEqual(['CHECKSUM', 'CHECKSUM']);
    receiver.fault = 'none';
    expect(telematics.receive(bytes(receiver.sentences(DOC_TIME + 1_000, DOC_FIX)))).toHaveLength(1);
    expect(telematics.counters).toMatchObject({ rejected: 2, positions: 1 });
  });

  it('pairs RMC and GGA by UTC time: a GGA of another fix or alone yields nothing', () => {
    const telematics = new GpsTelematics();
    const otherGga = new GpsReceiver().sentences(DOC_TIME + 1_000, DOC_FIX).split(/(?<=\r\n)/)[1]!;
    expect(telematics.receive(bytes(DOC_RMC + otherGga))).toEqual([]);
    expect(telematics.receive(bytes(DOC_GGA))).toEqual([]);
  });

  it('refuses a fix whose GGA reports quality 0 even if RMC says valid', () => {
    const gga = '$GNGGA,083015.00,5130.4512,N,00007.5823,W,0,09,0.9,23.4,M,45.9,M,,';
    const checksum = [...gga.slice(1)].reduce((x, c) => x ^ c.charCodeAt(0), 0);
    const line = `${gga}*${checksum.toString(16).toUpperCase().padStart(2, '0')}\r\n`;
    expect(new GpsTelematics().receive(bytes(DOC_RMC + line))).toEqual([]);
  });
});
