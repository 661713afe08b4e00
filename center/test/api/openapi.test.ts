import { afterEach, describe, expect, it } from 'vitest';
import { apiFixture } from './api-fixture.ts';

let fixture: Awaited<ReturnType<typeof apiFixture>>;

afterEach(async () => {
  await fixture?.app.close();
});

/** Every route of the API (DESIGN §7), as OpenAPI paths. */
const ROUTES = [
  'get /api/v1/alarms',
  'get /api/v1/alarms/{id}',
  'post /api/v1/alarms/{id}/ack',
  'post /api/v1/alarms/{id}/resolve',
  'get /api/v1/handovers',
  'get /api/v1/handovers/{id}',
  'get /api/v1/runs',
  'get /api/v1/gateways',
  'get /api/v1/stream',
  'get /api/v1/openapi.json',
];

describe('OpenAPI document', () => {
  it('is served without a token and lists every route with its schemas and security', async () => {
    fixture = await apiFixture();
    const response = await fixture.app.inject({ url: '/api/v1/openapi.json' });
    expect(response.statusCode).toBe(200);
    const doc = response.json();
    expect(doc.openapi).toMatch(/^3\./);
    expect(doc.components.securitySchemes.bearer).toEqual({ type: 'http', scheme: 'bearer' });
    const operations = Object.entries(
      doc.paths as Record<string, Record<string, Record<string, unknown>>>,
    ).flatMap(([path, methods]) => Object.keys(methods).map((method) => `${method} ${path}`));
    expect(operations.sort()).toEqual([...ROUTES].sort());
    for (const operation of ROUTES) {
      const [method, path] = operation.split(' ') as [string, string];
      const spec = doc.paths[path][method];
      expect(
        fixture.app.hasRoute({
          method: method.toUpperCase() as 'GET',
          url: path.replace(/\{(\w+)\}/g, ':$1'),
        }),
      ).toBe(true);
      expect(spec.summary, operation).toBeTruthy();
      expect(spec.responses['200'], operation).toBeDefined();
      if (path.endsWith('openapi.json')) continue;
      expect(spec.security, operation).toEqual([{ bearer: [] }]);
      expect(spec.responses['401'], operation).toBeDefined();
      expect(spec.responses['403'], operation).toBeDefined();
    }
    const resolve = doc.paths['/api/v1/alarms/{id}/resolve'].post;
    expect(resolve.requestBody.content['application/json'].schema.required).toEqual(['note']);
    const list = doc.paths['/api/v1/alarms'].get;
    expect(list.parameters.map((p: { name: string }) => p.name).sort()).toEqual([
      'kind',
      'limit',
      'since',
      'state',
    ]);
    const alarm = list.responses['200'].content['application/json'].schema.properties.alarms.items;
    expect(alarm.required).toEqual(expect.arrayContaining(['alarmId', 'kind', 'state', 'raisedAt']));
    expect(Object.keys(alarm.properties)).toEqual(
      expect.arrayContaining([
        'siteId',
        'runId',
        'acknowledgedBy',
        'acknowledgedAt',
        'resolvedBy',
        'resolvedAt',
        'resolutionNote',
      ]),
    );
  });
});
