import { afterEach, describe, expect, it } from 'vitest';
import { apiFixture, auth } from './api-fixture.ts';

let fixture: Awaited<ReturnType<typeof apiFixture>>;

afterEach(async () => {
  await fixture?.app.close();
});

async function withOfflineAlarm() {
  fixture = await apiFixture();
  fixture.alarms.gatewayOnline('gw-1', false);
  const [alarm] = fixture.alarms.list({});
  return { ...fixture, alarmId: alarm!.alarmId };
}

describe('alarms API', () => {
  it('lists alarms with who and when for every step, filtered by state, kind and time', async () => {
    const { app, alarms, alarmId, clock } = await withOfflineAlarm();
    await clock.advance(60_000);
    alarms.recordTampered({ gatewayId: 'gw-2', seq: 7, problem: 'fork', message: 'seq 7 forked' });
    alarms.acknowledge(alarmId, { name: 'Li Wei' });
    const all = await app.inject({ url: '/api/v1/alarms', headers: auth('auditor') });
    expect(all.statusCode).toBe(200);
    expect(all.headers['cache-control']).toBe('no-store');
    const listed = all.json().alarms;
    expect(listed.map((a: { kind: string }) => a.kind)).toEqual(['RECORD_TAMPERED', 'GATEWAY_OFFLINE']);
    expect(listed[1]).toMatchObject({
      alarmId,
      kind: 'GATEWAY_OFFLINE',
      state: 'acknowledged',
      siteId: 'B1',
      gatewayId: 'gw-1',
      raisedAt: new Date(clock.now() - 60_000).toISOString(),
      acknowledgedBy: 'Li Wei',
      acknowledgedAt: new Date(clock.now()).toISOString(),
    });
    const query = async (q: string) =>
      (await app.inject({ url: `/api/v1/alarms?${q}`, headers: auth('dispatcher') })).json().alarms.length;
    expect(await query('state=raised')).toBe(1);
    expect(await query('kind=GATEWAY_OFFLINE')).toBe(1);
    expect(await query(`since=${encodeURIComponent(new Date(clock.now() - 1000).toISOString())}`)).toBe(1);
    expect(await query('limit=1')).toBe(1);
  });

  it('acknowledges and resolves as the token owner, audited under the token name', async () => {
    const { app, alarmId, audit } = await withOfflineAlarm();
    const ack = await app.inject({
      method: 'POST',
      url: `/api/v1/alarms/${alarmId}/ack`,
      headers: auth('duty-officer'),
    });
    expect(ack.statusCode).toBe(200);
    expect(ack.json().alarm).toMatchObject({ state: 'acknowledged', acknowledgedBy: 'Li Wei' });
    const resolve = await app.inject({
      method: 'POST',
      url: `/api/v1/alarms/${alarmId}/resolve`,
      headers: auth('admin'),
      payload: { note: 'Branch power cut; gateway back on UPS.' },
    });
    expect(resolve.statusCode).toBe(200);
    expect(resolve.json().alarm).toMatchObject({
      state: 'resolved',
      acknowledgedBy: 'Li Wei',
      resolvedBy: 'Admin Chen',
      resolutionNote: 'Branch power cut; gateway back on UPS.',
    });
    expect(audit.entries.slice(1).map((e) => [e.actor, e.action, e.detail?.tokenId])).toEqual([
      ['Li Wei', 'alarm.acknowledge', 'T-duty-officer'],
      ['Admin Chen', 'alarm.resolve', 'T-admin'],
    ]);
  });

  it('answers lifecycle refusals with 404 and 409 and a stable code', async () => {
    const { app, alarmId } = await withOfflineAlarm();
    const post = (path: string, payload?: object) =>
      app.inject({ method: 'POST', url: `/api/v1/alarms/${path}`, headers: auth('duty-officer'), payload });
    const early = await post(`${alarmId}/resolve`, { note: 'done' });
    expect([early.statusCode, early.json().code]).toEqual([409, 'ALARM_NOT_ACKNOWLEDGED']);
    await post(`${alarmId}/ack`);
    const again = await post(`${alarmId}/ack`);
    expect([again.statusCode, again.json().code]).toEqual([409, 'ALARM_ALREADY_ACKNOWLEDGED']);
    const missing = await post('01NOSUCHALARM/ack');
    expect([missing.statusCode, missing.json().code]).toEqual([404, 'ALARM_NOT_FOUND']);
    const blank = await post(`${alarmId}/resolve`, { note: '   ' });
    expect([blank.statusCode, blank.json().code]).toEqual([400, 'ALARM_NOTE_REQUIRED']);
    const one = await app.inject({ url: `/api/v1/alarms/${alarmId}`, headers: auth('auditor') });
    expect(one.json().alarm.state).toBe('acknowledged');
  });
});
