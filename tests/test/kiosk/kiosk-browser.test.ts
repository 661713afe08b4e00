import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type KioskServer, startKiosk } from '@vaultline/gateway/kiosk/kiosk-server';
import { silentLogger, VaultlineError } from '@vaultline/shared';
import { type BrowserContext, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { BOXES, PLATE, ScriptedBackend } from './scripted-backend.ts';

/**
 * Real Chromium against the real kiosk server; the scripted backend plays the gateway runtime. The
 * screenshots stay in a fixed temp folder (overwritten each run) for a person to look at.
 */
const dir = join(tmpdir(), 'vaultline-kiosk-browser');
mkdirSync(dir, { recursive: true });
const profile = mkdtempSync(join(dir, 'profile-'));
let backend: ScriptedBackend;
let kiosk: KioskServer;
let context: BrowserContext;
let page: Page;
const problems: string[] = [];

beforeAll(async () => {
  backend = new ScriptedBackend();
  kiosk = await startKiosk({ backend, port: 0, logger: silentLogger });
  context = await chromium.launchPersistentContext(profile, {
    executablePath: '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
    viewport: { width: 1600, height: 1000 },
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
  });
  page = context.pages()[0] ?? (await context.newPage());
  // A CSP violation or a script error shows up here: the page must run clean under its own policy.
  // (Chromium also logs every non-2xx answer; the refusal this test provokes on purpose is a 409.)
  page.on('console', (message) => {
    if (message.type() === 'error' && !message.text().includes('status of 409'))
      problems.push(message.text());
  });
  page.on('pageerror', (error) => problems.push(error.message));
  await page.goto(kiosk.url);
});

afterAll(async () => {
  await context?.close();
  await kiosk?.close();
  rmSync(profile, { recursive: true, force: true });
});

const text = (selector: string) => page.locator(selector).first().textContent();
const shows = (selector: string, hasText: string) => page.locator(selector, { hasText }).first().waitFor();

/** What is read of an <img> (this package compiles without the DOM typings). */
type Decoded = { complete: boolean; naturalWidth: number };

/** Every photo on the crew cards, with whether the browser decoded it. */
const crewImages = () =>
  page.$$eval('.crew-card img', (images) =>
    images.map((img) => ({
      src: img.getAttribute('src'),
      kind: img.closest('figure')?.classList.contains('photo-stored') ? 'stored' : 'live',
      person: img.closest('.crew-card')?.getAttribute('data-person'),
      loaded: (img as unknown as Decoded).complete && (img as unknown as Decoded).naturalWidth > 0,
    })),
  );

describe('kiosk in Chromium', () => {
  it("opens in Chinese with today's stops and a live connection", async () => {
    await shows('#stops', PLATE);
    expect(await page.getAttribute('html', 'lang')).toBe('zh-CN');
    expect(await text('h2[data-i18n="stops.title"]')).toBe('今日交接任务');
    await shows('#conn', '实时连接');
    expect(await text('#stage')).toContain('等待运钞车到达');
    expect(await text('#plan')).toContain('第 3 版');
    await page.screenshot({ path: join(dir, 'kiosk-idle.png') });
  });

  it("registers a vehicle's arrival by hand, and shows the gateway's refusal in words", async () => {
    await page.getByRole('button', { name: '车辆已到达（手动登记）' }).click();
    const choice = (plate: string) => page.locator('#dialog .btn-choice', { hasText: plate });
    backend.refuse = new VaultlineError('VEHICLE_NOT_DUE', 'vehicle V2 is not due here before 13:00');
    await choice('沪B·D5678').click();
    await shows('#toast', '操作未执行：vehicle V2 is not due here before 13:00');
    expect(await page.isVisible('#dialog')).toBe(true);
    backend.refuse = undefined;
    await choice(PLATE).click();
    await vi.waitFor(() => expect(backend.actions).toEqual([{ type: 'manual-arrival', vehicleId: 'V1' }]));
    await page.locator('#dialog').waitFor({ state: 'hidden' });
  });

  it('shows the arriving vehicle with its plate and announces it', async () => {
    backend.arrive();
    await shows('#plate', PLATE);
    expect(await text('.arrival')).toContain('运钞车已到达');
    await shows('.announcement', `运钞车 ${PLATE} 已到达`);
    expect(await text('#prompt')).toContain('请押运员依次在门禁指纹仪上按指纹');
  });

  it('shows both escorts with the stored photo beside the live capture, and sends the photo check', async () => {
    backend.fingerprintsMatched('pending');
    await vi.waitFor(
      async () => expect((await crewImages()).filter((image) => image.loaded)).toHaveLength(4),
      {
        timeout: 10_000,
      },
    );
    expect(await crewImages()).toEqual([
      { src: '/people/E1001/photo.jpg', kind: 'stored', person: 'E1001', loaded: true },
      { src: '/captures/cap-E1001.jpg', kind: 'live', person: 'E1001', loaded: true },
      { src: '/people/E1002/photo.jpg', kind: 'stored', person: 'E1002', loaded: true },
      { src: '/captures/cap-E1002.jpg', kind: 'live', person: 'E1002', loaded: true },
    ]);
    expect(await text('.crew-card[data-person="E1001"]')).toContain('张伟');
    await page.screenshot({ path: join(dir, 'kiosk-photo-check.png') });
    await page.locator('.crew-card[data-person="E1001"] .btn-accept').click();
    await vi.waitFor(() =>
      expect(backend.actions).toContainEqual({ type: 'photo-check', personId: 'E1001', accepted: true }),
    );
    backend.fingerprintsMatched('accepted');
    await shows('.crew-card[data-person="E1002"] .state-badge', '已验证');
  });

  it('updates the box counts as boxes are scanned', async () => {
    backend.boxesScanned(1);
    await shows('#box-progress', '已扫描 1 / 5');
    backend.boxesScanned(3);
    await shows('#box-progress', '已扫描 3 / 5');
    expect(await text('[data-count="scanned"] .count-n')).toBe('3');
    expect(await text('[data-count="outstanding"] .count-n')).toBe('2');
    expect(await page.locator('.box-grid .box-scanned').count()).toBe(3);
    expect(await page.locator('.box-grid .box-expected').count()).toBe(BOXES.length - 3);
  });

  it('raises a wrong-box alarm that cannot be missed', async () => {
    backend.wrongBox();
    await shows('#alarm-strip', '错箱');
    expect(await page.isVisible('#alarm-strip')).toBe(true);
    expect(await text('#alarm-strip')).toContain('1 条报警未解除');
    await shows('#alarms .alarm.sev-critical', '错箱');
    expect(await text('[data-count="rejected"] .count-n')).toBe('1');
    expect(await page.locator('.box-grid .box-rejected').count()).toBe(1);
    const background = await page.evaluate(
      "getComputedStyle(document.querySelector('#alarm-strip')).backgroundColor",
    );
    expect(background).toMatch(/^rgb\((1[0-9]{2}|2[0-9]{2}), \d{1,2}, \d{1,2}\)$/);
    await page.screenshot({ path: join(dir, 'kiosk-zh.png'), fullPage: true });
  });

  it('sends "go to confirmation" from its button', async () => {
    await page.getByRole('button', { name: '进入确认' }).click();
    await vi.waitFor(() => expect(backend.actions).toContainEqual({ type: 'request-confirmation' }));
  });

  it('switches to English and remembers it across a reload', async () => {
    await page.click('#lang');
    await shows('#box-progress', 'Scanned 3 / 5');
    expect(await page.getAttribute('html', 'lang')).toBe('en');
    expect(await text('#alarm-strip')).toContain('Wrong box');
    expect(await text('.arrival')).toContain('Cash van arrived');
    await page.reload();
    await shows('#box-progress', 'Scanned 3 / 5');
    expect(await text('h2[data-i18n="stops.title"]')).toBe("Today's hand-overs");
    await page.screenshot({ path: join(dir, 'kiosk-en.png'), fullPage: true });
  });

  it('ran without script errors or policy violations', () => {
    expect(problems).toEqual([]);
  });

  it('says when the gateway is gone and reconnects by itself when it is back', async () => {
    const port = Number(new URL(kiosk.url).port);
    await kiosk.close();
    await shows('#conn', 'Connection lost');
    backend.boxesScanned(4);
    kiosk = await startKiosk({ backend, port, logger: silentLogger });
    await shows('#conn', 'Live');
    await shows('#box-progress', 'Scanned 4 / 5');
  });
});
