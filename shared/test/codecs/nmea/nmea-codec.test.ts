import { describe, expect, it } from 'vitest';
import {
  frameSentence,
  nmeaChecksum,
  parseNmea,
  splitSentence,
} from '../../../src/codecs/nmea/nmea-codec.ts';
import { encodeGga, encodeRmc } from '../../../src/codecs/nmea/nmea-encoder.ts';
import { ChecksumError, FrameFormatError } from '../../../src/errors.ts';
import {
  NMEA_GOLDEN_GGA_LONDON,
  NMEA_GOLDEN_RMC_LONDON,
  NMEA_GOLDEN_RMC_LOST_FIX,
  NMEA_GOLDEN_SENTENCES,
  NMEA_LONDON_FIX,
} from '../../fixtures/nmea-golden-sentences.ts';

describe('NMEA checksum (§1)', () => {
  it('XORs the characters between $ and * (the doc example *47)', () => {
    expect(nmeaChecksum('GPGGA,123519,4807.038,N,01131.000,E,1,08,0.9,545.4,M,46.9,M,,')).toBe(0x47);
  });

  it('frames a body as $body*HH CR LF with uppercase hex', () => {
    expect(frameSentence('GPRMC,123519,A,4807.038,N,01131.000,E,022.4,084.4,230394,003.1,W')).toBe(
      '$GPRMC,123519,A,4807.038,N,01131.000,E,022.4,084.4,230394,003.1,W*6A\r\n',
    );
  });

  it('rejects a wrong checksum with ChecksumError and a missing one with FrameFormatError', () => {
    const sentence = NMEA_GOLDEN_RMC_LONDON.sentence;
    expect(() => parseNmea(sentence.replace('*52', '*53'))).toThrow(ChecksumError);
    expect(() => parseNmea(sentence.slice(0, -3))).toThrow(FrameFormatError);
    expect(() => parseNmea(sentence.replace('5130', '5131'))).toThrow(ChecksumError);
  });

  it('accepts lowercase checksum digits and a trailing CR LF', () => {
    expect(parseNmea(`${NMEA_GOLDEN_RMC_LOST_FIX.sentence.replace('*6E', '*6e')}\r\n`)).toEqual(
      NMEA_GOLDEN_RMC_LOST_FIX.decoded,
    );
  });
});

describe('NMEA golden sentences (§5)', () => {
  it.each(NMEA_GOLDEN_SENTENCES)('decodes $sentence', ({ sentence, decoded }) => {
    expect(parseNmea(sentence)).toEqual(decoded);
  });

  it('gives the decoded values the doc states for the first London RMC', () => {
    const rmc = parseNmea(NMEA_GOLDEN_RMC_LONDON.sentence);
    expect(rmc).toMatchObject({ type: 'RMC', valid: true, mode: 'autonomous', courseDeg: 271.3 });
    if (rmc?.type !== 'RMC') throw new Error('expected RMC');
    expect(new Date(rmc.timestamp!).toISOString()).toBe('2025-03-14T08:30:15.000Z');
    expect(rmc.latitude).toBeCloseTo(51.50752, 6);
    expect(rmc.longitude).toBeCloseTo(-0.126372, 6);
    expect(rmc.speedKmh).toBeCloseTo(58.34, 2);
  });

  it('encodes the London fix as the golden RMC and GGA sentences', () => {
    expect(encodeRmc(NMEA_LONDON_FIX)).toBe(`${NMEA_GOLDEN_RMC_LONDON.sentence}\r\n`);
    expect(encodeGga(NMEA_LONDON_FIX)).toBe(`${NMEA_GOLDEN_GGA_LONDON.sentence}\r\n`);
  });

  it('encodes a lost fix as the golden status-V RMC', () => {
    const lost = { timestamp: NMEA_LONDON_FIX.timestamp + 1000, position: null };
    expect(encodeRmc(lost)).toBe(`${NMEA_GOLDEN_RMC_LOST_FIX.sentence}\r\n`);
    expect(parseNmea(encodeGga(lost))).toMatchObject({ fixQuality: 0, latitude: null, longitude: null });
  });
});

