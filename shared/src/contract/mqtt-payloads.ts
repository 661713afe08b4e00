import { type Static, Type } from '@sinclair/typebox';

/** Payloads of the MQTT contract (DESIGN §7), one schema and one static type each. */

export const AckPayload = Type.Object({
  upToSeq: Type.Integer({
    minimum: 0,
    description: 'every event with seq ≤ upToSeq is durably stored at the centre',
  }),
});
export type AckPayload = Static<typeof AckPayload>;

export const CmdPayload = Type.Union([
  Type.Object({
    cmd: Type.Literal('resend'),
    fromSeq: Type.Integer({ minimum: 1, description: 'gap repair: send again from this seq' }),
    toSeq: Type.Optional(Type.Integer({ minimum: 1 })),
  }),
  Type.Object({ cmd: Type.Literal('status'), description: Type.Optional(Type.String()) }),
  Type.Object({
    cmd: Type.Literal('enrolment-result'),
    enrolmentId: Type.String({ minLength: 1, maxLength: 128 }),
    outcome: Type.Union([Type.Literal('stored'), Type.Literal('refused')], {
      description: 'stored: the centre holds the template; refused: it never will (reason says why)',
    }),
    reason: Type.Optional(Type.String({ maxLength: 500 })),
  }),
  Type.Object({
    cmd: Type.Literal('enrolment-resend'),
    enrolmentId: Type.String({
      minLength: 1,
      maxLength: 128,
      description: 'the chain holds this person.enrolled but its enrol message has not reached the centre',
    }),
  }),
  Type.Object({
    cmd: Type.Literal('face-result'),
    captureId: Type.String({ minLength: 1, maxLength: 128 }),
    outcome: Type.Union([Type.Literal('stored'), Type.Literal('refused')], {
      description: 'stored: the centre holds the capture; refused: it never will (reason says why)',
    }),
    reason: Type.Optional(Type.String({ maxLength: 500 })),
  }),
  Type.Object({
    cmd: Type.Literal('face-resend'),
    captureId: Type.String({
      minLength: 1,
      maxLength: 128,
      description: 'the chain holds this face.captured but its face message has not reached the centre',
    }),
  }),
]);
export type CmdPayload = Static<typeof CmdPayload>;

/**
 * `vl/v1/gw/{gatewayId}/enrol` (gateway → centre, QoS 1): a template enrolled at a branch reader, as JWE
 * compact (ECDH-ES+A256KW over X25519, A256GCM) to the centre's encryption key. Not signed: the centre
 * stores it only when the gateway's signed chain holds a `person.enrolled` with the same enrolment id and
 * the SHA-256 of the decrypted template.
 */
export const EnrolPayload = Type.Object(
  {
    enrolmentId: Type.String({ minLength: 1, maxLength: 128 }),
    personId: Type.String({ minLength: 1, maxLength: 64, pattern: '^[A-Za-z0-9._:-]+$' }),
    slot: Type.Integer({ minimum: 0, maximum: 9 }),
    templateJwe: Type.String({
      minLength: 1,
      maxLength: 16_000,
      pattern: '^[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+$',
    }),
  },
  { additionalProperties: false },
);
export type EnrolPayload = Static<typeof EnrolPayload>;

/** A face capture's JPEG is at most this large (the camera's 640×480 frames are ~10–60 KB). */
export const MAX_FACE_JPEG_BYTES = 300 * 1024;

/**
 * `vl/v1/gw/{gatewayId}/face` (gateway → centre, QoS 1): a face captured at the crew door during a
 * hand-over, the JPEG in base64 (RFC 4648 §4). Not signed: the centre keeps it only when the gateway's
 * signed chain holds a `face.captured` with the same capture id and the SHA-256 of these bytes.
 */
export const FacePayload = Type.Object(
  {
    captureId: Type.String({ minLength: 1, maxLength: 128 }),
    handoverId: Type.String({ minLength: 1, maxLength: 128 }),
    personId: Type.Optional(Type.String({ minLength: 1, maxLength: 64, pattern: '^[A-Za-z0-9._:-]+$' })),
    jpegBase64: Type.String({
      minLength: 4,
      maxLength: Math.ceil(MAX_FACE_JPEG_BYTES / 3) * 4,
      pattern: '^[A-Za-z0-9+/]+={0,2}$',
    }),
  },
  { additionalProperties: false },
);
export type FacePayload = Static<typeof FacePayload>;

export const DeviceHealthSummary = Type.Object({
  kind: Type.String(),
  online: Type.Boolean(),
  reason: Type.Optional(Type.String()),
});

export const BacklogSummary = Type.Object({
  count: Type.Integer({ minimum: 0, description: 'events not yet acknowledged by the centre' }),
  oldestAgeS: Type.Union([Type.Number({ minimum: 0 }), Type.Null()], {
    description: 'age of the oldest unacknowledged event, s',
  }),
  bytes: Type.Integer({ minimum: 0 }),
  limitBytes: Type.Integer({
    minimum: 0,
    description: 'configured outbox limit; beyond it the gateway raises a warning, never drops records',
  }),
});
export type BacklogSummary = Static<typeof BacklogSummary>;

export const StatusPayload = Type.Object({
  online: Type.Boolean(),
  ts: Type.Optional(Type.String({ format: 'date-time' })),
  devices: Type.Record(Type.String(), DeviceHealthSummary),
  backlog: Type.Integer({ minimum: 0, description: 'unacknowledged events (count)' }),
  backlogDetail: Type.Optional(BacklogSummary),
  lastSeq: Type.Optional(Type.Integer({ minimum: 0 })),
  planVersion: Type.Optional(Type.Union([Type.Integer(), Type.Null()])),
});
export type StatusPayload = Static<typeof StatusPayload>;

export const PositionPayload = Type.Object({
  ts: Type.String({ format: 'date-time' }),
  lat: Type.Number({ minimum: -90, maximum: 90 }),
  lon: Type.Number({ minimum: -180, maximum: 180 }),
  speedKmh: Type.Number({ minimum: 0, maximum: 400 }),
  headingDeg: Type.Number({ minimum: 0, maximum: 360 }),
});
export type PositionPayload = Static<typeof PositionPayload>;
