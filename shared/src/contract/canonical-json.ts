import { VaultlineError } from '../errors.ts';

/** A value that has no canonical JSON form (RFC 8785 works on I-JSON data only). */
export class CanonicalJsonError extends VaultlineError {
  constructor(
    readonly path: string,
    detail: string,
  ) {
    super(
      'CANONICAL_JSON',
      `canonical JSON: ${path || '/'} ${detail}; only null, booleans, finite numbers, well-formed strings, arrays and plain objects can be hashed or signed`,
    );
  }
}

/** A lone UTF-16 surrogate: I-JSON (RFC 7493 §2.1, required by RFC 8785 §3.1) forbids it. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/**
 * Serialises `value` per RFC 8785 (JSON Canonicalization Scheme): no whitespace; object members sorted by
 * the UTF-16 code units of their names (JavaScript's default string order); numbers in ECMAScript's
 * shortest round-trip form (what `JSON.stringify` prints, RFC 8785 §3.2.2.3); strings escaped as
 * `JSON.stringify` escapes them (§3.2.2.2). Object members whose value is `undefined` are left out, as
 * `JSON.stringify` does, so an object hashes the same before and after a JSON round trip.
 * Throws `CanonicalJsonError` for NaN, ±Infinity, lone surrogates and anything that is not JSON data.
 */
export function canonicalJson(value: unknown): string {
  return serialise(value, '');
}

function serialise(value: unknown, path: string): string {
  if (value === null) return 'null';
  switch (typeof value) {
    case 'boolean':
      return value ? 'true' : 'false';
    case 'number':
      if (!Number.isFinite(value))
        throw new CanonicalJsonError(path, `is ${value}, which JSON cannot represent`);
      return JSON.stringify(value);
    case 'string':
      if (LONE_SURROGATE.test(value)) throw new CanonicalJsonError(path, 'contains a lone UTF-16 surrogate');
      return JSON.stringify(value);
    case 'object':
      return Array.isArray(value) ? serialiseArray(value, path) : serialiseObject(value, path);
    default:
      throw new CanonicalJsonError(path, `is a ${typeof value}`);
  }
}

function serialiseArray(items: readonly unknown[], path: string): string {
  const parts: string[] = [];
  for (let i = 0; i < items.length; i++) {
    const item = items[i];
    if (item === undefined) throw new CanonicalJsonError(`${path}/${i}`, 'is undefined');
    parts.push(serialise(item, `${path}/${i}`));
  }
  return `[${parts.join(',')}]`;
}

function serialiseObject(object: object, path: string): string {
  const proto = Object.getPrototypeOf(object);
  if (proto !== Object.prototype && proto !== null) {
    throw new CanonicalJsonError(
      path,
      `is a ${object.constructor?.name ?? 'non-plain object'}, not a plain object`,
    );
  }
  const record = object as Record<string, unknown>;
  const parts: string[] = [];
  // Default sort compares UTF-16 code units, which is exactly RFC 8785 §3.2.3.
  for (const key of Object.keys(record).sort()) {
    const member = record[key];
    if (member === undefined) continue;
    if (LONE_SURROGATE.test(key))
      throw new CanonicalJsonError(path, `has a member name with a lone UTF-16 surrogate`);
    parts.push(`${JSON.stringify(key)}:${serialise(member, `${path}/${key}`)}`);
  }
  return `{${parts.join(',')}}`;
}
