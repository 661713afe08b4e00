import { type Static, Type } from '@sinclair/typebox';

/**
 * The day's dispatch plan as a gateway receives it: the part of the centre's plan that concerns one
 * site, signed by the centre (JWS, EdDSA) and versioned. One schema, one static type (STYLE.md §5).
 */

export const Id = (description: string) =>
  Type.String({ minLength: 1, maxLength: 64, pattern: '^[A-Za-z0-9._:-]+$', description });
const IsoTime = (description: string) => Type.String({ format: 'date-time', description });
/** A UHF tag EPC: uppercase hex, 4–62 bytes (96-bit EPCs are 24 hex digits). */
export const Epc = Type.String({ pattern: '^([0-9A-F]{2}){4,62}$', description: 'tag EPC, uppercase hex' });

export const StopKind = Type.Union(
  [Type.Literal('deliver'), Type.Literal('collect'), Type.Literal('dispatch'), Type.Literal('return')],
  {
    description:
      'branch: deliver (boxes crew → branch) | collect (branch → crew); vault: dispatch (vault → crew) | return (crew → vault)',
  },
);
export type StopKind = Static<typeof StopKind>;

export const GeoPoint = Type.Object({
  lat: Type.Number({ minimum: -90, maximum: 90 }),
  lon: Type.Number({ minimum: -180, maximum: 180 }),
});
export type GeoPoint = Static<typeof GeoPoint>;

export const Stop = Type.Object({
  seq: Type.Integer({ minimum: 1, description: 'position of the stop in its run, 1-based' }),
  siteId: Id('site (vault or branch) of the stop'),
  kind: StopKind,
  windowStart: IsoTime('planned time window: start'),
  windowEnd: IsoTime('planned time window: end (LATE_ARRIVAL after it)'),
  boxes: Type.Array(Epc, { maxItems: 500, description: 'manifest: the EPCs handed over at this stop' }),
  position: Type.Optional(GeoPoint),
  geofenceM: Type.Optional(
    Type.Number({ minimum: 10, maximum: 5000, description: 'stop geofence radius, m' }),
  ),
});
export type Stop = Static<typeof Stop>;

export const Run = Type.Object({
  runId: Id('run id, unique in the plan'),
  vehicleId: Id('vehicle of the run'),
  crew: Type.Array(Id('person id of an escort'), {
    minItems: 2,
    maxItems: 8,
    description: 'escorts of the run; the first is the escort leader who confirms hand-overs',
  }),
  stops: Type.Array(Stop, { minItems: 1, maxItems: 100 }),
  route: Type.Array(GeoPoint, { maxItems: 10_000, description: 'planned route polyline' }),
});
export type Run = Static<typeof Run>;

export const Vehicle = Type.Object({
  vehicleId: Id('vehicle id'),
  plate: Type.String({ minLength: 1, maxLength: 32, description: 'licence plate' }),
  tagEpc: Epc,
});
export type Vehicle = Static<typeof Vehicle>;

export const PersonRole = Type.Union([
  Type.Literal('escort'),
  Type.Literal('teller'),
  Type.Literal('branch-manager'),
  Type.Literal('vault-manager'),
]);
export type PersonRole = Static<typeof PersonRole>;

export const Person = Type.Object({
  personId: Id('person id'),
  name: Type.String({ minLength: 1, maxLength: 100 }),
  employeeNo: Type.String({ minLength: 1, maxLength: 32 }),
  role: PersonRole,
  company: Type.Optional(Type.String({ maxLength: 100, description: 'escort company' })),
  photoJpeg: Type.Optional(Type.String({ maxLength: 400_000, description: 'stored photo, base64 JPEG' })),
  templates: Type.Array(
    Type.String({
      // An 8 KB module template (the registry's limit) as JWE compact: base64url of the ciphertext plus
      // header, key and tag comes to about 11 000 characters.
      maxLength: 12_000,
      description: 'fingerprint template, JWE compact encrypted to this gateway',
    }),
    {
      maxItems: 10,
    },
  ),
});
export type Person = Static<typeof Person>;

export const SitePlan = Type.Object({
  v: Type.Literal(1),
  planId: Id('plan id of the day'),
  version: Type.Integer({
    minimum: 1,
    description: 'increases with every change (ad-hoc tasks are new versions)',
  }),
  date: Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$', description: 'service day, YYYY-MM-DD' }),
  issuedAt: IsoTime('when the centre signed it'),
  siteId: Id('the site this bundle is for'),
  gatewayId: Id('the gateway this bundle is encrypted to'),
  runs: Type.Array(Run, { maxItems: 500, description: 'runs with at least one stop at this site' }),
  vehicles: Type.Array(Vehicle, { maxItems: 500 }),
  people: Type.Array(Person, { maxItems: 2000, description: 'crews of these runs, and staff of this site' }),
});
export type SitePlan = Static<typeof SitePlan>;