describe('NMEA parsing rules', () => {
  const withBody = (body: string) => frameSentence(body);

  it('parses any two-letter talker and keys on the sentence type', () => {
    const body = NMEA_GOLDEN_GGA_LONDON.sentence.slice(1, -3).replace('GNGGA', 'GLGGA');
    expect(parseNmea(withBody(body))).toMatchObject({ type: 'GGA', talker: 'GL' });
  });

  it('returns undefined for other well-formed sentence types', () => {
    expect(parseNmea(withBody('GPGSA,A,3,04,05,,09,12,,,24,,,,,2.5,1.3,2.1'))).toBeUndefined();
  });

  it('tolerates missing tail fields (NMEA 2.1 RMC without mode, truncated GGA)', () => {
    expect(parseNmea(withBody('GPRMC,083015,A,5130.4512,N,00007.5823,W,1.0,90.0,140325'))).toMatchObject({
      mode: null,
      magneticVariationDeg: null,
      valid: true,
    });
    expect(parseNmea(withBody('GPGGA,083015,5130.4512,N,00007.5823,W,1'))).toMatchObject({
      fixQuality: 1,
      satellites: null,
      hdop: null,
    });
  });

  it('reads the NMEA 4.1 navigational status and southern/western hemispheres', () => {
    const rmc = parseNmea(withBody('GNRMC,235959.50,A,3352.1234,S,15112.5000,E,0.0,,311299,,,D,S'));
    expect(rmc).toMatchObject({ mode: 'differential', navigationalStatus: 'S', courseDeg: null });
    if (rmc?.type !== 'RMC') throw new Error('expected RMC');
    expect(rmc.latitude).toBeCloseTo(-(33 + 52.1234 / 60), 9);
    expect(new Date(rmc.timestamp!).toISOString()).toBe('1999-12-31T23:59:59.500Z');
  });

  it.each([
    ['a bad status letter', 'GPRMC,083015,X,5130.4512,N,00007.5823,W,1.0,90.0,140325'],
    ['a bad mode letter', 'GPRMC,083015,A,5130.4512,N,00007.5823,W,1.0,90.0,140325,,,Q'],
    ['a latitude without hemisphere', 'GPRMC,083015,A,5130.4512,,00007.5823,W,1.0,90.0,140325'],
    ['minutes of 60 or more', 'GPRMC,083015,A,5160.0000,N,00007.5823,W,1.0,90.0,140325'],
    ['an impossible date', 'GPRMC,083015,A,5130.4512,N,00007.5823,W,1.0,90.0,310225'],
    ['an impossible time', 'GPGGA,250000,5130.4512,N,00007.5823,W,1,08,0.9,1.0,M,1.0,M,,'],
    ['a fix quality above 8', 'GPGGA,083015,5130.4512,N,00007.5823,W,9,08,0.9,1.0,M,1.0,M,,'],
    ['a non-numeric speed', 'GPRMC,083015,A,5130.4512,N,00007.5823,W,fast,90.0,140325'],
  ])('rejects %s with FrameFormatError', (_, body) => {
    expect(() => parseNmea(withBody(body))).toThrow(FrameFormatError);
  });

  it('splits a sentence into address and fields', () => {
    expect(splitSentence(withBody('GPXYZ,1,,3'))).toEqual({ address: 'GPXYZ', fields: ['1', '', '3'] });
  });
});

describe('NMEA encoding', () => {
  it('round-trips a southern-western fix through the parser', () => {
    const fix = {
      timestamp: Date.UTC(2026, 0, 2, 3, 4, 5, 670),
      position: { latitude: -33.8688, longitude: -70.6693 },
      speedKmh: 12.3,
      courseDeg: 5,
      satellites: 12,
      hdop: 1.2,
    };
    const rmc = parseNmea(encodeRmc(fix, 'GP'));
    if (rmc?.type !== 'RMC') throw new Error('expected RMC');
    expect(rmc.timestamp).toBe(fix.timestamp);
    expect(rmc.latitude).toBeCloseTo(fix.position.latitude, 5);
    expect(rmc.longitude).toBeCloseTo(fix.position.longitude, 5);
    expect(rmc.speedKmh).toBeCloseTo(12.3, 0);
    expect(encodeRmc(fix, 'GP')).toContain(',005.0,');
  });

  it('carries minutes that round to 60 into the next degree', () => {
    const rmc = encodeRmc({ timestamp: 0, position: { latitude: 10.999999999, longitude: 0 } });
    expect(rmc).toContain(',1100.0000,N,');
  });

  it('refuses out-of-range coordinates and bad talkers', () => {
    expect(() => encodeRmc({ timestamp: 0, position: { latitude: 91, longitude: 0 } })).toThrow(RangeError);
    expect(() => encodeGga({ timestamp: 0, position: null }, 'gps')).toThrow(RangeError);
  });

  it('can mark a fix with a position as invalid, as the simulator does to test alarms', () => {
    const sentence = encodeRmc({ ...NMEA_LONDON_FIX, valid: false });
    expect(parseNmea(sentence)).toMatchObject({ valid: false, mode: 'not-valid' });
  });
});
