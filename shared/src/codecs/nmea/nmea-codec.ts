import { ChecksumError, FrameFormatError } from '../../errors.ts';
import {
  combineDateTime,
  KMH_PER_KNOT,
  parseCoordinate,
  parseDate,
  parseInteger,
  parseNumber,
  parseTimeOfDay,
} from './nmea-fields.ts';

/**
 * NMEA 0183 RMC and GGA (protocols/nmea-gps.md). Sentences are parsed by field position, with any
 * two-letter talker (GP, GL, GA, GN …); missing tail fields read as "no data" (§2: 11–13 RMC fields).
 */
export const NMEA_PROTOCOL = 'nmea';
/** §1: 82 characters nominal, but some receivers exceed it; allow about 100 (CR LF included). */
export const NMEA_MAX_SENTENCE = 100;

/** §2 field 12 (NMEA 2.3+). */
export const NMEA_MODES = {
  A: 'autonomous',
  D: 'differential',
  E: 'estimated',
  M: 'manual',
  N: 'not-valid',
  S: 'simulator',
} as const;
export type NmeaMode = (typeof NMEA_MODES)[keyof typeof NMEA_MODES];

/** §3 field 6: 0 invalid, 1 GPS, 2 DGPS, 3 PPS, 4 RTK fixed, 5 RTK float, 6 estimated, 7 manual, 8 simulation. */
export const GGA_FIX_QUALITY_MAX = 8;

export interface NmeaRmc {
  type: 'RMC';
  talker: string;
  /** ms since midnight UTC; pairs an RMC with the GGA of the same fix (§6). */
  timeOfDayMs: number | null;
  /** UTC ms since the epoch from date + time (§4); null when either is missing. */
  timestamp: number | null;
  /** Status `A`; `V` (warning) is false. */
  valid: boolean;
  latitude: number | null;
  longitude: number | null;
  speedKmh: number | null;
  courseDeg: number | null;
  /** Negative for west. */
  magneticVariationDeg: number | null;
  mode: NmeaMode | null;
  navigationalStatus: string | null;
}

export interface NmeaGga {
  type: 'GGA';
  talker: string;
  timeOfDayMs: number | null;
  latitude: number | null;
  longitude: number | null;
  fixQuality: number | null;
  satellites: number | null;
  hdop: number | null;
  altitudeM: number | null;
  geoidSeparationM: number | null;
  dgpsAgeS: number | null;
  dgpsStationId: string | null;
}

export type NmeaSentence = NmeaRmc | NmeaGga;

/** §1: XOR of every character strictly between `$` and `*`. */
export function nmeaChecksum(body: string): number {
  let sum = 0;
  for (let i = 0; i < body.length; i++) sum ^= body.charCodeAt(i);
  return sum;
}

/** `body` (between `$` and `*`) → `$body*HH\r\n`. */
export function frameSentence(body: string): string {
  return `$${body}*${nmeaChecksum(body).toString(16).toUpperCase().padStart(2, '0')}\r\n`;
}

/**
 * Checks the framing and checksum of one sentence (trailing CR LF optional) and returns its address
 * (`GPRMC`) and data fields. A missing `*hh` is invalid (§1). Throws ChecksumError or FrameFormatError.
 */
export function splitSentence(sentence: string): { address: string; fields: string[] } {
  const line = sentence.replace(/\r?\n$/, '').replace(/\r$/, '');
  const match = /^\$([^$*]*)\*([0-9A-Fa-f]{2})$/.exec(line);
  if (!match) {
    throw new FrameFormatError(
      NMEA_PROTOCOL,
      `not a sentence "$…*hh": ${JSON.stringify(line.slice(0, 100))}`,
    );
  }
  const body = match[1]!;
  const expected = nmeaChecksum(body);
  const actual = Number.parseInt(match[2]!, 16);
  if (actual !== expected) throw new ChecksumError(NMEA_PROTOCOL, expected, actual);
  const [address = '', ...fields] = body.split(',');
  return { address, fields };
}

/**
 * Parses an RMC or GGA sentence. Returns undefined for other (well-formed) sentence types, which a
 * receiver may interleave (GSV, GSA, VTG …). Throws ChecksumError or FrameFormatError.
 */
export function parseNmea(sentence: string): NmeaSentence | undefined {
  const { address, fields } = splitSentence(sentence);
  const match = /^([A-Z]{2})(RMC|GGA)$/.exec(address);
  if (!match) return undefined;
  const talker = match[1]!;
  return match[2] === 'RMC' ? parseRmc(talker, fields) : parseGga(talker, fields);
}

function parseRmc(talker: string, f: string[]): NmeaRmc {
  const timeOfDayMs = parseTimeOfDay(f[0]);
  const status = f[1] ?? '';
  if (status !== 'A' && status !== 'V' && status !== '') throw formatError('RMC status', status);
  const knots = parseNumber(f[6], 'speed');
  const variation = parseNumber(f[9], 'magnetic variation');
  const variationSign = f[10] === 'W' ? -1 : 1;
  return {
    type: 'RMC',
    talker,
    timeOfDayMs,
    timestamp: combineDateTime(parseDate(f[8]), timeOfDayMs),
    valid: status === 'A',
    latitude: parseCoordinate(f[2], f[3], 'latitude'),
    longitude: parseCoordinate(f[4], f[5], 'longitude'),
    speedKmh: knots === null ? null : knots * KMH_PER_KNOT,
    courseDeg: parseNumber(f[7], 'course'),
    magneticVariationDeg: variation === null ? null : variation * variationSign,
    mode: parseMode(f[11]),
    navigationalStatus: f[12] || null,
  };
}

function parseGga(talker: string, f: string[]): NmeaGga {
  const fixQuality = parseInteger(f[5], 'fix quality');
  if (fixQuality !== null && fixQuality > GGA_FIX_QUALITY_MAX)
    throw formatError('GGA fix quality', f[5] ?? '');
  return {
    type: 'GGA',
    talker,
    timeOfDayMs: parseTimeOfDay(f[0]),
    latitude: parseCoordinate(f[1], f[2], 'latitude'),
    longitude: parseCoordinate(f[3], f[4], 'longitude'),
    fixQuality,
    satellites: parseInteger(f[6], 'satellites'),
    hdop: parseNumber(f[7], 'HDOP'),
    altitudeM: parseNumber(f[8], 'altitude'),
    geoidSeparationM: parseNumber(f[10], 'geoid separation'),
    dgpsAgeS: parseNumber(f[12], 'DGPS age'),
    dgpsStationId: f[13] || null,
  };
}

function parseMode(letter: string | undefined): NmeaMode | null {
  if (!letter) return null;
  const mode = NMEA_MODES[letter as keyof typeof NMEA_MODES];
  if (!mode) throw formatError('RMC mode indicator', letter);
  return mode;
}

function formatError(field: string, value: string): FrameFormatError {
  return new FrameFormatError(
    NMEA_PROTOCOL,
    `${field} ${JSON.stringify(value)} is not one the protocol defines`,
  );
}
