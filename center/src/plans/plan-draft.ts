import { type Static, Type } from '@sinclair/typebox';
import { Epc, GeoPoint, Id, StopKind } from '@vaultline/shared/plan/plan-schema';

/**
 * What a vault manager writes when planning a day (JSON import, CSV import, the console's forms): runs,
 * crews and stops by id. The centre fills in the rest from its registries (stop numbers, site positions
 * and geofences, a route when none is given) before it stores the day and signs each site's bundle.
 * Limits are those of the signed bundle (shared/src/plan/plan-schema.ts), so a valid draft always fits.
 */

const IsoTime = (description: string) =>
  Type.String({ format: 'date-time', description: `${description}, ISO 8601 with offset` });

export const DraftStop = Type.Object(
  {
    siteId: Id('site (vault or branch) of the stop'),
    kind: StopKind,
    windowStart: IsoTime('planned time window: start'),
    windowEnd: IsoTime('planned time window: end (LATE_ARRIVAL after it)'),
    boxes: Type.Array(Epc, { maxItems: 500, description: 'the EPCs handed over at this stop' }),
  },
  { additionalProperties: false },
);
export type DraftStop = Static<typeof DraftStop>;

export const DraftRun = Type.Object(
  {
    runId: Id('run id, unique in the day'),
    vehicleId: Id('vehicle of the run'),
    crew: Type.Array(Id('person id of an escort'), {
      maxItems: 8,
      description: 'escorts of the run; the first is the escort leader',
    }),
    stops: Type.Array(DraftStop, { maxItems: 100, description: 'in the order they are driven' }),
    route: Type.Optional(
      Type.Array(GeoPoint, {
        minItems: 2,
        maxItems: 10_000,
        description: 'planned route polyline; computed from the sites when absent',
      }),
    ),
  },
  { additionalProperties: false },
);
export type DraftRun = Static<typeof DraftRun>;

export const PlanDraft = Type.Object(
  {
    date: Type.String({ format: 'date', description: 'service day, YYYY-MM-DD' }),
    runs: Type.Array(DraftRun, { maxItems: 500 }),
  },
  { additionalProperties: false },
);
export type PlanDraft = Static<typeof PlanDraft>;
