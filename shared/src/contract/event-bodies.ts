import { type Static, Type } from '@sinclair/typebox';
import { Epc, StopKind } from '../plan/plan-schema.ts';
import { AlarmKind, Severity } from './alarm-kinds.ts';

/**
 * Bodies of the events a gateway emits (DESIGN §7). The names of fields listed there are fixed because
 * outside tools rely on them; more fields are allowed.
 */
const Id = Type.String({ minLength: 1, maxLength: 128 });
const Iso = Type.String({ format: 'date-time' });

export const AlarmRaisedBody = Type.Object(
  {
    alarmId: Id,
    kind: AlarmKind,
    severity: Severity,
    siteId: Id,
    runId: Type.Optional(Id),
    stopSeq: Type.Optional(Type.Integer({ minimum: 1 })),
    detail: Type.Record(Type.String(), Type.Unknown(), { description: 'what happened, kind-specific' }),
  },
  { additionalProperties: true },
);
export type AlarmRaisedBody = Static<typeof AlarmRaisedBody>;

export const AlarmClearedBody = Type.Object(
  { alarmId: Id, kind: AlarmKind, reason: Type.String({ maxLength: 500 }) },
  { additionalProperties: true },
);
export type AlarmClearedBody = Static<typeof AlarmClearedBody>;

export const BoxTally = Type.Object({
  expected: Type.Array(Epc),
  scanned: Type.Array(Epc),
  missing: Type.Array(Epc),
  rejected: Type.Array(Epc),
});
export type BoxTally = Static<typeof BoxTally>;

export const HandoverCompletedBody = Type.Object(
  {
    handoverId: Id,
    siteId: Id,
    runId: Id,
    stopSeq: Type.Integer({ minimum: 1 }),
    kind: StopKind,
    vehicleId: Id,
    crew: Type.Array(Id),
    confirmedBy: Type.Array(Id),
    boxes: BoxTally,
    discrepancy: Type.Optional(
      Type.Object({ reason: Type.String({ minLength: 1, maxLength: 1000 }), approvedBy: Id }),
    ),
    startedAt: Iso,
    completedAt: Iso,
  },
  { additionalProperties: true },
);
export type HandoverCompletedBody = Static<typeof HandoverCompletedBody>;

/**
 * A fingerprint enrolled at a branch reader, approved by the site's manager. The template itself never
 * enters the chain: it travels to the centre encrypted on the gateway's `enrol` topic, and the centre
 * stores it only when its SHA-256 equals `templateSha256` here (the chain is signed, that topic is not).
 */
export const PersonEnrolledBody = Type.Object(
  {
    enrolmentId: Id,
    personId: Id,
    slot: Type.Integer({ minimum: 0, maximum: 9, description: 'template slot at the centre (0–9)' }),
    templateSha256: Type.String({ pattern: '^[0-9a-f]{64}$', description: 'hex SHA-256 of the template' }),
    approvedBy: Id,
    reader: Id,
  },
  { additionalProperties: true },
);
export type PersonEnrolledBody = Static<typeof PersonEnrolledBody>;

/**
 * A face taken at the crew door when a fingerprint attempt finished (matched or not; `personId` is the
 * person the attempt matched). The JPEG itself never enters the chain: it travels to the centre on the
 * gateway's `face` topic, and the centre keeps it only when its SHA-256 equals `jpegSha256` here.
 */
export const FaceCapturedBody = Type.Object(
  {
    handoverId: Type.Optional(Id),
    captureId: Id,
    personId: Type.Optional(Id),
    reader: Id,
    jpegSha256: Type.String({ pattern: '^[0-9a-f]{64}$', description: 'hex SHA-256 of the JPEG' }),
    bytes: Type.Integer({ minimum: 1, description: 'size of the JPEG' }),
  },
  { additionalProperties: true },
);
export type FaceCapturedBody = Static<typeof FaceCapturedBody>;

/** Event types of DESIGN §7, plus `face.deleted` (retention), `plan.accepted` and `person.enrolled`. */
export const EVENT_TYPES = [
  'vehicle.arrived',
  'crew.verified',
  'auth.failed',
  'face.captured',
  'face.deleted',
  'door.opened',
  'door.closed',
  'box.scanned',
  'handover.completed',
  'handover.aborted',
  'alarm.raised',
  'alarm.cleared',
  'device.status',
  'plan.accepted',
  'person.enrolled',
] as const;
export type EventType = (typeof EVENT_TYPES)[number];

/** The body type of each event type; bodies without a fixed contract are plain JSON objects. */
export interface EventBodies {
  'alarm.raised': AlarmRaisedBody;
  'alarm.cleared': AlarmClearedBody;
  'handover.completed': HandoverCompletedBody;
  'person.enrolled': PersonEnrolledBody;
  'face.captured': FaceCapturedBody;
}
export type BodyOf<T extends EventType> = T extends keyof EventBodies
  ? EventBodies[T]
  : Record<string, unknown>;
