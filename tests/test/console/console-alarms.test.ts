import { mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { EventEnvelope } from '@vaultline/shared/contract/event-envelope';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ConsoleFixture, startConsoleFixture } from '../../src/console/console-fixture.ts';
import { waitFor } from '../../src/harness/wait-for.ts';
import { deliveryWithWrongBox } from '../../src/system/branch-day.ts';
import { SystemScenario } from '../../src/system/system-scenario.ts';

const PASSWORD = 'a long passphrase for tests';
/** Screenshots for a person to look at (overwritten each run). */
const SHOTS = join(tmpdir(), 'vaultline-console-browser');
const NOTE = '错箱已退回押运员，已电话核实海淀支行 / wrong box returned to the crew';

/**
 * The duty console against the whole system: a real branch gateway on simulated devices brings a box of
 * another branch into the zone, its signed WRONG_BOX travels through the centre's broker and ingest, and
 * the console shows it live, says it, and lets the duty officer (and only them) acknowledge and resolve.
 */
describe('the duty console with a real gateway raising WRONG_BOX', () => {
  let system: SystemScenario;
  let fixture: ConsoleFixture;
  let officer: Page;
  let dispatcher: Page;
  let alarm: EventEnvelope;
  let alarmId: string;

  beforeAll(async () => {
    system = await SystemScenario.start({ broker: 'embedded', gateways: [{ siteId: 'BR-001' }] });
    fixture = await startConsoleFixture({ app: system.app });
    system.app.store.sites.save({
      siteId: 'BR-001',
      name: '海淀支行',
      kind: 'branch',
      position: { lat: 39.96, lon: 116.3 },
      geofenceM: 150,
    });
    await fixture.createUser('li.wei', 'duty-officer', PASSWORD, '李伟');
    await fixture.createUser('zhao.min', 'dispatcher', PASSWORD, '赵敏');
    await fixture.createUser('sun.li', 'auditor', PASSWORD, '孙丽');
    officer = await fixture.newPage();
    dispatcher = await fixture.newPage();
    await fixture.login(officer, 'li.wei', PASSWORD);
    await fixture.login(dispatcher, 'zhao.min', PASSWORD);
    await officer.click('#voice-toggle');
    // Marks the loaded documents: still there after the alarm means no reload happened.
    for (const page of [officer, dispatcher])
      await page.evaluate(() => Object.assign(globalThis, { __sameDocument: true }));
  }, 60_000);

  afterAll(async () => {
    await fixture?.stop();
    await system?.stop();
  });

  const row = (page: Page) => page.locator(`tr[data-alarm-id="${alarmId}"]`);

  it('shows the alarm live on both screens, flashing, and announces it in Chinese', async () => {
    const { scenario } = system.gateway('BR-001');
    await deliveryWithWrongBox(scenario, async (raised) => {
      alarm = raised;
      alarmId = raised.body.alarmId as string;
      await row(officer).waitFor();
      await row(dispatcher).waitFor();
    });
    for (const page of [officer, dispatcher]) {
      expect(await page.evaluate(() => (globalThis as { __sameDocument?: boolean }).__sameDocument)).toBe(
        true,
      );
      expect(await row(page).locator('.kind strong').textContent()).toBe('错箱');
      expect(await row(page).textContent()).toContain('海淀支行 (BR-001)');
      expect(await row(page).locator('.sev-badge').textContent()).toBe('紧急');
      expect(await row(page).getAttribute('class')).toContain('flash');
      await page.locator('#alarm-banner.banner-alarm').waitFor();
    }
    // The banner counts every unacknowledged critical and major alarm (the run skipped the vault stop
    // too: STOP_SKIPPED, major, raised by the centre's rules).
    const open = system.app.alarms.list({ state: 'raised' });
    const critical = open.filter((a) => a.severity === 'critical').length;
    const major = open.filter((a) => a.severity === 'major').length;
    expect(critical).toBeGreaterThanOrEqual(1);
    const banner = `⚠ ${critical + major} 条报警未确认（紧急 ${critical} · 重要 ${major}）`;
    for (const page of [officer, dispatcher]) {
      await waitFor(
        async () => (await page.textContent('#alarm-banner'))?.trim() === banner,
        `banner "${banner}"`,
      );
    }
    const spoken = await fixture.spoken(officer);
    expect(spoken).toContainEqual({ text: '紧急报警：错箱，海淀支行', lang: 'zh-CN' });
    expect(spoken.every((u) => u.lang === 'zh-CN')).toBe(true);
    // The dispatcher never switched voice on: nothing said on that screen.
    expect(await fixture.spoken(dispatcher)).toEqual([]);
    expect(alarm.body.kind).toBe('WRONG_BOX');
    mkdirSync(SHOTS, { recursive: true });
    await officer.screenshot({ path: join(SHOTS, 'console-alarms.png'), fullPage: true });
  });

  it('gives the dispatcher no buttons and refuses a forged acknowledgement (403, audited)', async () => {
    expect(await row(dispatcher).locator('form').count()).toBe(0);
    expect(await row(officer).locator('form.act-ack button').count()).toBe(1);
    const csrf = (await dispatcher.getAttribute('meta[name="csrf-token"]', 'content')) ?? '';
    const statuses = await dispatcher.evaluate(
      async ({ id, csrf }) => {
        const form = await fetch(`/console/alarms/${id}/ack`, {
          method: 'POST',
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
          body: `_csrf=${encodeURIComponent(csrf)}`,
        });
        const api = await fetch(`/api/v1/alarms/${id}/ack`, {
          method: 'POST',
          headers: { 'x-csrf-token': csrf },
        });
        const noToken = await fetch(`/console/alarms/${id}/ack`, {
          method: 'POST',
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
          body: '',
        });
        return [form.status, api.status, noToken.status];
      },
      { id: alarmId, csrf },
    );
    expect(statuses).toEqual([403, 403, 403]);
    expect(system.app.alarms.get(alarmId)?.state).toBe('raised');
    const denied = system.app.store.audit.list().filter((e) => e.actor === 'zhao.min');
    expect(denied.map((e) => e.action)).toEqual([
      'console.login',
      'console.denied',
      'api.denied',
      'console.csrf.refused',
    ]);
  });

  it('lets the duty officer acknowledge, and the dispatcher sees it at once', async () => {
    await Promise.all([
      officer.waitForURL((url) => url.search === '?done=acknowledge'),
      row(officer).locator('form.act-ack button').click(),
    ]);
    expect(await officer.textContent('.notice-ok')).toBe('报警已确认。');
    expect(await row(officer).locator('.state').textContent()).toBe('已确认');
    expect(await row(officer).locator('.step').first().textContent()).toMatch(
      /^李伟 \(li\.wei\) 于 \d\d:\d\d:\d\d 确认$/,
    );
    await dispatcher.locator(`tr[data-alarm-id="${alarmId}"][data-state="acknowledged"]`).waitFor();
    expect(system.app.alarms.get(alarmId)).toMatchObject({ state: 'acknowledged', acknowledgedBy: 'li.wei' });
  });

  it('refuses a resolution without a note, then resolves with one and keeps it in the history', async () => {
    const csrf = (await officer.getAttribute('meta[name="csrf-token"]', 'content')) ?? '';
    const empty = await officer.evaluate(
      async ({ id, csrf }) => {
        const response = await fetch(`/console/alarms/${id}/resolve`, {
          method: 'POST',
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
          body: `_csrf=${encodeURIComponent(csrf)}&note=%20%20`,
        });
        return { status: response.status, text: await response.text() };
      },
      { id: alarmId, csrf },
    );
    expect(empty.status).toBe(400);
    expect(empty.text).toContain('处置报警必须填写处置说明。');
    await row(officer).locator('textarea[name="note"]').fill(NOTE);
    await Promise.all([
      officer.waitForURL((url) => url.search === '?done=resolve'),
      row(officer).locator('form.act-resolve button').click(),
    ]);
    expect(await row(officer).count()).toBe(0);
    await waitFor(
      async () => (await row(dispatcher).count()) === 0,
      'the row gone from the dispatcher screen',
    );
    expect(await dispatcher.textContent('#alarms-empty')).toBe('当前没有未处置的报警');
    await officer.goto(`${fixture.baseUrl}/console/alarms/history`);
    const resolved = officer.locator(`tr[data-alarm-id="${alarmId}"]`);
    expect(await resolved.locator('.note').textContent()).toBe(NOTE);
    expect(await resolved.textContent()).toContain('李伟 (li.wei)');
  });

  it('shows the auditor who did what in the audit log, and keeps the dispatcher out of it', async () => {
    const auditor = await fixture.newPage();
    await fixture.login(auditor, 'sun.li', PASSWORD);
    await auditor.goto(`${fixture.baseUrl}/console/audit?action=alarm.`);
    const rows = await auditor
      .locator('#audit-table tbody tr')
      .evaluateAll((trs) =>
        trs.map((tr) => [...tr.querySelectorAll('td')].slice(1, 4).map((td) => td.textContent)),
      );
    // Newest first; the dispatcher's forged attempt never reached the alarm (refused by role first).
    expect(rows.filter((r) => r[2] === `alarm:${alarmId}`)).toEqual([
      ['li.wei', 'alarm.resolve', `alarm:${alarmId}`],
      ['li.wei', 'alarm.acknowledge', `alarm:${alarmId}`],
      [`gateway:${system.gateway('BR-001').gatewayId}`, 'alarm.raise', `alarm:${alarmId}`],
    ]);
    expect(await auditor.locator('#audit-table').textContent()).toContain(`note=${NOTE}`);
    const response = await dispatcher.goto(`${fixture.baseUrl}/console/audit`);
    expect(response?.status()).toBe(403);
    expect(await dispatcher.textContent('h1')).toBe('无权访问');
    expect(fixture.problems).toEqual([]);
  });
});
