import { mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DayPlan } from '@vaultline/center/runs/day-plan';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FeedGateway, FeedVehicle } from '../../src/console/centre-feeds.ts';
import { type ConsoleFixture, startConsoleFixture } from '../../src/console/console-fixture.ts';
import { waitFor } from '../../src/harness/wait-for.ts';

const PASSWORD = 'a long passphrase for tests';
/** Screenshots for a person to look at (overwritten each run); `VAULTLINE_SCREENSHOTS=docs` is the demo's job. */
const SHOTS = join(tmpdir(), 'vaultline-console-browser');

const VAULT = { lat: 39.915, lon: 116.404 };
const BR1 = { lat: 39.915, lon: 116.44 };
const BR2 = { lat: 39.935, lon: 116.46 };
/** A straight polyline with a point every ~100 m. */
const line = (a: typeof VAULT, b: typeof VAULT, n = 30) =>
  Array.from({ length: n + 1 }, (_, i) => ({
    lat: a.lat + ((b.lat - a.lat) * i) / n,
    lon: a.lon + ((b.lon - a.lon) * i) / n,
  }));

function todaysPlan(now: number): DayPlan {
  const iso = (minutes: number) => new Date(now + minutes * 60_000).toISOString();
  return {
    date: new Date(now).toISOString().slice(0, 10),
    version: 1,
    runs: [
      {
        runId: 'R1',
        vehicleId: 'V1',
        crew: ['E1001', 'E1002'],
        route: [...line(VAULT, BR1), ...line(BR1, BR2).slice(1)],
        stops: [
          {
            seq: 1,
            siteId: 'VAULT-1',
            kind: 'dispatch',
            windowStart: iso(-60),
            windowEnd: iso(-30),
            boxes: [],
            position: VAULT,
          },
          {
            seq: 2,
            siteId: 'BR-001',
            kind: 'deliver',
            windowStart: iso(-10),
            windowEnd: iso(60),
            boxes: [],
            position: BR1,
          },
          {
            seq: 3,
            siteId: 'BR-002',
            kind: 'deliver',
            windowStart: iso(70),
            windowEnd: iso(120),
            boxes: [],
            position: BR2,
          },
        ],
      },
    ],
  };
}

/**
 * The runs and gateways pages in Chromium against the real centre: a vehicle publishing its position
 * over MQTT moves on the SVG map, a gateway's signed arrival updates the stop, a fix far off the route
 * turns the vehicle red (ROUTE_DEVIATION), and a gateway's status shows on the gateways page.
 */
