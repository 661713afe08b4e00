import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { type ConsoleFixture, startConsoleFixture } from '../console/console-fixture.ts';
import { SITES } from '../scenario/day-plan.ts';
import { kioskUrl } from './demo-site.ts';
import { DemoSystem } from './demo-system.ts';
import { Story } from './story.ts';

/**
 * The README's pictures of the console and a kiosk, taken from the demo day in real Chromium. Run by
 * hand from `tests/`:
 *
 *   VAULTLINE_SCREENSHOTS=docs npx tsx src/demo/screenshots.ts
 *
 * Without `VAULTLINE_SCREENSHOTS=docs` the pictures go to a temp folder (printed at the end), so trying
 * the script never changes tracked files.
 */

const FOLDER =
  process.env.VAULTLINE_SCREENSHOTS === 'docs'
    ? fileURLToPath(new URL('../../../docs/screenshots/', import.meta.url))
    : join(tmpdir(), 'vaultline-demo-screenshots');
/** Safety net for a page to show what it is photographed for. */
const SHOWN_MS = 15_000;

async function shoot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: join(FOLDER, name), fullPage: true });
  process.stdout.write(`  saved ${join(FOLDER, name)}\n`);
}

/** The console as the duty officer sees it after the day: open alarms, and the runs on the map. */
async function dutyOfficerPages(system: DemoSystem, fixture: ConsoleFixture): Promise<void> {
  const officer = system.logins.find((l) => l.role === 'duty-officer')!;
  const page = await fixture.newPage();
  const { baseUrl } = fixture;
  await fixture.login(page, officer.username, officer.password);
  await page.goto(`${baseUrl}/console/`);
  await page.locator('text=WRONG_BOX').first().waitFor({ timeout: SHOWN_MS });
  await shoot(page, 'console-alarms.png');
  await page.goto(`${baseUrl}/console/runs`);
  await page.locator('svg').first().waitFor({ timeout: SHOWN_MS });
  await shoot(page, 'console-runs.png');
}

/** The vault return's record (the approved discrepancy) as an auditor sees it, its chain verified. */
async function auditorRecord(system: DemoSystem, fixture: ConsoleFixture): Promise<void> {
  const auditor = system.logins.find((l) => l.role === 'auditor')!;
  const [record] = (await system.centre.api.handovers({ runId: 'R1' })).filter((h) => h.stopSeq === 4);
  if (!record) throw new Error('the vault return record is not at the centre');
  const page = await fixture.newPage();
  const { baseUrl } = fixture;
  await fixture.login(page, auditor.username, auditor.password);
  await page.goto(`${baseUrl}/console/records/${record.gatewayId}/${record.seq}`);
  await Promise.all([
    page.waitForResponse((response) => response.url().endsWith('/verify')),
    page.click('#verify-form button'),
  ]);
  await page.locator('#verify-result').waitFor({ timeout: SHOWN_MS });
  await shoot(page, 'console-record.png');
}

async function main(): Promise<void> {
  // The bank is in Beijing: the browsers (and the times on the pictures) run on its clock.
  process.env.TZ = 'Asia/Shanghai';
  mkdirSync(FOLDER, { recursive: true });
  const workDir = mkdtempSync(join(tmpdir(), 'vaultline-demo-'));
  const story = new Story();
  let system: DemoSystem | undefined;
  let fixture: ConsoleFixture | undefined;
  try {
    system = await DemoSystem.open(workDir, story);
    await system.setUp();
    fixture = await startConsoleFixture({ app: system.centre.app });
    const vault = system.sites[SITES.vault.siteId]!;
    const kiosk = await fixture.newPage();
    await kiosk.goto(kioskUrl(vault));
    await system.play(async () => {
      await kiosk.locator('.discrepancy').first().waitFor({ timeout: SHOWN_MS });
      await shoot(kiosk, 'kiosk-discrepancy.png');
    });
    story.chapter('Screenshots');
    await dutyOfficerPages(system, fixture);
    await auditorRecord(system, fixture);
    if (fixture.problems.length > 0)
      throw new Error(`the pages reported errors: ${fixture.problems.join('; ')}`);
  } finally {
    await fixture?.stop();
    await system?.stop();
    rmSync(workDir, { recursive: true, force: true });
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(`screenshots failed: ${(error as Error)?.stack ?? error}\n`);
    process.exit(1);
  },
);
