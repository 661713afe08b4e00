import { encodeSceneJpeg } from '@vaultline/firmware-sim/devices/camera/scene-image';
import { templateBase64 } from '@vaultline/firmware-sim/devices/fingerprint/finger-templates';
import { sealPersonnelFile } from '@vaultline/shared/personnel/personnel-seal';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ConsoleFixture, startConsoleFixture } from '../../src/console/console-fixture.ts';

const PASSWORD = 'correct horse battery staple';
const portrait = (label: string) =>
  Buffer.from(
    encodeSceneJpeg({ label, caption: 'PORTRAIT', timestamp: '', width: 120, height: 160 }, 80),
  ).toString('base64');

/** What an escort company seals for the centre: two escorts with photo and fingerprint templates. */
function personnelFile() {
  return {
    v: 1,
    company: '申城押运',
    issuedAt: '2026-05-13T08:00:00.000Z',
    people: [
      {
        personId: 'E2001',
        name: '陈刚',
        employeeNo: 'YS-2001',
        role: 'escort',
        photoJpeg: portrait('CHEN GANG'),
        templates: [templateBase64('E2001-R1'), templateBase64('E2001-L1')],
      },
      {
        personId: 'E2002',
        name: '刘洋',
        employeeNo: 'YS-2002',
        role: 'escort',
        photoJpeg: portrait('LIU YANG'),
        templates: [templateBase64('E2002-R1')],
      },
    ],
  };
}

/** The same file with one character of its ciphertext changed on the way. */
function tamper(sealed: string): string {
  const parts = sealed.split('.');
  const ciphertext = parts[3] ?? '';
  parts[3] = `${ciphertext[0] === 'A' ? 'B' : 'A'}${ciphertext.slice(1)}`;
  return parts.join('.');
}

async function importSealed(page: Page, sealed: string): Promise<number> {
  await page.fill('#personnel-sealed', sealed);
  const [response] = await Promise.all([
    page.waitForResponse((r) => r.url().endsWith('/console/people/import')),
    page.click('#personnel-import-form button[type="submit"]'),
  ]);
  await page.waitForLoadState();
  return response.status();
}

describe('people in Chromium', () => {
  let fixture: ConsoleFixture;
  let sealed: string;
  beforeAll(async () => {
    fixture = await startConsoleFixture();
    await fixture.createUser('zhao.min', 'dispatcher', PASSWORD, '赵敏');
    await fixture.createUser('sun.li', 'auditor', PASSWORD, '孙丽');
    sealed = await sealPersonnelFile(personnelFile(), fixture.app.keys.encryptionPublicKey);
  });
  afterAll(async () => {
    await fixture?.stop();
  });

  it('refuses a tampered personnel file clearly and stores nothing, then imports the sealed one', async () => {
    const page = await fixture.newPage();
    await fixture.login(page, 'zhao.min', PASSWORD);
    await page.goto(`${fixture.baseUrl}/console/people`);

    expect(await importSealed(page, tamper(sealed))).toBe(400);
    expect(await page.getAttribute('#import-result', 'data-code')).toBe('PERSONNEL_DECRYPT');
    expect(await page.textContent('#import-result .lead')).toBe(
      '人员文件被拒绝：无法用本中心密钥解密——文件在传输中被篡改，或是加密给了其他中心。未导入任何内容。',
    );
    expect(fixture.app.store.people.list()).toEqual([]);
    expect(fixture.app.store.audit.list({ actor: 'zhao.min' }).map((e) => e.action)).toContain(
      'personnel.import.refused',
    );

    expect(await importSealed(page, sealed)).toBe(200);
    expect(await page.getAttribute('#import-result', 'data-ok')).toBe('true');
    expect(await page.textContent('#import-result')).toContain(
      '已导入 申城押运 的人员文件：新增 2 人，更新 0 人，指纹模板 3 个',
    );
    const rows = page.locator('#people-table tbody tr');
    expect(await rows.evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-person-id')))).toEqual([
      'E2001',
      'E2002',
    ]);
    expect(await page.getAttribute('tr[data-person-id="E2001"] [data-templates]', 'data-templates')).toBe(
      '2',
    );
    const thumb = await page
      .locator('tr[data-person-id="E2001"] img.thumb')
      .evaluate((img: { naturalWidth: number }) => img.naturalWidth);
    expect(thumb).toBe(120);

    // The very same file again is refused as a repeat.
    expect(await importSealed(page, sealed)).toBe(400);
    expect(await page.getAttribute('#import-result', 'data-code')).toBe('PERSONNEL_ALREADY_IMPORTED');
    expect(fixture.problems).toEqual([]);
  });

  it('enrols a photo and a template at the centre, audited without the biometric data', async () => {
    const page = await fixture.newPage();
    await fixture.login(page, 'zhao.min', PASSWORD);
    await page.goto(`${fixture.baseUrl}/console/people/E2002`);
    await page.fill('#person-form input[name="company"]', '浦江押运');
    await Promise.all([page.waitForURL(/saved=1/), page.click('#person-form button[type="submit"]')]);
    expect(fixture.app.store.people.get('E2002')?.company).toBe('浦江押运');
    const jpeg = Buffer.from(portrait('LIU YANG NEW'), 'base64');
    await page.setInputFiles('#enrol-form input[type="file"]', {
      name: 'liu.jpg',
      mimeType: 'image/jpeg',
      buffer: jpeg,
    });
    await page.waitForFunction(
      () =>
        (
          globalThis as unknown as { document: { getElementById(id: string): { value: string } } }
        ).document.getElementById('enrol-photo').value.length > 0,
    );
    const template = templateBase64('E2002-L1');
    await page.fill('#enrol-template', template);
    await page.fill('#enrol-form input[name="slot"]', '1');
    await Promise.all([
      page.waitForResponse((r) => r.url().endsWith('/enrol')),
      page.click('#enrol-form button[type="submit"]'),
    ]);
    expect(await page.textContent('.notice-ok')).toContain('已采集：照片、第 1 位指纹模板');
    const person = fixture.app.store.people.get('E2002');
    expect(person?.templateCount).toBe(2);
    expect(Buffer.from(fixture.app.store.people.photo('E2002') ?? []).equals(jpeg)).toBe(true);
    const entry = fixture.app.store.audit
      .list({ actor: 'zhao.min' })
      .find((e) => e.action === 'person.enrol');
    expect(entry).toMatchObject({ target: 'E2002', detail: { photo: true, templateSlot: 1 } });
    const actions = fixture.app.store.audit.list({ actor: 'zhao.min' }).map((e) => e.action);
    expect(actions).toContain('person.update');
    expect(JSON.stringify(entry)).not.toContain(template.slice(0, 16));
    expect(fixture.problems).toEqual([]);
  });

  it('an auditor sees people but may not import (403)', async () => {
    const page = await fixture.newPage();
    await fixture.login(page, 'sun.li', PASSWORD);
    await page.goto(`${fixture.baseUrl}/console/people`);
    expect(await page.locator('#personnel-import-form').count()).toBe(0);
    const csrf = (await page.getAttribute('meta[name="csrf-token"]', 'content')) ?? '';
    const response = await page.request.post(`${fixture.baseUrl}/console/people/import`, {
      form: { _csrf: csrf, sealed },
      headers: { Origin: fixture.baseUrl },
    });
    expect(response.status()).toBe(403);
    const denied = fixture.app.store.audit
      .list({ actor: 'sun.li' })
      .find((e) => e.action === 'console.denied');
    expect(denied?.target).toBe('POST /console/people/import');
  });
});
