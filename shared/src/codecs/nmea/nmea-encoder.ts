import { frameSentence, NMEA_MODES, type NmeaMode } from './nmea-codec.ts';
import { formatCoordinate, formatTimeAndDate, KMH_PER_KNOT } from './nmea-fields.ts';

/** One fix to encode, e.g. by the vehicle simulator (protocols/nmea-gps.md §6). */
export interface NmeaFixInput {
  /** UTC ms since the epoch. */
  timestamp: number;
  /** null = no fix: empty position fields. */
  position: { latitude: number; longitude: number } | null;
  speedKmh?: number;
  courseDeg?: number;
  /** RMC status A/V; default: a position is present. */
  valid?: boolean;
  /** RMC mode; default `autonomous` when valid, else `not-valid`. */
  mode?: NmeaMode;
  /** GGA fix quality 0–8; default 1 (GPS) when valid, else 0. */
  fixQuality?: number;
  satellites?: number;
  hdop?: number;
  altitudeM?: number;
  geoidSeparationM?: number;
}

const MODE_LETTERS = Object.fromEntries(Object.entries(NMEA_MODES).map(([letter, mode]) => [mode, letter]));

/** `$--RMC` with 12 data fields (magnetic variation left empty), CR LF terminated. */
export function encodeRmc(fix: NmeaFixInput, talker = 'GN'): string {
  const [time, date] = formatTimeAndDate(fix.timestamp);
  const valid = fix.valid ?? fix.position !== null;
  const mode = fix.mode ?? (valid ? 'autonomous' : 'not-valid');
  const knots = fix.position && fix.speedKmh !== undefined ? fix.speedKmh / KMH_PER_KNOT : undefined;
  const fields = [
    time,
    valid ? 'A' : 'V',
    ...position(fix),
    knots === undefined ? '' : knots.toFixed(1).padStart(5, '0'),
    fix.position && fix.courseDeg !== undefined ? fix.courseDeg.toFixed(1).padStart(5, '0') : '',
    date,
    '',
    '',
    MODE_LETTERS[mode] ?? 'N',
  ];
  return frameSentence(`${checkTalker(talker)}RMC,${fields.join(',')}`);
}

/** `$--GGA` with 14 data fields (DGPS age and station empty), CR LF terminated. */
export function encodeGga(fix: NmeaFixInput, talker = 'GN'): string {
  const [time] = formatTimeAndDate(fix.timestamp);
  const valid = fix.valid ?? fix.position !== null;
  const decimal = (value: number | undefined) => (value === undefined ? '' : value.toFixed(1));
  const withUnit = (value: number | undefined) => [decimal(value), value === undefined ? '' : 'M'];
  const fields = [
    time,
    ...position(fix),
    String(fix.fixQuality ?? (valid ? 1 : 0)),
    fix.satellites === undefined ? '' : String(fix.satellites).padStart(2, '0'),
    decimal(fix.hdop),
    ...withUnit(fix.altitudeM),
    ...withUnit(fix.geoidSeparationM),
    '',
    '',
  ];
  return frameSentence(`${checkTalker(talker)}GGA,${fields.join(',')}`);
}

function position(fix: NmeaFixInput): string[] {
  if (!fix.position) return ['', '', '', ''];
  return [
    ...formatCoordinate(fix.position.latitude, 'latitude'),
    ...formatCoordinate(fix.position.longitude, 'longitude'),
  ];
}

function checkTalker(talker: string): string {
  if (!/^[A-Z]{2}$/.test(talker))
    throw new RangeError(`NMEA talker must be two capital letters, got "${talker}"`);
  return talker;
}
