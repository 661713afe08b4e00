import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ConsoleFixture, startConsoleFixture } from '../../src/console/console-fixture.ts';

const PASSWORD = 'correct horse battery staple';
const EPC = 'E2801160600002A0000B0777';

describe('vehicles, boxes and sites in Chromium', () => {
  let fixture: ConsoleFixture;
  beforeAll(async () => {
    fixture = await startConsoleFixture();
    await fixture.createUser('zhao.min', 'dispatcher', PASSWORD, '赵敏');
    await fixture.createUser('li.wei', 'duty-officer', PASSWORD, '李伟');
  });
  afterAll(async () => {
    await fixture?.stop();
  });

  it('a dispatcher adds a site, a box and a vehicle; a refused entry says why and changes nothing', async () => {
    const page = await fixture.newPage();
    await fixture.login(page, 'zhao.min', PASSWORD);
    await page.goto(`${fixture.baseUrl}/console/fleet`);
    expect(await page.textContent('h1')).toBe('车辆、款箱与网点');

    await page.fill('#site-form input[name="siteId"]', 'BR-009');
    await page.fill('#site-form input[name="name"]', '张江支行');
    await page.fill('#site-form input[name="lat"]', '31.2036');
    await page.fill('#site-form input[name="lon"]', '121.5906');
    await Promise.all([page.waitForURL(/saved=1/), page.click('#site-form button[type="submit"]')]);
    expect(await page.textContent('#sites-table tr[data-site-id="BR-009"]')).toContain('张江支行');

    await page.fill('#box-form input[name="epc"]', EPC.toLowerCase());
    await page.fill('#box-form input[name="label"]', '张江 7 号箱');
    await page.selectOption('#box-form select[name="homeSiteId"]', 'BR-009');
    await Promise.all([page.waitForURL(/saved=1/), page.click('#box-form button[type="submit"]')]);
    expect(fixture.app.store.boxes.get(EPC)).toMatchObject({
      label: '张江 7 号箱',
      homeSiteId: 'BR-009',
      retired: false,
    });
    await Promise.all([page.waitForURL(/saved=1/), page.click(`tr[data-epc="${EPC}"] form button`)]);
    expect(fixture.app.store.boxes.get(EPC)?.retired).toBe(true);

    // A box that is not an EPC is refused with the registry's reason; nothing is stored.
    await page.fill('#box-form input[name="epc"]', 'NOT-AN-EPC');
    await page.fill('#box-form input[name="label"]', 'x');
    const [refused] = await Promise.all([
      page.waitForResponse((r) => r.url().endsWith('/console/fleet/boxes')),
      page.click('#box-form button[type="submit"]'),
    ]);
    expect(refused.status()).toBe(400);
    expect(await page.textContent('#fleet-notice')).toContain('未保存');
    expect(fixture.app.store.boxes.list()).toHaveLength(1);

    await page.fill('#vehicle-form input[name="vehicleId"]', 'V7');
    await page.fill('#vehicle-form input[name="plate"]', '沪A·D7777');
    await page.fill('#vehicle-form input[name="tagEpc"]', 'E2801160600002A0000A0007');
    const [registered] = await Promise.all([
      page.waitForResponse((r) => r.url().endsWith('/console/fleet/vehicles')),
      page.click('#vehicle-form button[type="submit"]'),
    ]);
    expect(registered.headers()['cache-control']).toBe('no-store');
    const shown = (await page.textContent('#fleet-notice')) ?? '';
    const password = /：(\S+)$/.exec(shown.trim())?.[1] ?? '';
    expect(password.length).toBeGreaterThanOrEqual(16);
    expect(fixture.app.store.vehicles.get('V7')).toMatchObject({
      plate: '沪A·D7777',
      tagEpc: 'E2801160600002A0000A0007',
    });
    const trail = fixture.app.store.audit.list({ actor: 'zhao.min' });
    expect(trail.map((e) => e.action)).toEqual(
      expect.arrayContaining(['site.save', 'box.save', 'box.retire', 'vehicle.register']),
    );
    expect(JSON.stringify(trail)).not.toContain(password);
    expect(fixture.problems).toEqual([]);
  });

  it('a duty officer reads the registries but may not change them', async () => {
    const page = await fixture.newPage();
    await fixture.login(page, 'li.wei', PASSWORD);
    await page.goto(`${fixture.baseUrl}/console/fleet`);
    expect(await page.locator('#site-form').count()).toBe(0);
    const csrf = (await page.getAttribute('meta[name="csrf-token"]', 'content')) ?? '';
    const response = await page.request.post(`${fixture.baseUrl}/console/fleet/sites`, {
      form: {
        _csrf: csrf,
        siteId: 'BR-010',
        name: 'x',
        kind: 'branch',
        lat: '31',
        lon: '121',
        geofenceM: '150',
      },
      headers: { Origin: fixture.baseUrl },
    });
    expect(response.status()).toBe(403);
    expect(fixture.app.store.sites.get('BR-010')).toBeUndefined();
  });
});