describe('runs map and gateways, live', () => {
  let fixture: ConsoleFixture;
  let page: Page;
  let vehicle: FeedVehicle;
  let branch: FeedGateway;

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    // One fix off the route raises at once here, so the test needs no minute of real time.
    fixture = await startConsoleFixture({
      config: { rules: { routeMinOutsideMs: 0, routeMinOutsideFixes: 1 } },
    });
    const { app } = fixture;
    app.store.sites.save({
      siteId: 'VAULT-1',
      name: '总行金库',
      kind: 'vault',
      position: VAULT,
      geofenceM: 200,
    });
    app.store.sites.save({
      siteId: 'BR-001',
      name: '东单支行',
      kind: 'branch',
      position: BR1,
      geofenceM: 150,
    });
    app.store.sites.save({
      siteId: 'BR-002',
      name: '朝阳支行',
      kind: 'branch',
      position: BR2,
      geofenceM: 150,
    });
    app.loadDayPlan(todaysPlan(Date.now()));
    vehicle = await FeedVehicle.connect(app, 'V1', '京A·C1234');
    branch = await FeedGateway.connect(app, 'gw-BR-001', 'BR-001');
    await fixture.createUser('zhao.min', 'dispatcher', PASSWORD, '赵敏');
    page = await fixture.newPage();
    await fixture.login(page, 'zhao.min', PASSWORD);
    await page.goto(`${fixture.baseUrl}/console/runs`);
  });

  afterAll(async () => {
    await vehicle?.close();
    await branch?.close();
    await fixture?.stop();
  });

  const marker = () => page.locator('#route-map g.vehicle[data-vehicle="V1"]');

  it('draws the planned route, the vault and branches by name, and each stop with its state', async () => {
    expect(await page.locator('#route-map polyline.route[data-run="R1"]').count()).toBe(1);
    expect(await page.locator('#route-map .site-vault .site-label').allTextContents()).toEqual(['总行金库']);
    expect(await page.locator('#route-map .site-branch .site-label').allTextContents()).toEqual([
      '东单支行',
      '朝阳支行',
    ]);
    const states = await page.locator('#run-R1 .stops-table tbody tr .stop-state').allTextContents();
    expect(states[0]).toBe('迟到');
    expect(states.slice(1)).toEqual(['待到达', '待到达']);
    expect(await page.textContent('#run-R1 .run-vehicle')).toContain('V1 · 京A·C1234');
    expect(await marker().count()).toBe(0);
  });

  it('moves the vehicle on the map as its fixes arrive, without a reload', async () => {
    await page.evaluate(() => Object.assign(globalThis, { __sameDocument: true }));
    const start = Date.now();
    await vehicle.fix(VAULT.lat, VAULT.lon + 0.01, new Date(start).toISOString(), 38);
    await marker().waitFor();
    const first = await marker().getAttribute('transform');
    await vehicle.fix(BR1.lat, BR1.lon - 0.005, new Date(start + 30_000).toISOString(), 41);
    await waitFor(async () => (await marker().getAttribute('transform')) !== first, 'the marker to move');
    const [x1, x2] = [first, await marker().getAttribute('transform')].map((t) =>
      Number(/translate\(([\d.]+)/.exec(t ?? '')?.[1]),
    );
    expect(x2).toBeGreaterThan(x1 as number);
    expect(await page.textContent('[data-vehicle-position="V1"]')).toMatch(/\d\d:\d\d:\d\d · 41 km\/h/);
    expect(await page.evaluate(() => (globalThis as { __sameDocument?: boolean }).__sameDocument)).toBe(true);
  });

  it("updates a stop when the branch gateway's signed arrival comes in", async () => {
    await branch.publish('vehicle.arrived', { runId: 'R1', stopSeq: 2, handoverId: 'H-1', vehicleId: 'V1' });
    await page.locator('#run-R1 tr[data-seq="2"] .stop-arrived').waitFor();
    expect(await page.textContent('#run-R1 tr[data-seq="2"] .stop-state')).toBe('已到达');
  });

  it('turns a vehicle off its route red on the map and on its run', async () => {
    await vehicle.fix(BR1.lat + 0.03, BR1.lon, new Date(Date.now() + 60_000).toISOString(), 52);
    await page.locator('#route-map g.vehicle.deviating[data-vehicle="V1"]').waitFor();
    // It left the drawn area: the map was drawn again around it, so it is on screen.
    const [width, height] = ((await page.getAttribute('#route-map', 'viewBox')) ?? '')
      .split(' ')
      .slice(2)
      .map(Number);
    const [x, y] =
      /translate\(([\d.]+) ([\d.]+)\)/
        .exec((await marker().getAttribute('transform')) ?? '')
        ?.slice(1)
        .map(Number) ?? [];
    expect(x).toBeGreaterThanOrEqual(0);
    expect(x).toBeLessThanOrEqual(width as number);
    expect(y).toBeGreaterThanOrEqual(0);
    expect(y).toBeLessThanOrEqual(height as number);
    expect(await page.getAttribute('#run-R1', 'class')).toContain('deviating');
    expect(await page.isVisible('#run-R1 .deviation-flag')).toBe(true);
    await page.screenshot({ path: join(SHOTS, 'console-runs.png'), fullPage: true });
  });

  it("shows a gateway's connection, devices and backlog", async () => {
    await branch.status({
      online: true,
      devices: {
        'fp-door': { kind: 'fingerprint', online: true },
        'rfid-zone': { kind: 'rfid', online: false, reason: 'no answer' },
      },
      backlog: 3,
      backlogDetail: { count: 3, oldestAgeS: 40, bytes: 2048, limitBytes: 1_000_000_000 },
      lastSeq: 1,
    });
    await waitFor(() => fixture.app.monitor.get('gw-BR-001')?.online === true, 'the status at the centre');
    await page.goto(`${fixture.baseUrl}/console/gateways`);
    const row = page.locator('tr[data-gateway="gw-BR-001"]');
    expect(await row.locator('.conn').textContent()).toBe('在线');
    expect(await row.textContent()).toContain('东单支行 (BR-001)');
    expect(await row.locator('.device.bad .device-name').textContent()).toBe('rfid-zone');
    expect(await row.textContent()).toContain('3 条 · 最早 40 秒 · 2.0 KiB');
    await branch.status({ online: false });
    await page.locator('tr[data-gateway="gw-BR-001"] .conn-offline').waitFor();
    await page.screenshot({ path: join(SHOTS, 'console-gateways.png'), fullPage: true });
    expect(fixture.problems).toEqual([]);
  });
});
