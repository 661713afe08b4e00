import { VaultlineError } from '@vaultline/shared';
import Fastify, { type FastifyInstance } from 'fastify';
import { FAULT_KINDS } from '../line/fault.ts';
import type { SimServer } from '../serve/sim-server.ts';
import { GPS_FAULTS, type GpsFault } from '../vehicle/gps-receiver.ts';
import type { DeviationRequest } from '../vehicle/vehicle-motion.ts';

/**
 * The simulator's HTTP control contract (stable: tests and tools rely on it).
 *   GET  /devices                 every device with kind, transport, endpoint and fault
 *   GET  /devices/:id             state: templates, tags, relay, door contact, fault
 *   POST /devices/:id/finger      {"finger": "<fingerId>" | null, "quality"?: "good" | "poor"}
 *   POST /devices/:id/tags        {"epcs": ["E280…", …]}   tags in the field until replaced; [] clears
 *   POST /devices/:id/scene       {"label": "…"}           what the camera sees
 *   POST /devices/:id/door        {"open": bool, "door"?: 1}  door contact (a person pushes the door)
 *   POST /devices/:id/fault       {"kind": "silent"|"garbage"|"corrupt"|"split"|"disconnect"|"none"}
 *   GET  /ble                     {"dbusAddress": "…" | null}
 *   GET  /vehicles                every vehicle unit: state, position, speed, progress, MQTT session
 *   GET  /vehicles/:id            state (driving|deviating|dwelling|stopped|arrived), position, speed,
 *                                 heading, progress along the route, stops served and skipped, GPS counters
 *   POST /vehicles/:id/deviate    {"offsetM"?: 800, "forS"?: 120, "side"?: "right"|"left"}  drive parallel
 *                                 to the route offsetM away for forS seconds, then rejoin it
 *   POST /vehicles/:id/stop       stand still where it is (speed 0) until resumed
 *   POST /vehicles/:id/resume     drive on
 *   POST /vehicles/:id/fault      {"kind": "none"|"no-fix"|"corrupt"}  GNSS receiver fault
 * Every POST answers with the new state, as GET of the same id.
 */
