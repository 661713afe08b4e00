import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type BrowserContext, chromium, type Page } from 'playwright-core';

export interface KioskBrowser {
  context: BrowserContext;
  page: Page;
  /** Console errors and uncaught exceptions of the page, for a test to assert there are none. */
  problems: string[];
  close(): Promise<void>;
}

/**
 * A branch screen in real Chromium (headless, the Debian binary) on its own throw-away profile, as a
 * branch in Beijing sees it: zh-CN, Asia/Shanghai, a 1600×1000 screen. Opens `url` and records problems.
 */
export async function openKioskBrowser(url: string): Promise<KioskBrowser> {
  const profile = mkdtempSync(join(tmpdir(), 'vl-kiosk-browser-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
    viewport: { width: 1600, height: 1000 },
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
  });
  const page = context.pages()[0] ?? (await context.newPage());
  const problems: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(message.text());
  });
  page.on('pageerror', (error) => problems.push(error.message));
  await page.goto(url);
  return {
    context,
    page,
    problems,
    close: async () => {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}
