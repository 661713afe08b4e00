import { afterEach, describe, expect, it } from 'vitest';
import { apiFixture, auth } from './api-fixture.ts';

let fixture: Awaited<ReturnType<typeof apiFixture>>;

afterEach(async () => {
  await fixture?.app.close();
});

async function setUp() {
  fixture = await apiFixture();
  fixture.alarms.gatewayOnline('gw-1', false);
  return { ...fixture, alarmId: fixture.alarms.list({})[0]!.alarmId };
}

const READS = ['/api/v1/alarms', '/api/v1/handovers', '/api/v1/runs', '/api/v1/gateways', '/api/v1/stream'];

describe('API authentication and roles', () => {
  it('answers 401 without a token, with a malformed one and with an unknown one', async () => {
    const { app } = await setUp();
    for (const url of READS) {
      for (const headers of [
        {},
        { authorization: 'Basic abc' },
        { authorization: 'Bearer' },
        { authorization: 'Bearer nope' },
      ]) {
        const response = await app.inject({ url, headers });
        expect([url, response.statusCode, response.json().code]).toEqual([url, 401, 'UNAUTHENTICATED']);
        expect(response.headers['www-authenticate']).toMatch(/^Bearer/);
      }
    }
  });

  it('lets every role read', async () => {
    const { app } = await setUp();
    for (const role of ['admin', 'dispatcher', 'duty-officer', 'auditor'] as const) {
      for (const url of READS.slice(0, 4)) {
        expect((await app.inject({ url, headers: auth(role) })).statusCode).toBe(200);
      }
    }
  });

  it('refuses alarm actions to auditors and dispatchers with 403, and audits the attempt', async () => {
    const { app, alarmId, audit, alarms } = await setUp();
    for (const role of ['auditor', 'dispatcher'] as const) {
      const response = await app.inject({
        method: 'POST',
        url: `/api/v1/alarms/${alarmId}/ack`,
        headers: auth(role),
      });
      expect([response.statusCode, response.json().code]).toEqual([403, 'FORBIDDEN']);
    }
    expect(alarms.get(alarmId)?.state).toBe('raised');
    expect(
      audit.entries.filter((e) => e.action === 'api.denied').map((e) => [e.actor, e.target, e.detail?.role]),
    ).toEqual([
      ['Auditor Sun', `POST /api/v1/alarms/${alarmId}/ack`, 'auditor'],
      ['Dispatcher Zhao', `POST /api/v1/alarms/${alarmId}/ack`, 'dispatcher'],
    ]);
  });

  it('grants nothing to a role the API does not know', async () => {
    const { app, tokens } = await setUp();
    tokens.add('secret-odd', { tokenId: 'T-odd', name: 'Odd', role: 'superuser' as never });
    const response = await app.inject({
      url: '/api/v1/alarms',
      headers: { authorization: 'Bearer secret-odd' },
    });
    expect([response.statusCode, response.json().code]).toEqual([403, 'FORBIDDEN']);
  });
});

describe('API input checks', () => {
  it('answers bad queries with 400 and a message naming the problem', async () => {
    const { app } = await setUp();
    const cases: [string, RegExp][] = [
      ['/api/v1/alarms?state=open', /querystring\/state must be one of "raised", "acknowledged", "resolved"/],
      ['/api/v1/alarms?kind=FIRE', /querystring\/kind must be one of/],
      ['/api/v1/alarms?since=yesterday', /querystring\/since must be a date-time string/],
      ['/api/v1/alarms?limit=-1', /querystring\/limit must match/],
      ['/api/v1/alarms?stat=raised', /querystring\/stat is not an allowed property/],
      ['/api/v1/alarms?state=raised&state=resolved', /querystring\/state/],
      ['/api/v1/runs?date=2026-02-30', /querystring\/date must be a date string/],
      ['/api/v1/handovers?siteId=a%20b', /querystring\/siteId must match/],
      ['/api/v1/handovers/a%2Fb', /params\/id must match/],
    ];
    for (const [url, message] of cases) {
      const response = await app.inject({ url, headers: auth('auditor') });
      expect([url, response.statusCode, response.json().code]).toEqual([url, 400, 'BAD_REQUEST']);
      expect(response.json().message).toMatch(message);
    }
  });

  it('answers bad bodies with 400, 413 and 415, never 500, and audits the refusal', async () => {
    const { app, alarmId, audit } = await setUp();
    await app.inject({ method: 'POST', url: `/api/v1/alarms/${alarmId}/ack`, headers: auth('duty-officer') });
    const url = `/api/v1/alarms/${alarmId}/resolve`;
    const headers = { ...auth('duty-officer'), 'content-type': 'application/json' };
    const cases: [string | undefined, Record<string, string>, number, RegExp][] = [
      [undefined, auth('duty-officer'), 400, /body is required/],
      ['{"note":', headers, 400, /JSON/i],
      ['{}', headers, 400, /body\/note is required/],
      ['{"note":""}', headers, 400, /body\/note must be at least 1 characters long/],
      ['{"note":42}', headers, 400, /body\/note must be a string/],
      ['{"note":"ok","extra":1}', headers, 400, /body\/extra is not an allowed property/],
      ['[]', headers, 400, /body\/ must be an object/],
      ['note=ok', { ...auth('duty-officer'), 'content-type': 'application/x-www-form-urlencoded' }, 415, /./],
      [JSON.stringify({ note: 'x'.repeat(40_000) }), headers, 413, /./],
    ];
    for (const [payload, requestHeaders, status, message] of cases) {
      const response = await app.inject({ method: 'POST', url, headers: requestHeaders, payload });
      expect([payload?.slice(0, 20), response.statusCode]).toEqual([payload?.slice(0, 20), status]);
      expect(response.json().message).toMatch(message);
    }
    const refused = audit.entries.filter((e) => e.action === 'api.refused');
    expect(refused).toHaveLength(cases.length);
    expect(refused[0]).toMatchObject({
      actor: 'Li Wei',
      target: `POST ${url}`,
      detail: { status: 400, code: 'BAD_REQUEST' },
    });
  });

  it('answers unknown routes with 404 in the same shape', async () => {
    const { app } = await setUp();
    const response = await app.inject({ url: '/api/v1/nothing', headers: auth('admin') });
    expect([response.statusCode, response.json().code]).toEqual([404, 'NOT_FOUND']);
  });
});
