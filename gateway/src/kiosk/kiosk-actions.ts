import { type Static, type TSchema, Type } from '@sinclair/typebox';
import { Value, ValueErrorType } from '@sinclair/typebox/value';
import type { KioskAction } from './kiosk-backend.ts';

/**
 * JSON schemas of the manager's actions (`POST /api/actions`), one per `type`, so that a bad body gets
 * a message about the field that is wrong rather than "does not match any of the union's members".
 */
const Id = Type.String({ minLength: 1, maxLength: 64, pattern: '^[A-Za-z0-9._:-]+$' });
/** Free text that goes into the signed record: not blank, bounded. */
const NOT_BLANK = '\\S';
const Reason = Type.String({ minLength: 1, maxLength: 500, pattern: NOT_BLANK });
const strict = { additionalProperties: false } as const;

export const KIOSK_ACTION_SCHEMAS = {
  'manual-arrival': Type.Object({ type: Type.Literal('manual-arrival'), vehicleId: Id }, strict),
  'photo-check': Type.Object(
    { type: Type.Literal('photo-check'), personId: Id, accepted: Type.Boolean() },
    strict,
  ),
  'request-confirmation': Type.Object({ type: Type.Literal('request-confirmation') }, strict),
  'discrepancy-reason': Type.Object({ type: Type.Literal('discrepancy-reason'), reason: Reason }, strict),
  'staff-password': Type.Object(
    {
      type: Type.Literal('staff-password'),
      personId: Id,
      password: Type.String({ minLength: 1, maxLength: 128 }),
    },
    strict,
  ),
  abort: Type.Object({ type: Type.Literal('abort'), reason: Reason }, strict),
  'enrol-start': Type.Object({ type: Type.Literal('enrol-start'), reader: Id }, strict),
  'enrol-choose': Type.Object(
    { type: Type.Literal('enrol-choose'), personId: Id, slot: Type.Integer({ minimum: 0, maximum: 9 }) },
    strict,
  ),
  'enrol-retry': Type.Object({ type: Type.Literal('enrol-retry') }, strict),
  'enrol-cancel': Type.Object({ type: Type.Literal('enrol-cancel') }, strict),
} satisfies Record<KioskAction['type'], TSchema>;

type SchemaAction = Static<(typeof KIOSK_ACTION_SCHEMAS)[keyof typeof KIOSK_ACTION_SCHEMAS]>;
/** Compile-time proof that the schemas and the `KioskAction` type describe the same bodies. */
const sameShape: [SchemaAction, KioskAction] extends [KioskAction, SchemaAction] ? true : never = true;
void sameShape;

const TYPES = Object.keys(KIOSK_ACTION_SCHEMAS) as Array<KioskAction['type']>;

export type ActionParse = { ok: true; action: KioskAction } | { ok: false; message: string };

/** Validates a request body as a kiosk action; the message names the field and what is wrong with it. */
export function parseKioskAction(body: unknown): ActionParse {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    return { ok: false, message: 'the body must be a JSON object with a "type" field' };
  }
  const type = (body as { type?: unknown }).type;
  if (typeof type !== 'string' || !TYPES.includes(type as KioskAction['type'])) {
    return { ok: false, message: `"type" must be one of: ${TYPES.join(', ')}` };
  }
  const schema = KIOSK_ACTION_SCHEMAS[type as KioskAction['type']];
  const error = Value.Errors(schema, body).First();
  if (error) {
    const field = error.path === '' ? 'body' : `"${error.path.slice(1)}"`;
    const blank = error.type === ValueErrorType.StringPattern && error.schema.pattern === NOT_BLANK;
    const problem = blank ? 'Expected text, not only spaces' : error.message;
    return { ok: false, message: `${type}: ${field}: ${problem}` };
  }
  return { ok: true, action: body as KioskAction };
}
