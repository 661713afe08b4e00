import { mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { templateForFinger } from '@vaultline/firmware-sim/devices/fingerprint/finger-templates';
import { decryptWithX25519 } from '@vaultline/shared/crypto/jwe-x25519';
import { generateEncryptionKeyPair, writeKeyPair } from '@vaultline/shared/crypto/keys';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type KioskBrowser, openKioskBrowser } from '../../src/harness/kiosk-browser.ts';
import { waitFor } from '../../src/harness/wait-for.ts';
import { GatewayScenario } from '../../src/scenario/gateway-scenario.ts';

/**
 * The kiosk's enrolment panel in real Chromium against the real gateway: the branch manager enrols a
 * teller's second finger at the zone reader, in Chinese, as they would at the counter.
 */
const SCREENSHOTS =
  process.env.VAULTLINE_SCREENSHOTS === 'docs'
    ? fileURLToPath(new URL('../../../docs/screenshots/', import.meta.url))
    : join(tmpdir(), 'vaultline-kiosk-screenshots');
const centre = generateEncryptionKeyPair();
let s: GatewayScenario;
let browser: KioskBrowser;
let page: Page;
let zh: Record<string, string>;

beforeAll(async () => {
  mkdirSync(SCREENSHOTS, { recursive: true });
  s = await GatewayScenario.start({ siteId: 'BR-001', startGateway: false, fingerprintPollMs: 50 });
  s.config = {
    ...s.config,
    centreEncryptionKey: writeKeyPair(s.dir, 'centre-encryption', centre).publicFile,
  };
  await s.startGateway();
  zh = ((await (await fetch(`${s.app!.kiosk.url}/i18n.json`)).json()) as { zh: Record<string, string> }).zh;
  browser = await openKioskBrowser(s.app!.kiosk.url);
  page = browser.page;
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await s?.stop();
});

const fill = (key: string, params: Record<string, string | number>) =>
  zh[key]!.replace(/\{(\w+)\}/g, (_whole, name: string) => String(params[name]));
const prompt = () => page.locator('#enrol-prompt').textContent();

describe('the enrolment panel', () => {
  it('walks the manager through approval, choice and the two placements', async () => {
    await page.getByRole('button', { name: zh['enrol.action'] }).click();
    await page.getByRole('button', { name: `${zh['reader.confirm']} fp-zone` }).click();
    await waitFor(
      async () =>
        (await prompt()) === fill('enrol.prompt.manager', { reader: `${zh['reader.confirm']} fp-zone` }),
      'the manager prompt',
    );

    await s.sim.control.placeFinger('fp-zone', 'M3001-R1');
    // Approved: the choice opens by itself, the teller's next slot offered.
    const dialog = page.locator('dialog[open]');
    await dialog.locator('select[name="personId"]').waitFor({ timeout: 15_000 });
    await s.sim.control.placeFinger('fp-zone', null);
    await dialog.locator('select[name="personId"]').selectOption('T2001');
    expect(await dialog.locator('input[name="slot"]').inputValue()).toBe('1');

    let acting = Promise.resolve();
    const stop = s.app!.enrolment.flow.onChange((session) => {
      if (session?.phase !== 'capture' || !session.prompt) return;
      const finger = session.prompt === 'lift-finger' ? null : 'T2001-R2';
      acting = acting.then(() => s.sim.control.placeFinger('fp-zone', finger)).then(() => undefined);
    });
    try {
      await dialog.getByRole('button', { name: zh['dialog.submit'] }).click();
      const done = fill('enrol.prompt.enrolled', { name: '陈静', slot: 1 });
      await waitFor(async () => (await prompt()) === done, 'the enrolled message', 15_000);
    } finally {
      stop();
      await acting;
      await s.sim.control.placeFinger('fp-zone', null);
    }
    await page.locator('.enrol-recent li', { hasText: zh['enrol.delivery.waiting'] }).waitFor();
    await page.screenshot({ path: join(SCREENSHOTS, 'kiosk-enrolment.png'), fullPage: true });

    const [queued] = s.app!.store.enrolments.unsettled();
    expect((await decryptWithX25519(queued!.payload.templateJwe, centre.privateKey)).plaintext).toEqual(
      templateForFinger('T2001-R2'),
    );
    await page.getByRole('button', { name: zh['enrol.close'] }).click();
    await page.locator('#enrol').waitFor({ state: 'detached' });
    expect(browser.problems).toEqual([]);
  });
});