export function buildControlApi(sim: SimServer): FastifyInstance {
  const app = Fastify({ logger: false });

  app.setErrorHandler((error: Error & { statusCode?: number; validation?: unknown }, _request, reply) => {
    if (error.validation) {
      return reply.status(400).send({ error: 'BAD_REQUEST', message: validationMessage(error) });
    }
    if (error instanceof VaultlineError) {
      const status = error.code === 'SIM_UNKNOWN_DEVICE' || error.code === 'SIM_UNKNOWN_VEHICLE' ? 404 : 400;
      return reply.status(status).send({ error: error.code, message: error.message });
    }
    // Device controls check their arguments against the device (e.g. door 3 on a two-door mantrap).
    if (error instanceof RangeError) {
      return reply.status(400).send({ error: 'BAD_REQUEST', message: error.message });
    }
    if (error.statusCode && error.statusCode < 500) {
      return reply.status(error.statusCode).send({ error: 'BAD_REQUEST', message: error.message });
    }
    return reply.status(500).send({ error: 'INTERNAL', message: error.message });
  });

  const params = { type: 'object', properties: { id: { type: 'string' } }, required: ['id'] } as const;
  const body = (properties: Record<string, unknown>, required: string[]) =>
    ({ type: 'object', properties, required, additionalProperties: false }) as const;

  app.get('/devices', async () => ({ devices: sim.list() }));
  app.get<{ Params: { id: string } }>('/devices/:id', { schema: { params } }, async (req) =>
    sim.describe(req.params.id),
  );

  app.post<{ Params: { id: string }; Body: { finger: string | null; quality?: 'good' | 'poor' } }>(
    '/devices/:id/finger',
    {
      schema: {
        params,
        body: body(
          {
            finger: { type: ['string', 'null'], minLength: 1, maxLength: 128 },
            quality: { type: 'string', enum: ['good', 'poor'] },
          },
          ['finger'],
        ),
      },
    },
    async (req) => {
      sim.control(req.params.id, 'placeFinger')(req.body.finger, req.body.quality);
      return sim.describe(req.params.id);
    },
  );

  app.post<{ Params: { id: string }; Body: { epcs: string[] } }>(
    '/devices/:id/tags',
    {
      schema: {
        params,
        body: body(
          {
            epcs: {
              type: 'array',
              maxItems: 1000,
              items: { type: 'string', pattern: '^([0-9A-Fa-f]{2}){1,62}$' },
            },
          },
          ['epcs'],
        ),
      },
    },
    async (req) => {
      sim.control(req.params.id, 'setTags')(req.body.epcs);
      return sim.describe(req.params.id);
    },
  );

  app.post<{ Params: { id: string }; Body: { label: string } }>(
    '/devices/:id/scene',
    { schema: { params, body: body({ label: { type: 'string', maxLength: 200 } }, ['label']) } },
    async (req) => {
      sim.control(req.params.id, 'setScene')(req.body.label);
      return sim.describe(req.params.id);
    },
  );

  app.post<{ Params: { id: string }; Body: { open: boolean; door?: number } }>(
    '/devices/:id/door',
    {
      schema: {
        params,
        body: body({ open: { type: 'boolean' }, door: { type: 'integer', minimum: 1, maximum: 8 } }, [
          'open',
        ]),
      },
    },
    async (req) => {
      sim.control(req.params.id, 'setDoor')(req.body.door ?? 1, req.body.open);
      return sim.describe(req.params.id);
    },
  );

  app.post<{ Params: { id: string }; Body: { kind: (typeof FAULT_KINDS)[number] } }>(
    '/devices/:id/fault',
    { schema: { params, body: body({ kind: { type: 'string', enum: [...FAULT_KINDS] } }, ['kind']) } },
    async (req) => {
      await sim.setFault(req.params.id, req.body.kind);
      return sim.describe(req.params.id);
    },
  );

  app.get('/ble', async () => ({ dbusAddress: sim.dbusAddress ?? null }));

  app.get('/vehicles', async () => ({ vehicles: sim.listVehicles() }));
  app.get<{ Params: { id: string } }>('/vehicles/:id', { schema: { params } }, async (req) =>
    sim.vehicle(req.params.id).describe(),
  );

  app.post<{ Params: { id: string }; Body: DeviationRequest | undefined }>(
    '/vehicles/:id/deviate',
    {
      // Every field has a default, so a bare POST (no body at all) is a deviation with the defaults.
      preValidation: async (req) => {
        req.body ??= {};
      },
      schema: {
        params,
        body: body(
          {
            offsetM: { type: 'number', minimum: 50, maximum: 5000 },
            forS: { type: 'number', minimum: 0, maximum: 3600 },
            side: { type: 'string', enum: ['left', 'right'] },
          },
          [],
        ),
      },
    },
    async (req) => {
      const vehicle = sim.vehicle(req.params.id);
      vehicle.unit.deviate(req.body ?? {});
      return vehicle.describe();
    },
  );

  app.post<{ Params: { id: string } }>('/vehicles/:id/stop', { schema: { params } }, async (req) => {
    const vehicle = sim.vehicle(req.params.id);
    vehicle.unit.stop();
    return vehicle.describe();
  });

  app.post<{ Params: { id: string } }>('/vehicles/:id/resume', { schema: { params } }, async (req) => {
    const vehicle = sim.vehicle(req.params.id);
    vehicle.unit.resume();
    return vehicle.describe();
  });

  app.post<{ Params: { id: string }; Body: { kind: GpsFault } }>(
    '/vehicles/:id/fault',
    { schema: { params, body: body({ kind: { type: 'string', enum: [...GPS_FAULTS] } }, ['kind']) } },
    async (req) => {
      const vehicle = sim.vehicle(req.params.id);
      vehicle.unit.gpsFault(req.body.kind);
      return vehicle.describe();
    },
  );

  return app;
}

/** Ajv says "must be equal to one of the allowed values" without naming them; name them, so the fix is plain. */
function validationMessage(error: Error & { validation?: unknown }): string {
  const issues = Array.isArray(error.validation) ? error.validation : [];
  const allowed = issues
    .map((issue: { params?: { allowedValues?: unknown } }) => issue.params?.allowedValues)
    .find(Array.isArray);
  return allowed ? `${error.message}: ${allowed.join(', ')}` : error.message;
}
