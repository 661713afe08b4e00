import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ConsoleFixture, startConsoleFixture } from '../../src/console/console-fixture.ts';

const PASSWORD = 'correct horse battery staple';
const BOXES = ['E2801160600002A0000B0001', 'E2801160600002A0000B0002'];

/** The registries a plan refers to: a vault and a branch, a tagged vehicle, two enrolled escorts, boxes. */
function seedRegistries(fixture: ConsoleFixture): void {
  const { store } = fixture.app;
  store.sites.save({
    siteId: 'VAULT-1',
    name: '浦东金库',
    kind: 'vault',
    position: { lat: 31.22, lon: 121.54 },
    geofenceM: 200,
  });
  store.sites.save({
    siteId: 'BR-001',
    name: '陆家嘴支行',
    kind: 'branch',
    position: { lat: 31.24, lon: 121.5 },
    geofenceM: 150,
  });
  store.vehicles.register({
    vehicleId: 'V1',
    plate: '沪A·C1234',
    tagEpc: 'E2801160600002A0000A0001',
    passwordHash: 'x',
    mosquittoHash: 'x',
  });
  for (const [personId, name] of [
    ['E1001', '张伟'],
    ['E1002', '王强'],
  ] as const) {
    store.people.save(
      { personId, name, employeeNo: `YS-${personId}`, role: 'escort', company: '申城押运' },
      'console:seed',
    );
    store.people.setTemplate(personId, 0, Uint8Array.from([1, 2, 3, 4, 5, 6, 7, 8]), 'centre:seed');
  }
  for (const epc of BOXES) store.boxes.save({ epc, label: `箱 ${epc.slice(-4)}`, homeSiteId: 'BR-001' });
}

function draft(date: string, crew: string[]) {
  return {
    date,
    runs: [
      {
        runId: 'R1',
        vehicleId: 'V1',
        crew,
        stops: [
          {
            siteId: 'VAULT-1',
            kind: 'dispatch',
            windowStart: `${date}T08:00:00+08:00`,
            windowEnd: `${date}T08:30:00+08:00`,
            boxes: BOXES,
          },
          {
            siteId: 'BR-001',
            kind: 'deliver',
            windowStart: `${date}T09:00:00+08:00`,
            windowEnd: `${date}T09:30:00+08:00`,
            boxes: BOXES,
          },
        ],
      },
    ],
  };
}

async function submitImport(page: Page, format: 'json' | 'csv', text: string): Promise<number> {
  await page.selectOption('#plan-import-form select[name="format"]', format);
  await page.fill('#plan-text', text);
  const [response] = await Promise.all([
    page.waitForResponse((r) => r.url().endsWith('/console/plans/import')),
    page.click('#plan-import-form button[type="submit"]'),
  ]);
  await page.waitForLoadState();
  return response.status();
}

