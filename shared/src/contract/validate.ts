import { FormatRegistry, type Static, type TSchema } from '@sinclair/typebox';
import { type TypeCheck, TypeCompiler, type ValueError, ValueErrorType } from '@sinclair/typebox/compiler';
import { VaultlineError } from '../errors.ts';

/**
 * One way to check what crosses a boundary (MQTT payloads, HTTP bodies, plan bundles, config): a TypeBox
 * schema compiled once, and an error that names the first failing path and what was expected.
 */

/** A value that does not match its schema. `problems` lists every failing path, first one first. */
export class ValidationError extends VaultlineError {
  constructor(
    readonly what: string,
    readonly problems: string[],
  ) {
    const more = problems.length > 1 ? ` (and ${problems.length - 1} more problem(s))` : '';
    super('VALIDATION', `${what}: ${problems[0] ?? 'is not valid'}${more}`);
  }
}

export type CheckResult<T> = { ok: true; value: T } | { ok: false; errors: string[] };

/** At most this many problems are described; a badly broken value would otherwise list thousands. */
const MAX_PROBLEMS = 20;

const compiled = new WeakMap<TSchema, TypeCheck<TSchema>>();

function compile<T extends TSchema>(schema: T): TypeCheck<T> {
  let validator = compiled.get(schema);
  if (!validator) {
    registerFormats();
    validator = TypeCompiler.Compile(schema);
    compiled.set(schema, validator);
  }
  return validator as TypeCheck<T>;
}

/** Returns `value` typed by `schema`, or throws `ValidationError` (`what` names the value: `plan`, `config` …). */
export function validate<T extends TSchema>(schema: T, value: unknown, what: string): Static<T> {
  const result = check(schema, value);
  if (!result.ok) throw new ValidationError(what, result.errors);
  return result.value;
}

export function check<T extends TSchema>(schema: T, value: unknown): CheckResult<Static<T>> {
  const validator = compile(schema);
  if (validator.Check(value)) return { ok: true, value };
  const errors: string[] = [];
  const seen = new Set<string>();
  for (const error of validator.Errors(value)) {
    // A missing property is reported twice (required, then its type): keep the first word on each path.
    if (seen.has(error.path)) continue;
    seen.add(error.path);
    errors.push(`${error.path || '/'} ${describe(error)}`);
    if (errors.length === MAX_PROBLEMS) break;
  }
  return { ok: false, errors };
}

function describe(error: ValueError): string {
  const schema = error.schema as Record<string, unknown>;
  switch (error.type) {
    case ValueErrorType.ObjectRequiredProperty:
      return 'is required';
    case ValueErrorType.ObjectAdditionalProperties:
      return 'is not an allowed property';
    case ValueErrorType.ArrayMinItems:
      return `must have at least ${schema.minItems} items`;
    case ValueErrorType.ArrayMaxItems:
      return `must have at most ${schema.maxItems} items`;
    case ValueErrorType.StringMinLength:
      return `must be at least ${schema.minLength} characters long`;
    case ValueErrorType.StringMaxLength:
      return `must be at most ${schema.maxLength} characters long`;
    case ValueErrorType.StringPattern:
      return `must match ${schema.pattern}`;
    case ValueErrorType.StringFormat:
    case ValueErrorType.StringFormatUnknown:
      return `must be a ${schema.format} string`;
    case ValueErrorType.IntegerMinimum:
    case ValueErrorType.NumberMinimum:
      return `must be ≥ ${schema.minimum}`;
    case ValueErrorType.IntegerMaximum:
    case ValueErrorType.NumberMaximum:
      return `must be ≤ ${schema.maximum}`;
    case ValueErrorType.Literal:
      return `must be ${JSON.stringify(schema.const)}`;
    case ValueErrorType.Union:
      return describeUnion(schema);
    case ValueErrorType.Integer:
      return 'must be an integer';
    case ValueErrorType.Number:
      return 'must be a number';
    case ValueErrorType.String:
      return 'must be a string';
    case ValueErrorType.Boolean:
      return 'must be a boolean';
    case ValueErrorType.Array:
      return 'must be an array';
    case ValueErrorType.Object:
      return 'must be an object';
    default:
      return `is not valid (${error.message})`;
  }
}

function describeUnion(schema: Record<string, unknown>): string {
  const members = (schema.anyOf as Record<string, unknown>[] | undefined) ?? [];
  const literals = members.filter((m) => 'const' in m).map((m) => JSON.stringify(m.const));
  if (literals.length > 0 && literals.length === members.length)
    return `must be one of ${literals.join(', ')}`;
  return 'matches none of the allowed forms';
}

const FULL_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
/** RFC 3339 §5.6 `date-time`: full-date "T" partial-time time-offset; the fraction is optional. */
const DATE_TIME = /^(\d{4}-\d{2}-\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(?:\.\d+)?(?:[Zz]|[+-](\d{2}):(\d{2}))$/;

function daysInMonth(year: number, month: number): number {
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  return [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1] ?? 0;
}

/** RFC 3339 `full-date` (YYYY-MM-DD, a real calendar day). */
export function isFullDate(value: string): boolean {
  const match = FULL_DATE.exec(value);
  if (!match) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  return month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month);
}

/** RFC 3339 `date-time`, e.g. `2026-11-23T08:00:00.000Z` or `2026-11-23T16:00:00+08:00`. */
export function isDateTime(value: string): boolean {
  const match = DATE_TIME.exec(value);
  if (!match || !isFullDate(match[1] ?? '')) return false;
  const [hour, minute, second] = [Number(match[2]), Number(match[3]), Number(match[4])];
  // Second 60 is a leap second (RFC 3339 §5.7).
  if (hour > 23 || minute > 59 || second > 60) return false;
  if (match[5] === undefined) return true;
  return Number(match[5]) <= 23 && Number(match[6]) <= 59;
}

/**
 * Registers the string formats the shared schemas use with TypeBox, which otherwise fails every value
 * of an unknown format. `validate` and `check` call it; code that compiles schemas by other means (a
 * fastify type provider) calls it once at start-up. Idempotent.
 */
export function registerFormats(): void {
  if (!FormatRegistry.Has('date-time')) FormatRegistry.Set('date-time', isDateTime);
  if (!FormatRegistry.Has('date')) FormatRegistry.Set('date', isFullDate);
}
