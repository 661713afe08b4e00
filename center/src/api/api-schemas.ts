import { type Static, type TSchema, Type } from '@sinclair/typebox';
import { AlarmKind, Severity } from '@vaultline/shared/contract/alarm-kinds';
import { EventEnvelope } from '@vaultline/shared/contract/event-envelope';
import { BacklogSummary, DeviceHealthSummary } from '@vaultline/shared/contract/mqtt-payloads';
import { StopKind } from '@vaultline/shared/plan/plan-schema';
import { MAX_NOTE_LENGTH } from '../alarms/alarm-lifecycle.ts';

/**
 * The bodies, queries and answers of the centre's HTTP API (DESIGN §7): one schema each, used to check
 * requests and to write the OpenAPI document. Times in answers are ISO 8601 strings.
 */

const Iso = (description: string) => Type.String({ format: 'date-time', description });
const Id = (description: string) =>
  Type.String({ minLength: 1, maxLength: 128, pattern: '^[A-Za-z0-9._:-]+$', description });
const Limit = Type.String({
  pattern: '^[0-9]{1,4}$',
  description: 'most items to return (default 200, at most 1000)',
});
const Nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()]);

/** Every refusal: `{code, message}`; `description` says when it is given. */
export const errorBody = (description: string) =>
  Type.Object(
    {
      code: Type.String({ description: 'stable error code, e.g. ALARM_NOT_ACKNOWLEDGED' }),
      message: Type.String({ description: 'what went wrong and what to do' }),
    },
    { description },
  );

export const NotFound = errorBody('no such item');
export const Conflict = errorBody("the step does not follow from the alarm's state");

export const AlarmStateSchema = Type.Union(
  [Type.Literal('raised'), Type.Literal('acknowledged'), Type.Literal('resolved')],
  { description: 'lifecycle: raised → acknowledged → resolved' },
);

export const AlarmView = Type.Object({
  alarmId: Type.String(),
  kind: AlarmKind,
  severity: Severity,
  state: AlarmStateSchema,
  source: Type.String({ description: '`gateway:<id>` or `centre`' }),
  siteId: Type.Optional(Type.String()),
  runId: Type.Optional(Type.String()),
  stopSeq: Type.Optional(Type.Integer()),
  vehicleId: Type.Optional(Type.String()),
  gatewayId: Type.Optional(Type.String()),
  detail: Type.Record(Type.String(), Type.Unknown()),
  raisedAt: Iso('when the condition was detected'),
  clearedAt: Type.Optional(Iso('when the condition went away by itself; the alarm still needs resolving')),
  clearReason: Type.Optional(Type.String()),
  acknowledgedBy: Type.Optional(Type.String()),
  acknowledgedAt: Type.Optional(Iso('acknowledgement')),
  resolvedBy: Type.Optional(Type.String()),
  resolvedAt: Type.Optional(Iso('resolution')),
  resolutionNote: Type.Optional(Type.String({ description: 'the risk-handling record (风险处置)' })),
});
export type AlarmView = Static<typeof AlarmView>;

export const AlarmQuery = Type.Object(
  {
    state: Type.Optional(AlarmStateSchema),
    kind: Type.Optional(AlarmKind),
    since: Type.Optional(Iso('only alarms raised at or after this time')),
    limit: Type.Optional(Limit),
  },
  { additionalProperties: false },
);
export type AlarmQuery = Static<typeof AlarmQuery>;

export const AlarmParams = Type.Object({ id: Id('alarm id') });

export const ResolveBody = Type.Object(
  {
    note: Type.String({
      minLength: 1,
      maxLength: MAX_NOTE_LENGTH,
      description: 'how the risk was handled (风险处置); required',
    }),
  },
  { additionalProperties: false },
);

export const HandoverView = Type.Object({
  handoverId: Type.String(),
  siteId: Type.String(),
  runId: Type.String(),
  stopSeq: Type.Integer(),
  kind: StopKind,
  vehicleId: Type.String(),
  completedAt: Type.String(),
  gatewayId: Type.String({ description: 'the gateway that signed the record' }),
  seq: Type.Integer({ description: "the record's place in the gateway's chain" }),
  hash: Type.String({ description: 'SHA-256 of the canonical envelope (DESIGN §7)' }),
  envelope: EventEnvelope,
});
export type HandoverView = Static<typeof HandoverView>;

export const HandoverQuery = Type.Object(
  { siteId: Type.Optional(Id('site')), runId: Type.Optional(Id('run')), limit: Type.Optional(Limit) },
  { additionalProperties: false },
);
export type HandoverQuery = Static<typeof HandoverQuery>;

export const HandoverParams = Type.Object({ id: Id('hand-over id') });

const StopStateSchema = Type.Union(
  ['planned', 'arrived', 'in-progress', 'completed', 'skipped', 'late'].map((s) => Type.Literal(s)),
);
const PositionSchema = Type.Object({
  ts: Type.String(),
  lat: Type.Number(),
  lon: Type.Number(),
  speedKmh: Type.Number(),
  headingDeg: Type.Number(),
});
const StopViewSchema = Type.Object({
  seq: Type.Integer(),
  siteId: Type.String(),
  kind: StopKind,
  windowStart: Type.String(),
  windowEnd: Type.String(),
  state: StopStateSchema,
  late: Type.Boolean(),
  arrivedAt: Type.Optional(Type.String()),
  completedAt: Type.Optional(Type.String()),
  handoverId: Type.Optional(Type.String()),
  gatewayId: Type.Optional(Type.String()),
  aborts: Type.Integer(),
  lastAbortReason: Type.Optional(Type.String()),
});
const RunViewSchema = Type.Object({
  runId: Type.String(),
  vehicleId: Type.String(),
  crew: Type.Array(Type.String()),
  state: Type.Union([Type.Literal('planned'), Type.Literal('under-way'), Type.Literal('completed')]),
  completedStops: Type.Integer(),
  stops: Type.Array(StopViewSchema),
  vehiclePosition: Type.Optional(PositionSchema),
});
export const RunsAnswer = Type.Object({
  date: Type.String(),
  planVersion: Nullable(Type.Integer({ description: 'null: no plan for that day' })),
  runs: Type.Array(RunViewSchema),
});
export const RunsQuery = Type.Object(
  {
    date: Type.Optional(
      Type.String({ format: 'date', description: 'service day, YYYY-MM-DD; default: the day tracked' }),
    ),
  },
  { additionalProperties: false },
);
export type RunsQuery = Static<typeof RunsQuery>;

export const GatewayView = Type.Object({
  gatewayId: Type.String(),
  siteId: Type.String(),
  registeredAt: Type.String(),
  online: Nullable(Type.Boolean({ description: 'null: no status heard since the centre started' })),
  lastStatusAt: Nullable(Type.String({ description: 'when the centre last received its status' })),
  backlog: Nullable(Type.Integer({ description: 'events the gateway has not had acknowledged' })),
  backlogDetail: Type.Optional(BacklogSummary),
  devices: Type.Optional(Type.Record(Type.String(), DeviceHealthSummary)),
  lastSeq: Type.Integer({ description: 'last seq stored at the centre' }),
  reportedLastSeq: Nullable(Type.Integer({ description: 'last seq the gateway says it wrote' })),
  tampered: Type.Boolean({ description: 'a forged or removed record was found; ingest is stopped' }),
});
export type GatewayView = Static<typeof GatewayView>;

/** Error answers every protected route can give. */
export const REFUSALS = {
  400: errorBody('a query, path or body that does not match its schema; the message names the problem'),
  401: errorBody('no API token, or an unknown or revoked one'),
  403: errorBody("the token's role may not do this"),
} as const;
