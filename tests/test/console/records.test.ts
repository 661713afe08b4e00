import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ConsoleFixture, startConsoleFixture } from '../../src/console/console-fixture.ts';
import { alterCentreEvent } from '../../src/system/store-files.ts';
import { COLLECTION, DELIVERY, EPCS, FORMULA_REASON, GATEWAY, seedRecords } from './records-seed.ts';

const PASSWORD = 'correct horse battery staple';

/** What a click on a download link saved. */
async function download(page: Page, selector: string): Promise<Buffer> {
  const [file] = await Promise.all([page.waitForEvent('download'), page.click(selector)]);
  return readFileSync((await file.path()) as string);
}

describe('hand-over records in Chromium', () => {
  let fixture: ConsoleFixture;
  let deliverySeq: number;
  let recordHash: string;
  beforeAll(async () => {
    fixture = await startConsoleFixture();
    await fixture.createUser('sun.li', 'auditor', PASSWORD, '孙丽');
    await fixture.createUser('zhou.qi', 'dispatcher', PASSWORD, '周琦');
    const seeded = seedRecords(fixture.app);
    deliverySeq = seeded.deliverySeq;
    recordHash = seeded.chain[deliverySeq - 1]!.hash;
  });
  afterAll(async () => {
    await fixture?.stop();
  });

  it('an auditor finds a record, verifies its chain, and downloads it as CSV and PDF', async () => {
    const page = await fixture.newPage();
    await fixture.login(page, 'sun.li', PASSWORD);
    await page.goto(`${fixture.baseUrl}/console/records`);
    expect(await page.textContent('h1')).toBe('交接记录');
    const ids = () =>
      page
        .locator('#records-table tbody tr')
        .evaluateAll((rows) => rows.map((row) => row.getAttribute('data-handover-id')));
    expect(await ids()).toEqual([COLLECTION.handoverId, DELIVERY.handoverId]);

    // Search by a box that went missing: only the delivery has it.
    await page.fill('input[name="epc"]', EPCS[2]!.toLowerCase());
    await Promise.all([page.waitForURL(/epc=/), page.click('.records-search button[type="submit"]')]);
    expect(await ids()).toEqual([DELIVERY.handoverId]);

    const csv = (await download(page, '#records-csv')).toString('utf8');
    expect(csv.startsWith('\uFEFF')).toBe(true);
    const [header, row] = csv.slice(1).split('\r\n');
    expect(header?.split(',')[0]).toBe('交接编号');
    expect(row).toContain(DELIVERY.handoverId);
    expect(row).toContain(recordHash);
    expect(row).toContain(`"'${FORMULA_REASON.replaceAll('"', '""')}"`);

    await Promise.all([
      page.waitForURL(`**/console/records/${GATEWAY}/${deliverySeq}`),
      page.click('#records-table a.btn'),
    ]);
    expect(await page.textContent('h1')).toBe(`交接 ${DELIVERY.handoverId}`);
    expect(await page.textContent('#record-hash')).toBe(recordHash);
    // The stored photo beside the id of the face captured at the door (the capture stays at the gateway).
    const zhang = page.locator('.crew-card[data-person-id="E1001"]');
    expect(await zhang.locator('.photo-kept').textContent()).toContain('CAP-E1001-0001');
    const photo = await zhang
      .locator('img.photo')
      .evaluate((img: { src: string; naturalWidth: number }) => ({ src: img.src, width: img.naturalWidth }));
    expect(photo.width).toBe(120);
    const served = await page.request.get(photo.src);
    expect(served.headers()['content-type']).toBe('image/jpeg');
    expect(served.headers()['cache-control']).toBe('no-store');
    expect(await page.locator('tr.box-missing').textContent()).toContain(EPCS[2]);

    await Promise.all([
      page.waitForResponse((r) => r.url().endsWith('/verify')),
      page.click('#verify-form button'),
    ]);
    const result = page.locator('#verify-result');
    expect(await result.getAttribute('data-ok')).toBe('true');
    expect(await result.textContent()).toContain(`事件链校验通过：${GATEWAY} 序号 1–5`);

    const pdf = await download(page, '#record-pdf');
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');

    const trail = fixture.app.store.audit
      .list({ actor: 'sun.li' })
      .map((entry) => [entry.action, entry.detail?.ok ?? entry.detail?.count ?? '']);
    expect(trail).toEqual(
      expect.arrayContaining([
        ['record.export.csv', 1],
        ['record.chain.verify', true],
        ['record.export.pdf', ''],
      ]),
    );
    expect(fixture.problems).toEqual([]);
  });

  it('a record altered in the centre database shows the first bad link in red', async () => {
    alterCentreEvent(fixture.app.store.path, GATEWAY, deliverySeq, '$.body.boxes.missing', []);
    const page = await fixture.newPage();
    await fixture.login(page, 'sun.li', PASSWORD);
    await page.goto(`${fixture.baseUrl}/console/records/${GATEWAY}/${deliverySeq}`);
    await Promise.all([
      page.waitForResponse((r) => r.url().endsWith('/verify')),
      page.click('#verify-form button'),
    ]);
    const result = page.locator('#verify-result');
    expect(await result.getAttribute('data-ok')).toBe('false');
    expect(await result.getAttribute('data-seq')).toBe(String(deliverySeq));
    expect(await result.getAttribute('data-problem')).toBe('hash');
    const text = await result.textContent();
    expect(text).toContain(
      `事件链校验失败：${GATEWAY} 序号 ${deliverySeq}：事件内容与其哈希不符（已被修改）`,
    );
    expect(text).toContain(`序号 ${deliverySeq - 1} 及之前的事件校验通过`);
    const audit = fixture.app.store.audit
      .list({ actor: 'sun.li' })
      .find((e) => e.action === 'record.chain.verify' && e.detail?.ok === false);
    expect(audit?.detail).toMatchObject({ problem: 'hash', seq: deliverySeq });
    expect(fixture.problems).toEqual([]);
  });

  it('a dispatcher reads records but may neither verify nor export', async () => {
    const page = await fixture.newPage();
    await fixture.login(page, 'zhou.qi', PASSWORD);
    await page.goto(`${fixture.baseUrl}/console/records/${GATEWAY}/${deliverySeq}`);
    expect(await page.locator('#verify-form').count()).toBe(0);
    expect(await page.locator('#record-pdf').count()).toBe(0);
    const pdf = await page.request.get(
      `${fixture.baseUrl}/console/records/${GATEWAY}/${deliverySeq}/report.pdf`,
    );
    expect(pdf.status()).toBe(403);
    const csv = await page.request.get(`${fixture.baseUrl}/console/records/export.csv`);
    expect(csv.status()).toBe(403);
  });
});
