import type { ConsolePage } from './console-context.ts';
import { alarmsPage } from './pages/alarms-page.ts';
import { auditPage } from './pages/audit-page.ts';
import { fleetPage } from './pages/fleet-page.ts';
import { gatewaysPage } from './pages/gateways-page.ts';
import { peoplePage } from './pages/people-page.ts';
import { plansPage } from './pages/plans-page.ts';
import { recordsPage } from './pages/records-page.ts';
import { runsPage } from './pages/runs-page.ts';

/** Every page module of the console, in the order they register (one line per page family). */
export const CONSOLE_PAGES: readonly ConsolePage[] = [
  alarmsPage,
  runsPage,
  recordsPage,
  plansPage,
  peoplePage,
  fleetPage,
  gatewaysPage,
  auditPage,
];