describe('plans in Chromium', () => {
  let fixture: ConsoleFixture;
  let date: string;
  beforeAll(async () => {
    fixture = await startConsoleFixture();
    await fixture.createUser('zhao.min', 'dispatcher', PASSWORD, '赵敏');
    await fixture.createUser('sun.li', 'auditor', PASSWORD, '孙丽');
    seedRegistries(fixture);
    date = fixture.app.plans.today();
  });
  afterAll(async () => {
    await fixture?.stop();
  });

  it('shows every problem of a refused plan, translated and located, and changes nothing', async () => {
    const page = await fixture.newPage();
    await fixture.login(page, 'zhao.min', PASSWORD);
    await page.goto(`${fixture.baseUrl}/console/plans`);
    expect(await page.textContent('h1')).toBe('排班计划');
    expect(await submitImport(page, 'json', JSON.stringify(draft(date, ['E1001'])))).toBe(400);
    const problem = page.locator('#plan-problems li[data-code="crew.too_few"]');
    expect(await problem.getAttribute('data-path')).toBe('/runs/0/crew');
    expect(await problem.textContent()).toContain(
      '线路 R1 只有 1 名押运员；每条线路至少需要两名不同的押运员。',
    );
    // The pasted plan is still in the box, to be fixed.
    expect(await page.inputValue('#plan-text')).toContain('"E1001"');
    expect(fixture.app.store.plans.versions(date)).toEqual([]);

    // The same mistake in a CSV points at the line and column of the cell.
    const csv = [
      'run_id,vehicle_id,crew,stop_seq,site_id,kind,window_start,window_end,boxes',
      `R1,V1,E1001,1,VAULT-1,dispatch,${date}T08:00:00+08:00,${date}T08:30:00+08:00,${BOXES.join('|')}`,
    ].join('\n');
    expect(await submitImport(page, 'csv', csv)).toBe(400);
    const located = page.locator('#plan-problems li[data-code="crew.too_few"] .problem-path');
    expect(await located.textContent()).toBe('第 2 行，crew 列');
    expect(fixture.app.store.plans.versions(date)).toEqual([]);
    expect(fixture.problems).toEqual([]);
  });

  it('a valid import becomes the next version, and an ad-hoc task another one', async () => {
    const page = await fixture.newPage();
    await fixture.login(page, 'zhao.min', PASSWORD);
    await page.goto(`${fixture.baseUrl}/console/plans`);
    expect(await submitImport(page, 'json', JSON.stringify(draft(date, ['E1001', 'E1002'])))).toBe(303);
    expect(await page.getAttribute('#plan-stored', 'data-version')).toBe('1');
    expect(await page.textContent('#plan-stored')).toContain(`已保存 ${date} 第 1 版（1 条线路）`);
    expect(await page.locator('#plan-versions tbody tr').count()).toBe(1);
    expect(await page.textContent('#plan-versions tbody tr')).toContain('赵敏 (zhao.min)');
    expect(await page.getAttribute('#current-plan', 'data-version')).toBe('1');

    // Ad-hoc: a second run, same escorts, one delivery stop later in the day.
    await page.fill('#plan-adhoc-form input[name="runId"]', 'R9');
    await page.selectOption('#plan-adhoc-form select[name="vehicleId"]', 'V1');
    await page.fill('#plan-adhoc-form input[name="crew"]', 'E1001, E1002');
    const row = page.locator('#plan-adhoc-form fieldset').first();
    await row.locator('select[name="stopSite"]').selectOption('BR-001');
    await row.locator('select[name="stopKind"]').selectOption('collect');
    await row.locator('input[name="stopStart"]').fill(`${date}T15:00`);
    await row.locator('input[name="stopEnd"]').fill(`${date}T15:30`);
    await Promise.all([page.waitForURL(/stored=2/), page.click('#plan-adhoc-form button[type="submit"]')]);
    expect(await page.textContent('#plan-versions tbody tr:first-child')).toContain('临时线路 R9（BR-001）');
    const stored = fixture.app.plans.current(date);
    expect(stored?.version).toBe(2);
    expect(stored?.runs.map((run) => run.runId)).toEqual(['R1', 'R9']);
    expect(fixture.problems).toEqual([]);
  });

  it('an auditor reads plans but cannot import one', async () => {
    const page = await fixture.newPage();
    await fixture.login(page, 'sun.li', PASSWORD);
    await page.goto(`${fixture.baseUrl}/console/plans`);
    expect(await page.locator('#plan-import-form').count()).toBe(0);
    const csrf = (await page.getAttribute('meta[name="csrf-token"]', 'content')) ?? '';
    const response = await page.request.post(`${fixture.baseUrl}/console/plans/import`, {
      form: { _csrf: csrf, format: 'json', text: JSON.stringify(draft(date, ['E1001', 'E1002'])) },
      headers: { Origin: fixture.baseUrl },
    });
    expect(response.status()).toBe(403);
    expect(fixture.app.plans.versions(date).length).toBe(2);
  });
});
