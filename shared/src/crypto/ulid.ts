import { randomBytes } from 'node:crypto';
import { VaultlineError } from '../errors.ts';

/**
 * ULIDs (https://github.com/ulid/spec): 48-bit millisecond time + 80 random bits, 26 characters of
 * Crockford base32, sortable by time. Clock and random source are injected so ids are reproducible in
 * tests.
 */

const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const TIME_CHARS = 10;
const RANDOM_BYTES = 10;
/** The spec's time field is 48 bits. */
const MAX_TIME = 2 ** 48 - 1;

export const ULID_PATTERN = /^[0-7][0-9A-HJKMNP-TV-Z]{25}$/;

export type UlidGenerator = () => string;

export interface UlidOptions {
  /** Milliseconds since the epoch; a `Clock` fits. Default: `Date.now`. */
  clock?: { now(): number };
  /** `size` random bytes. Default: `crypto.randomBytes`. */
  random?: (size: number) => Uint8Array;
}

/**
 * A monotonic generator: every id is greater than the one before, also within one millisecond (the random
 * part of the previous id plus one, as the spec's monotonic mode does) and when the clock steps back (the
 * previous time is kept until the clock catches up), so ids sort in the order they were made.
 */
export function createUlidGenerator(options: UlidOptions = {}): UlidGenerator {
  const clock = options.clock;
  const now = clock ? () => clock.now() : Date.now;
  const random = options.random ?? ((size: number) => randomBytes(size));
  let lastTime = -1;
  let lastRandom = new Uint8Array(RANDOM_BYTES);
  return () => {
    const time = now();
    if (!Number.isInteger(time) || time < 0 || time > MAX_TIME) {
      throw new VaultlineError('ULID', `ulid: time ${time} is outside 0 … 2^48-1 ms; check the clock`);
    }
    if (time > lastTime) {
      lastTime = time;
      lastRandom = Uint8Array.from(random(RANDOM_BYTES).subarray(0, RANDOM_BYTES));
      if (lastRandom.length !== RANDOM_BYTES) {
        throw new VaultlineError('ULID', `ulid: the random source gave fewer than ${RANDOM_BYTES} bytes`);
      }
    } else {
      increment(lastRandom);
    }
    return encodeTime(lastTime) + encodeRandom(lastRandom);
  };
}

/** The millisecond timestamp of a ULID. */
export function ulidTime(id: string): number {
  if (!ULID_PATTERN.test(id)) throw new VaultlineError('ULID', `"${id}" is not a ULID`);
  let time = 0;
  for (const char of id.slice(0, TIME_CHARS)) time = time * 32 + CROCKFORD.indexOf(char);
  return time;
}

function increment(bytes: Uint8Array): void {
  for (let i = bytes.length - 1; i >= 0; i--) {
    if (bytes[i] !== 0xff) {
      bytes[i]! += 1;
      return;
    }
    bytes[i] = 0;
  }
  // 2^80 ids in one millisecond: the spec says fail rather than wrap and go backwards.
  throw new VaultlineError('ULID', 'ulid: random part overflowed within one millisecond');
}

function encodeTime(time: number): string {
  let out = '';
  let rest = time;
  for (let i = 0; i < TIME_CHARS; i++) {
    out = CROCKFORD[rest % 32] + out;
    rest = Math.floor(rest / 32);
  }
  return out;
}

/** 80 bits → 16 characters of 5 bits, most significant first. */
function encodeRandom(bytes: Uint8Array): string {
  let out = '';
  let buffer = 0;
  let bits = 0;
  for (const byte of bytes) {
    buffer = (buffer << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      bits -= 5;
      out += CROCKFORD[(buffer >> bits) & 31];
    }
    buffer &= (1 << bits) - 1;
  }
  return out;
}
