import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type CenterApp, startCenterApp } from '@vaultline/center/center-app';
import { parseCenterConfig } from '@vaultline/center/config/center-config';
import { hashPassword } from '@vaultline/center/console/auth/password-hash';
import type { ConsoleRole } from '@vaultline/center/console/permissions';
import { type Clock, silentLogger } from '@vaultline/shared';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';

export const CHROMIUM = {
  executablePath: '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
};

export interface ConsoleFixtureOptions {
  /**
   * A centre already running (e.g. a SystemScenario's, with real gateways): the fixture drives its
   * console and leaves starting and stopping it to its owner. Without it the fixture starts its own.
   */
  app?: CenterApp;
  /** The centre's clock (default: the system clock). */
  clock?: Clock;
  /** Browser language (default zh-CN; the console's language comes from its own cookie). */
  locale?: string;
  /** Overrides of the centre's config (rules, tickMs…). */
  config?: Record<string, unknown>;
}

export interface ConsoleFixture {
  app: CenterApp;
  /** `http://127.0.0.1:<port>`: the console is at `${baseUrl}/console/`. */
  baseUrl: string;
  browser: Browser;
  /** Script errors and CSP violations of every page opened: a clean console leaves this empty. */
  problems: string[];
  /**
   * A page in its own browser context (own cookies), with `speechSynthesis.speak` recorded in
   * `window.__spoken` (`{text, lang}`) — headless Chromium has no audio.
   */
  newPage(): Promise<Page>;
  /** Signs in through the login form and waits for the console's home page. */
  login(page: Page, username: string, password: string): Promise<void>;
  createUser(username: string, role: ConsoleRole, password: string, displayName?: string): Promise<void>;
  /** What a page's speechSynthesis was asked to say. */
  spoken(page: Page): Promise<{ text: string; lang: string }[]>;
  stop(): Promise<void>;
}

/** Records utterances instead of (or as well as) speaking them. Runs in the page before its scripts. */
const RECORD_SPEECH = `(() => {
  window.__spoken = [];
  if (!('speechSynthesis' in window)) return;
  const speak = window.speechSynthesis.speak.bind(window.speechSynthesis);
  window.speechSynthesis.speak = (utterance) => {
    window.__spoken.push({ text: utterance.text, lang: utterance.lang });
    try { speak(utterance); } catch {}
  };
})();`;

/**
 * The real centre (store, embedded broker, ingest, alarms, runs, API and console) on a temp data folder
 * and free ports, and a real Chromium to drive its console.
 */
export async function startConsoleFixture(options: ConsoleFixtureOptions = {}): Promise<ConsoleFixture> {
  const own = options.app === undefined;
  const dir = mkdtempSync(join(tmpdir(), 'vl-console-'));
  // The console shows times in the centre machine's zone: the browser gets the same one.
  const timeZone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  const config = parseCenterConfig({
    dataDir: join(dir, 'centre'),
    broker: { host: '127.0.0.1', port: 0 },
    http: { host: '127.0.0.1', port: 0 },
    logLevel: 'silent',
    ...options.config,
  });
  let app: CenterApp | undefined;
  let browser: Browser | undefined;
  const contexts: BrowserContext[] = [];
  const problems: string[] = [];
  try {
    app = options.app ?? (await startCenterApp(config, { logger: silentLogger, clock: options.clock }));
    browser = await chromium.launch(CHROMIUM);
  } catch (error) {
    if (own) await app?.stop().catch(() => undefined);
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
  const started = app;
  const launched = browser;
  const baseUrl = started.apiUrl;

  return {
    app: started,
    baseUrl,
    browser: launched,
    problems,
    async newPage() {
      const context = await launched.newContext({
        locale: options.locale ?? 'zh-CN',
        timezoneId: timeZone,
        viewport: { width: 1600, height: 1000 },
      });
      contexts.push(context);
      await context.addInitScript(RECORD_SPEECH);
      const page = await context.newPage();
      page.on('pageerror', (error) => problems.push(`${page.url()}: ${error.message}`));
      page.on('console', (message) => {
        // Refusals a test provokes on purpose (400/401/403/429) are logged by Chromium as errors: not problems.
        if (message.type() === 'error' && !/status of (400|401|403|404|409|429)/.test(message.text())) {
          problems.push(`${page.url()}: ${message.text()}`);
        }
      });
      return page;
    },
    async login(page, username, password) {
      await page.goto(`${baseUrl}/console/login`);
      await page.fill('input[name="username"]', username);
      await page.fill('input[name="password"]', password);
      await Promise.all([
        page.waitForURL((url) => url.pathname !== '/console/login'),
        page.click('button[type="submit"]'),
      ]);
    },
    async createUser(username, role, password, displayName = username) {
      const passwordHash = await hashPassword(password);
      started.store.consoleUsers.create({ username, displayName, role, passwordHash });
    },
    spoken(page) {
      return page.evaluate(
        () => (globalThis as unknown as { __spoken: { text: string; lang: string }[] }).__spoken,
      );
    },
    async stop() {
      for (const context of contexts) await context.close().catch(() => undefined);
      await launched.close().catch(() => undefined);
      if (own) await started.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
