import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { offsetM } from '../../src/rules/geo.ts';
import { VAULT } from '../runs/day-fixture.ts';
import { type ConsoleHarness, consoleHarness, type Signed } from './console-harness.ts';

const fix = (lat: number, lon: number, hhmmss: string) =>
  JSON.stringify({ ts: `2026-11-23T${hhmmss}+08:00`, lat, lon, speedKmh: 32, headingDeg: 90 });

describe('console pages', () => {
  let h: ConsoleHarness;
  let officer: Signed;
  let dispatcher: Signed;
  beforeEach(async () => {
    h = await consoleHarness();
    await h.createUser('li.wei', 'duty-officer', '李伟 <b>');
    await h.createUser('zhao.min', 'dispatcher', '赵敏');
    await h.createUser('sun.li', 'auditor', '孙丽');
    officer = await h.signIn('li.wei');
    dispatcher = await h.signIn('zhao.min');
  });
  afterEach(() => h.dispose());

  it('lists open alarms newest first with kind, severity, site and run, and buttons only for those who act', async () => {
    h.store.sites.save({ siteId: 'B1', name: '锦江支行', kind: 'branch', position: VAULT, geofenceM: 150 });
    h.raiseWrongBox('GA-1', 'critical');
    await h.clock.advance(60_000);
    h.raiseWrongBox('GA-2', 'major');
    const page = (await h.get('/console/', officer)).body;
    const ids = [...page.matchAll(/<tr id="alarm-([^"]+)"/g)].map((m) => m[1]);
    expect(ids).toEqual(['GA-2', 'GA-1']);
    expect(page).toContain('<strong>错箱</strong>');
    expect(page).toContain('锦江支行 (B1)');
    expect(page).toContain('R1 第 1 站');
    expect(page).toContain('2026-11-23 09:00:00');
    expect(page).toContain('<span class="fact-name">箱号</span> E28011700000020000000001');
    expect(page.match(/action="\/console\/alarms\/GA-\d\/ack"/g)).toHaveLength(2);
    // The banner on every page counts what is unacknowledged.
    expect(page).toContain('⚠ 2 条报警未确认（紧急 1 · 重要 1）');
    // A display name is text, never markup.
    expect(page).toContain('李伟 &lt;b&gt;');
    const read = (await h.get('/console/', dispatcher)).body;
    expect(read).not.toContain('/ack"');
    expect(read).toContain('您的角色只能查看报警');
    const filtered = (await h.get('/console/?severity=major', officer)).body;
    expect([...filtered.matchAll(/<tr id="alarm-([^"]+)"/g)].map((m) => m[1])).toEqual(['GA-2']);
  });

  it('serves one row for the live script, nothing for a closed alarm or one outside the filter', async () => {
    const alarmId = h.raiseWrongBox();
    const row = await h.get(`/console/alarms/${alarmId}/row`, officer);
    expect(row.statusCode).toBe(200);
    expect(row.body.startsWith(`<tr id="alarm-${alarmId}"`)).toBe(true);
    expect(row.body).toContain(`name="_csrf" value="${officer.csrf}"`);
    expect((await h.get(`/console/alarms/${alarmId}/row?severity=minor`, officer)).statusCode).toBe(204);
    expect((await h.get('/console/live/banner', officer)).json()).toEqual({ critical: 1, major: 0 });
    await h.post(`/console/alarms/${alarmId}/ack`, { _csrf: officer.csrf }, officer);
    const acked = await h.get(`/console/alarms/${alarmId}/row`, officer);
    expect(acked.body).toContain('action="/console/alarms/GA-1/resolve"');
    expect((await h.get('/console/live/banner', officer)).json()).toEqual({ critical: 0, major: 0 });
    await h.post(`/console/alarms/${alarmId}/resolve`, { _csrf: officer.csrf, note: '已退回' }, officer);
    expect((await h.get(`/console/alarms/${alarmId}/row`, officer)).statusCode).toBe(204);
    const history = (await h.get('/console/alarms/history', dispatcher)).body;
    expect(history).toContain('<td class="note">已退回</td>');
  });

  it('refuses a second acknowledgement in words, and a resolution before acknowledgement', async () => {
    const alarmId = h.raiseWrongBox();
    const early = await h.post(
      `/console/alarms/${alarmId}/resolve`,
      { _csrf: officer.csrf, note: 'x' },
      officer,
    );
    expect(early.statusCode).toBe(409);
    expect(early.body).toContain('请先确认该报警');
    await h.post(`/console/alarms/${alarmId}/ack`, { _csrf: officer.csrf }, officer);
    const again = await h.post(`/console/alarms/${alarmId}/ack`, { _csrf: officer.csrf }, officer);
    expect(again.statusCode).toBe(409);
    expect(again.body).toContain('该报警已被他人确认');
    const unknown = await h.post('/console/alarms/NOPE/ack', { _csrf: officer.csrf }, officer);
    expect(unknown.statusCode).toBe(404);
  });

  it("draws the day's routes, stops and vehicles on the map; a vehicle off its route is red", async () => {
    h.runs.position('V1', fix(VAULT.lat, VAULT.lon + 0.01, '09:00:00'));
    let page = (await h.get('/console/runs', dispatcher)).body;
    expect(
      page.match(/<polyline class="route route-c0" data-run="R1" points="[\d.]+,[\d.]+( [\d.]+,[\d.]+){80}"/),
    ).not.toBeNull();
    expect(page.match(/<g class="site site-branch" data-site="B\d"/g)).toHaveLength(3);
    expect(page).toContain('<g class="vehicle" data-vehicle="V1"');
    expect(page).toContain('线路 R1');
    expect(page).toContain('已完成 0 / 3 站');
    expect(page).toContain('09:00:00 · 32 km/h');
    // 2 km north of the route for over a minute, three fixes: ROUTE_DEVIATION.
    const away = offsetM(VAULT, 3000, 2000);
    for (const t of ['09:01:00', '09:01:40', '09:02:20']) h.runs.position('V1', fix(away.lat, away.lon, t));
    expect(h.alarms.list({ kind: 'ROUTE_DEVIATION' })).toHaveLength(1);
    page = (await h.get('/console/runs', dispatcher)).body;
    expect(page).toContain('<g class="vehicle deviating" data-vehicle="V1"');
    expect(page).toContain('class="run-card run-planned deviating"');
    const card = await h.get('/console/runs/R1/card', dispatcher);
    expect(card.body.startsWith('<article class="run-card')).toBe(true);
    expect((await h.get('/console/runs/R9/card', dispatcher)).statusCode).toBe(204);
  });

  it('shows each gateway online or offline since when, its devices and backlog', async () => {
    h.monitor.status(
      'gw-1',
      JSON.stringify({
        online: true,
        devices: {
          'fp-door': { kind: 'fingerprint', online: true },
          'rfid-zone': { kind: 'rfid', online: false, reason: 'no answer' },
        },
        backlog: 12,
        backlogDetail: { count: 12, oldestAgeS: 125, bytes: 6144, limitBytes: 1e9 },
        lastSeq: 40,
      }),
    );
    let page = (await h.get('/console/gateways', dispatcher)).body;
    expect(page).toContain('<span class="conn conn-online">在线</span>');
    expect(page).toContain(
      '<span class="device-name">rfid-zone</span> <span class="device-kind">rfid</span> <span class="device-state">离线</span> <span class="muted">no answer</span>',
    );
    expect(page).toContain('12 条 · 最早 2 分钟 · 6.0 KiB');
    expect(page).toContain('中心 0 · 网关 40');
    await h.clock.advance(90_000);
    h.monitor.status('gw-1', JSON.stringify({ online: false }));
    page = (await h.get('/console/gateways/table', dispatcher)).body;
    expect(page).toContain('<span class="conn conn-offline">离线</span>');
    expect(page).toContain('自 2026-11-23 09:01:30');
  });

  it('shows the audit log newest first to auditors, filtered by actor and action', async () => {
    const auditor = await h.signIn('sun.li');
    expect((await h.get('/console/audit', dispatcher)).statusCode).toBe(403);
    const page = (await h.get('/console/audit?action=console.login', auditor)).body;
    const actors = [
      ...page.matchAll(/<tr class="audit-row[^"]*">\s*<td[^>]*>[^<]*<\/td>\s*<td>([^<]*)<\/td>/g),
    ].map((m) => m[1]);
    expect(actors).toEqual(['sun.li', 'zhao.min', 'li.wei']);
    const one = (await h.get('/console/audit?actor=zhao.min', auditor)).body;
    expect(one).toContain('console.denied');
    expect(one).not.toContain('<td>li.wei</td>');
  });

  it('answers in English when the language cookie says so, and with the 404 page in the layout', async () => {
    const english = { ...officer, cookie: `${officer.cookie}; vl_lang=en` };
    const page = (await h.get('/console/', english)).body;
    expect(page).toContain('<html lang="en"');
    expect(page).toContain('<h1 class="page-title">Live alarms</h1>');
    const missing = await h.get('/console/nowhere', officer);
    expect(missing.statusCode).toBe(404);
    expect(missing.body).toContain('没有找到 /console/nowhere。');
    expect(missing.headers['content-security-policy']).toContain("script-src 'self'");
    const lang = await h.get('/console/lang?to=en&next=/console/runs');
    expect(lang.headers.location).toBe('/console/runs');
    expect(lang.headers['set-cookie']).toContain('vl_lang=en; Path=/; SameSite=Strict; Max-Age=31536000');
  });

  it('serves its assets, and nothing else from the folder', async () => {
    const css = await h.get('/console/assets/console.css');
    expect([css.statusCode, css.headers['content-type']]).toEqual([200, 'text/css; charset=utf-8']);
    expect((await h.get('/console/assets/alarms.js')).body).toContain("addEventListener('vl:alarm'");
    expect((await h.get('/console/assets/..%2Fconsole-plugin.ts')).statusCode).toBe(404);
  });

  it('is the home page at /', async () => {
    const root = await h.app.inject({ method: 'GET', url: '/' });
    expect([root.statusCode, root.headers.location]).toEqual([303, '/console/']);
  });
});
