import { checkStoredChain } from '@vaultline/center/records/chain-check';
import { waitFor } from '../harness/wait-for.ts';
import type { ChainSeen, DaySeen } from './day-summary.ts';
import type { DemoCentre } from './demo-centre.ts';
import type { DemoSite } from './demo-site.ts';

/** Safety net for the gateways' last events to reach the centre after the day's last step. */
const SYNC_TIMEOUT_MS = 30_000;

/** Waits until the centre stored every event of every gateway and each gateway's outbox is empty. */
export async function gatewaysSynced(centre: DemoCentre, sites: readonly DemoSite[]): Promise<void> {
  for (const site of sites) {
    await waitFor(
      () => {
        const events = site.scenario.app?.store.events;
        if (!events) return false;
        const stored = centre.app.store.events.head(site.gatewayId).lastSeq;
        return stored === events.lastSeq() && events.backlog().count === 0;
      },
      `${site.gatewayId}'s chain stored at the centre and its outbox empty`,
      SYNC_TIMEOUT_MS,
    );
  }
}

/**
 * What the centre holds at the end of the day, asked as an outside tool would (its HTTP API with an
 * auditor's token), and each gateway's stored chain verified against the gateway's registered key and
 * compared with the head of the gateway's own chain.
 */
export async function observeDay(centre: DemoCentre, sites: readonly DemoSite[]): Promise<DaySeen> {
  const records: Record<string, number> = {};
  for (const site of sites)
    records[site.siteId] = (await centre.api.handovers({ siteId: site.siteId })).length;
  const alarms: Record<string, number> = {};
  const cleared: Record<string, number> = {};
  for (const alarm of await centre.api.alarms()) {
    alarms[alarm.kind] = (alarms[alarm.kind] ?? 0) + 1;
    if (alarm.clearedAt) cleared[alarm.kind] = (cleared[alarm.kind] ?? 0) + 1;
  }
  const listed = await centre.api.gateways();
  const chains: ChainSeen[] = [];
  for (const site of sites) {
    chains.push(
      await chainSeen(
        centre,
        site,
        listed.find((g) => g.gatewayId === site.gatewayId),
      ),
    );
  }
  return { records, alarms, cleared, chains };
}

async function chainSeen(
  centre: DemoCentre,
  site: DemoSite,
  listed: { lastSeq: number; tampered: boolean } | undefined,
): Promise<ChainSeen> {
  const { gatewayId } = site;
  const own = site.scenario.app?.store.events;
  const check = await checkStoredChain(centre.app.store.events, centre.app.store.gateways, gatewayId);
  const fail = (detail: string): ChainSeen => ({ gatewayId, ok: false, detail });
  if (!check.ok) return fail(`${check.problem} at seq ${check.seq ?? '?'}: ${check.message}`);
  if (!listed) return fail('not listed by GET /gateways');
  if (listed.tampered) return fail('GET /gateways says tampered');
  if (listed.lastSeq !== check.toSeq)
    return fail(`GET /gateways says seq ${listed.lastSeq}, store ${check.toSeq}`);
  if (!own || own.lastSeq() !== check.toSeq || own.lastHash() !== check.headHash) {
    return fail(`seq 1…${check.toSeq} verified, but the gateway's own head is seq ${own?.lastSeq() ?? '?'}`);
  }
  return { gatewayId, ok: true, detail: `seq 1…${check.toSeq} verified, same head as the gateway` };
}
