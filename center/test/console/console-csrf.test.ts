import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { serializeCookie } from '../../src/console/auth/cookies.ts';
import { type ConsoleHarness, consoleHarness, cookieOf, ORIGIN } from './console-harness.ts';

describe('console sessions, CSRF and Origin checks', () => {
  let h: ConsoleHarness;
  beforeEach(async () => {
    h = await consoleHarness();
    await h.createUser('li.wei', 'duty-officer');
    await h.createUser('zhao.min', 'dispatcher');
  });
  afterEach(() => h.dispose());

  it('sets the session cookie HttpOnly, SameSite=Strict, Path=/ (Secure over https), and sends the user home', async () => {
    const { response } = await h.login('li.wei');
    expect(response.statusCode).toBe(303);
    expect(response.headers.location).toBe('/console/');
    const line = [response.headers['set-cookie']].flat().find((c) => c?.startsWith('vl_session='));
    expect(line).toMatch(/^vl_session=[A-Za-z0-9_-]{43}; Path=\/; SameSite=Strict; HttpOnly$/);
    expect(serializeCookie({ protocol: 'https' } as never, 'vl_session', 'x')).toBe(
      'vl_session=x; Path=/; SameSite=Strict; HttpOnly; Secure',
    );
  });

  it('acts on a form POST only with the session, its CSRF token and a same-site Origin', async () => {
    const officer = await h.signIn('li.wei');
    const alarmId = h.raiseWrongBox();
    const url = `/console/alarms/${alarmId}/ack`;
    const refusals = [
      await h.post(url, { _csrf: officer.csrf }, officer, { origin: 'https://evil.example' }),
      await h.post(url, { _csrf: 'forged' }, officer),
      await h.post(url, {}, officer),
      await h.post(url, { _csrf: officer.csrf }, officer, { origin: '', referer: '' }),
    ];
    expect(refusals.map((r) => r.statusCode)).toEqual([403, 403, 403, 403]);
    expect(refusals[0]?.body).toContain('防跨站请求伪造校验未通过');
    expect(h.alarms.get(alarmId)?.state).toBe('raised');
    const ok = await h.post(url, { _csrf: officer.csrf }, officer);
    expect([ok.statusCode, ok.headers.location]).toEqual([303, '/console/?done=acknowledge']);
    expect(h.alarms.get(alarmId)).toMatchObject({ state: 'acknowledged', acknowledgedBy: 'li.wei' });
    // A Referer of this site stands in for a missing Origin.
    const note = await h.post(
      `/console/alarms/${alarmId}/resolve`,
      { _csrf: officer.csrf, note: '已核实' },
      officer,
      { origin: '', referer: `${ORIGIN}/console/` },
    );
    expect(note.statusCode).toBe(303);
    const refused = h.store.audit.list().filter((e) => e.action === 'console.csrf.refused');
    expect(refused.map((e) => e.detail?.why)).toEqual(['origin', 'token', 'token', 'origin']);
  });

  it('sends a visitor without a session to the login page, even for a POST', async () => {
    const alarmId = h.raiseWrongBox();
    const page = await h.get('/console/runs');
    expect([page.statusCode, page.headers.location]).toEqual([303, '/console/login?next=%2Fconsole%2Fruns']);
    const post = await h.post(`/console/alarms/${alarmId}/ack`, { _csrf: 'x' });
    expect([post.statusCode, post.headers.location]).toEqual([303, '/console/login?next=%2Fconsole%2F']);
    expect(h.alarms.get(alarmId)?.state).toBe('raised');
  });

  it('refuses a login POST without the login form token (login CSRF)', async () => {
    const response = await h.post('/console/login', { username: 'li.wei', password: 'twelve chars or more' });
    expect(response.statusCode).toBe(403);
    expect(cookieOf(response.headers['set-cookie'], 'vl_session')).toBeUndefined();
  });

  it('refuses a role that may not act, with the 403 page, and audits it', async () => {
    const dispatcher = await h.signIn('zhao.min');
    const alarmId = h.raiseWrongBox();
    const response = await h.post(`/console/alarms/${alarmId}/ack`, { _csrf: dispatcher.csrf }, dispatcher);
    expect(response.statusCode).toBe(403);
    expect(response.body).toContain('<h1 class="page-title">无权访问</h1>');
    expect(response.body).toContain('您的角色（调度员）无权执行此操作');
    expect(h.alarms.get(alarmId)?.state).toBe('raised');
    expect(h.store.audit.list().filter((e) => e.action === 'console.denied')).toEqual([
      expect.objectContaining({ actor: 'zhao.min', target: `POST /console/alarms/${alarmId}/ack` }),
    ]);
  });

  it('lets a session use the API: reads freely, mutates only with x-csrf-token from this site', async () => {
    const officer = await h.signIn('li.wei');
    const alarmId = h.raiseWrongBox();
    const read = await h.app.inject({
      method: 'GET',
      url: '/api/v1/alarms',
      headers: { cookie: officer.cookie },
    });
    expect(read.statusCode).toBe(200);
    expect(read.json().alarms.map((a: { alarmId: string }) => a.alarmId)).toEqual([alarmId]);
    const ack = (headers: Record<string, string>) =>
      h.app.inject({
        method: 'POST',
        url: `/api/v1/alarms/${alarmId}/ack`,
        headers: { cookie: officer.cookie, host: 'centre.test', ...headers },
      });
    const noToken = await ack({ origin: ORIGIN });
    expect([noToken.statusCode, noToken.json().code]).toEqual([403, 'CSRF_REJECTED']);
    const otherSite = await ack({ origin: 'https://evil.example', 'x-csrf-token': officer.csrf });
    expect(otherSite.statusCode).toBe(403);
    const ok = await ack({ origin: ORIGIN, 'x-csrf-token': officer.csrf });
    expect(ok.statusCode).toBe(200);
    expect(ok.json().alarm).toMatchObject({ state: 'acknowledged', acknowledgedBy: 'li.wei' });
    const none = await h.app.inject({
      method: 'GET',
      url: '/api/v1/alarms',
      headers: { cookie: 'vl_session=forged' },
    });
    expect(none.statusCode).toBe(401);
  });

  it('logs out by deleting the session: the old cookie no longer works', async () => {
    const officer = await h.signIn('li.wei');
    const out = await h.post('/console/logout', { _csrf: officer.csrf }, officer);
    expect([out.statusCode, out.headers.location]).toEqual([303, '/console/login?out=1']);
    expect(h.store.consoleSessions.countFor('li.wei')).toBe(0);
    expect((await h.get('/console/', officer)).statusCode).toBe(303);
    expect(h.store.audit.list().map((e) => e.action)).toEqual(['console.login', 'console.logout']);
  });

  it('answers the 6th attempt within 15 min with 429 and when to retry, without checking the password', async () => {
    for (let i = 0; i < 5; i++) {
      const { response } = await h.login('li.wei', `wrong password ${i}`, `10.0.0.${i}`);
      expect(response.statusCode).toBe(401);
      expect(response.body).toContain('用户名或密码不正确。');
    }
    const { response, signed } = await h.login('li.wei', 'twelve chars or more', '10.0.0.9');
    expect(response.statusCode).toBe(429);
    expect(signed).toBeUndefined();
    expect(response.headers['retry-after']).toBe('900');
    // 09:00 at the plan day in China, + 15 min.
    expect(response.body).toContain('请在 09:15（约 15 分钟后）再试');
    const unknown = await h.login('nobody', 'wrong password x', '10.1.0.1');
    expect(unknown.response.statusCode).toBe(401);
    expect(unknown.response.body).toContain('用户名或密码不正确。');
  });
});
