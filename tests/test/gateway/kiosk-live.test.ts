import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type BrowserContext, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitFor } from '../../src/harness/wait-for.ts';
import { BOXES, PEOPLE, VEHICLES } from '../../src/scenario/day-plan.ts';
import { GatewayScenario } from '../../src/scenario/gateway-scenario.ts';

/**
 * The branch kiosk in real Chromium against the real gateway on simulated devices: what the branch
 * manager sees while a delivery runs, and the one thing they do in it (the photo check). Screenshots go
 * for people to look at: to a temp folder, or to docs/screenshots/ (the README's pictures) when the run
 * sets VAULTLINE_SCREENSHOTS=docs — so a test run never changes tracked files by accident.
 */

const SCREENSHOTS =
  process.env.VAULTLINE_SCREENSHOTS === 'docs'
    ? fileURLToPath(new URL('../../../docs/screenshots/', import.meta.url))
    : join(tmpdir(), 'vaultline-kiosk-screenshots');
const PLATE = VEHICLES[0]!.plate;

let s: GatewayScenario;
let profile: string;
let context: BrowserContext;
let page: Page;
let strings: Record<'zh' | 'en', Record<string, string>>;
const problems: string[] = [];

beforeAll(async () => {
  mkdirSync(SCREENSHOTS, { recursive: true });
  s = await GatewayScenario.start({ siteId: 'BR-001' });
  strings = (await (await fetch(`${s.app!.kiosk.url}/i18n.json`)).json()) as typeof strings;
  profile = mkdtempSync(join(tmpdir(), 'vl-kiosk-live-'));
  context = await chromium.launchPersistentContext(profile, {
    executablePath: '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
    viewport: { width: 1600, height: 1000 },
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
  });
  page = context.pages()[0] ?? (await context.newPage());
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(message.text());
  });
  page.on('pageerror', (error) => problems.push(error.message));
  await page.goto(s.app!.kiosk.url);
}, 60_000);

afterAll(async () => {
  await context?.close();
  await s?.stop();
  if (profile) rmSync(profile, { recursive: true, force: true });
});

const zh = (key: string) => strings.zh[key] ?? key;
const en = (key: string) => strings.en[key] ?? key;
const text = async (selector: string) => (await page.locator(selector).first().textContent())?.trim();
const shows = (selector: string, hasText: string) =>
  page.locator(selector, { hasText }).first().waitFor({ timeout: 15_000 });
const screenshot = (name: string) => page.screenshot({ path: join(SCREENSHOTS, name), fullPage: true });
const progressText = (lang: 'zh' | 'en', scanned: number, expected: number) =>
  strings[lang]
    ['boxes.progress']!.replace('{scanned}', String(scanned))
    .replace('{expected}', String(expected));

/** The photos on a crew card: where each sits on screen and whether the browser decoded it. */
function cardPhotos(personId: string) {
  return page.$$eval(`.crew-card[data-person="${personId}"] figure`, (figures) =>
    figures.map((figure) => {
      const img = figure.querySelector('img') as unknown as {
        complete: boolean;
        naturalWidth: number;
        getAttribute(name: string): string | null;
      } | null;
      const box = figure.getBoundingClientRect();
      return {
        kind: figure.classList.contains('photo-stored') ? 'stored' : 'live',
        src: img?.getAttribute('src') ?? null,
        loaded: img ? img.complete && img.naturalWidth > 0 : false,
        x: box.x,
        y: box.y,
        width: box.width,
      };
    }),
  );
}

