import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { observeDay } from './day-observation.ts';
import { compareDay, formatSummary } from './day-summary.ts';
import { EXPECTED_AT_CENTRE } from './demo-day.ts';
import { kioskUrl } from './demo-site.ts';
import { DemoSystem } from './demo-system.ts';
import { Story } from './story.ts';

const USAGE = `npm run demo [-- --exit]

  Plays a day of Vaultline on this machine: the monitoring centre, a vault and two branch gateways on
  simulated devices, a van's GPS unit, the day's plan and its incidents. Then it keeps running so you
  can look around in the console and the kiosks, until Ctrl-C.

  --exit   end after the day with a summary (expected vs what reached the centre); exit code 0 only if
           every expected record and alarm reached the centre and every chain verified`;

type Options = { exit: boolean; help: boolean };

function options(argv: string[]): Options | undefined {
  try {
    // `pnpm run demo -- --exit` passes the `--` through.
    const { values } = parseArgs({
      args: argv.filter((arg) => arg !== '--'),
      options: { exit: { type: 'boolean', default: false }, help: { type: 'boolean', default: false } },
    });
    return values;
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n\n${USAGE}\n`);
    return undefined;
  }
}

async function main(argv: string[]): Promise<number> {
  const chosen = options(argv);
  if (!chosen) return 2;
  if (chosen.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const story = new Story();
  const workDir = mkdtempSync(join(tmpdir(), 'vaultline-demo-'));
  story.say('Vaultline — a day of cash-in-transit hand-overs, on simulated hardware');
  story.say(`work folder: ${workDir}`);
  // Ctrl-C (or SIGTERM) at any moment stops everything the demo started before it exits.
  const interruption = interrupted();
  let system: DemoSystem | undefined;
  try {
    system = await DemoSystem.open(workDir, story);
    await unlessInterrupted(system.setUp(), interruption);
    await unlessInterrupted(system.play(), interruption);
    if (chosen.exit) return await summarise(system, story);
    explore(system, story);
    await interruption;
    story.say('\nStopping…');
    return 0;
  } catch (error) {
    if (!(error instanceof Interrupted)) throw error;
    story.say('\nInterrupted: stopping…');
    return INTERRUPTED_EXIT;
  } finally {
    await system?.stop();
    rmSync(workDir, { recursive: true, force: true });
  }
}

/** The shell's code for a program ended by SIGINT. */
const INTERRUPTED_EXIT = 130;

class Interrupted extends Error {}

/** `work`, unless an interruption comes first (the work then ends on its own as the system stops). */
function unlessInterrupted<T>(work: Promise<T>, interruption: Promise<void>): Promise<T> {
  work.catch(() => undefined);
  return Promise.race([
    work,
    interruption.then(() => {
      throw new Interrupted();
    }),
  ]);
}

async function summarise(system: DemoSystem, story: Story): Promise<number> {
  const rows = compareDay(EXPECTED_AT_CENTRE, await observeDay(system.centre, system.siteList));
  story.chapter(
    'Summary: what had to reach the centre, and what did (GET /api/v1/handovers, /alarms, /gateways)',
  );
  for (const line of formatSummary(rows)) story.say(line);
  return rows.every((row) => row.ok) ? 0 : 1;
}

/** Where to look while the system keeps running. */
function explore(system: DemoSystem, story: Story): void {
  const { app } = system.centre;
  story.chapter('The day is over. Everything keeps running: look around.');
  story.say(`  console   ${app.apiUrl}/console   (logins below are shown once)`);
  for (const login of system.logins) {
    story.say(`            ${login.role.padEnd(13)} ${login.username.padEnd(11)} ${login.password}`);
  }
  for (const site of system.siteList) story.say(`  kiosk     ${site.siteId.padEnd(8)} ${kioskUrl(site)}`);
  story.say(`  API       ${app.apiUrl}/api/v1 (OpenAPI at /api/v1/openapi.json)`);
  story.say(`  centre    config ${system.centre.configFile}, log ${system.centre.logFile}`);
  story.say('\nCtrl-C stops everything.');
}

function interrupted(): Promise<void> {
  return new Promise((resolve) => {
    process.once('SIGINT', () => resolve());
    process.once('SIGTERM', () => resolve());
  });
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`demo failed: ${(error as Error)?.stack ?? error}\n`);
    process.exit(1);
  },
);
