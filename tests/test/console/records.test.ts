import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ConsoleFixture, startConsoleFixture } from '../../src/console/console-fixture.ts';
import { alterCentreEvent } from '../../src/system/store-files.ts';
import {
  CAPTURE_ID,
  CAPTURED_JPEG,
  COLLECTION,
  DELIVERY,
  EPCS,
  FORMULA_REASON,
  GATEWAY,
  seedRecords,
} from './records-seed.ts';

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
    // The seeded day lies months back: a year's retention keeps its captured face.
    fixture = await startConsoleFixture({ config: { faceRetentionDays: 365 } });
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
    // The stored photo beside the face captured at the door: named by its capture id until it arrives.
    const zhang = page.locator('.crew-card[data-person-id="E1001"]');
    const pending = await zhang.locator('figure.captured .photo-pending').textContent();
    expect(pending).toContain('尚未从网关收到');
    expect(pending).toContain(CAPTURE_ID);
    const image = (selector: string) =>
      zhang.locator(selector).evaluate((img: { src: string; naturalWidth: number }) => ({
        src: img.src,
        width: img.naturalWidth,
      }));
    const photo = await image('figure.stored img.photo');
    expect(photo.width).toBe(120);
    const served = await page.request.get(photo.src);
    expect(served.headers()['content-type']).toBe('image/jpeg');
    expect(served.headers()['cache-control']).toBe('no-store');

    // The gateway's face message arrives; the centre keeps it against the signed face.captured.
    fixture.app.faces.receive(
      GATEWAY,
      Buffer.from(
        JSON.stringify({
          captureId: CAPTURE_ID,
          handoverId: DELIVERY.handoverId,
          personId: 'E1001',
          jpegBase64: Buffer.from(CAPTURED_JPEG).toString('base64'),
        }),
      ),
    );
    expect(fixture.app.faces.metrics()).toMatchObject({ stored: 1, refused: 0 });
    // reload() waits for the load event: the images have loaded (or failed) by then.
    await page.reload();
    const captured = await image('figure.captured img.photo-captured');
    expect(captured.width).toBe(160);
    expect((await image('figure.stored img.photo')).width).toBe(120);
    const face = await page.request.get(captured.src);
    expect(face.headers()['content-type']).toBe('image/jpeg');
    expect(face.headers()['cache-control']).toBe('no-store');
    expect(Buffer.from(await face.body()).equals(Buffer.from(CAPTURED_JPEG))).toBe(true);
    expect(await page.locator('.crew-card[data-person-id="E1002"] figure.captured').textContent()).toContain(
      '无抓拍记录',
    );
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
        ['record.face.view', ''],
      ]),
    );
    const views = fixture.app.store.audit
      .list({ actor: 'sun.li' })
      .filter((e) => e.action === 'record.face.view');
    expect(views[0]).toMatchObject({
      target: `${GATEWAY}/${CAPTURE_ID}`,
      detail: { handoverId: DELIVERY.handoverId, personId: 'E1001', seq: deliverySeq },
    });
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