describe('the branch kiosk in Chromium while a delivery runs on simulated devices', () => {
  it('announces the arriving vehicle with its plate, in Chinese by default', async () => {
    await shows('#stops', PLATE);
    expect(await page.getAttribute('html', 'lang')).toBe('zh-CN');
    await s.vehicleArrives(VEHICLES[0]!.tagEpc);
    await shows('#plate', PLATE);
    expect(await text('.arrival-label')).toBe(zh('arrival.title'));
    expect(await text('.arrival .phase-badge')).toBe(zh('phase.crew-auth'));
    await screenshot('kiosk-arrival.png');
  });

  it('shows each escort with the stored photo beside the live capture; the manager accepts in the page', async () => {
    for (const escort of ['E1001', 'E1002']) {
      // The person at the door is who the door camera sees.
      const person = PEOPLE.find((p) => p.personId === escort)!;
      await s.sim.control.setScene('cam-door', `${person.employeeNo} ${person.latin}`);
      await s.touch('fp-door', s.fingerOf(escort));
    }
    for (const escort of ['E1001', 'E1002']) {
      const photos = await waitFor(async () => {
        const found = await cardPhotos(escort);
        return found.length === 2 && found.every((p) => p.loaded) && found;
      }, `both photos of ${escort} decoded`);
      const [stored, live] = photos;
      expect(stored).toMatchObject({ kind: 'stored', src: `/people/${escort}/photo.jpg` });
      expect(live?.kind).toBe('live');
      expect(live?.src).toMatch(/^\/captures\/.+\.jpg$/);
      // Beside, not below: same row, the live capture to the right of the stored photo.
      expect(Math.abs(live!.y - stored!.y)).toBeLessThan(5);
      expect(live!.x).toBeGreaterThanOrEqual(stored!.x + stored!.width);
    }
    await shows('.crew-card[data-person="E1002"] .btn-accept', zh('crew.accept'));
    await screenshot('kiosk-crew.png');

    for (const escort of ['E1001', 'E1002']) {
      await page.locator(`.crew-card[data-person="${escort}"] .btn-accept`).click();
      await shows(`.crew-card[data-person="${escort}"] .state-badge`, zh('crew.state.verified'));
    }
    // The page's clicks are the photo check the engine waited for: the crew door unlocks.
    await waitFor(async () => {
      const state = (await s.sim.control.device('mantrap')).state as { relays: boolean[] };
      return state.relays[0];
    }, 'crew door unlocked');
    await shows('.arrival .phase-badge', zh('phase.door'));
  });

  it('counts boxes live, expected vs scanned, and raises WRONG_BOX for a box of another branch', async () => {
    await s.crewWalksThroughDoor();
    await shows('#box-progress', progressText('zh', 0, 2));
    await s.boxesInZone([BOXES.b1]);
    await shows('#box-progress', progressText('zh', 1, 2));
    expect(await text('[data-count="outstanding"] .count-n')).toBe('1');

    await s.boxesInZone([BOXES.b1, BOXES.b3]);
    await s.waitForEvent('alarm.raised', (e) => e.body.kind === 'WRONG_BOX');
    await shows('#alarm-strip', zh('alarm.WRONG_BOX'));
    await shows('#alarms .alarm-kind', zh('alarm.WRONG_BOX'));
    await shows('.box-rejected', BOXES.b3.slice(0, 4));
    expect(await text('[data-count="rejected"] .count-n')).toBe('1');
    expect(await text('#box-progress')).toBe(progressText('zh', 1, 2));
    await screenshot('kiosk-boxes-alarm.png');

    await s.boxesInZone([BOXES.b1, BOXES.b2, BOXES.b3]);
    await shows('#box-progress', progressText('zh', 2, 2));
  });

  it('switches to English', async () => {
    await page.locator('#lang').click();
    expect(await page.getAttribute('html', 'lang')).toBe('en');
    await shows('#box-progress', progressText('en', 2, 2));
    expect(await text('.arrival-label')).toBe(en('arrival.title'));
    expect(await text('#alarm-strip .alarm-strip-kind')).toBe(en('alarm.WRONG_BOX'));
    expect(await text('.crew-card[data-person="E1001"] .state-badge')).toBe(en('crew.state.verified'));
    expect(await text('#lang')).toBe(en('lang.switch'));
    expect(await text('#plate')).toBe(PLATE);
    expect(problems).toEqual([]);
  });
});
