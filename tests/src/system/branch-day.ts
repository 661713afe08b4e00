import type { EventEnvelope } from '@vaultline/shared/contract/event-envelope';
import { BOXES, VEHICLES } from '../scenario/day-plan.ts';
import type { GatewayScenario } from '../scenario/gateway-scenario.ts';
import { confirmAtZone, crewEnters, waitForEventSince, waitForPhase } from '../scenario/handover-steps.ts';

/** R1's crew (day-plan.ts) and the teller who confirms at BR-001. */
const R1_CREW = ['E1001', 'E1002'];
const BR001_TELLER = 'T2001';
/** Synthetic events per commit: one transaction each, as a busy gateway's recorder would write them. */
const SYNTHETIC_CHUNK = 500;

/**
 * R1's delivery at BR-001 as the branch lives it, with a mistake: the crew first brings a box of
 * BR-002's delivery into the zone (WRONG_BOX at once), then the right boxes, and the teller confirms.
 * `whileAlarmOpen` runs right after the alarm was recorded, before the hand-over goes on.
 */
export async function deliveryWithWrongBox(
  s: GatewayScenario,
  whileAlarmOpen?: (alarm: EventEnvelope) => Promise<void>,
): Promise<{ alarm: EventEnvelope; completed: EventEnvelope }> {
  const mark = s.events.length;
  await s.vehicleArrives((VEHICLES[0] as { tagEpc: string }).tagEpc);
  await waitForEventSince(s, mark, 'vehicle.arrived');
  await crewEnters(s, R1_CREW);
  await s.boxesInZone([BOXES.b1, BOXES.b3]);
  const alarm = await waitForEventSince(s, mark, 'alarm.raised', (e) => e.body.kind === 'WRONG_BOX');
  await whileAlarmOpen?.(alarm);
  await s.boxesInZone([BOXES.b1, BOXES.b3, BOXES.b2]);
  await waitForPhase(s, ['confirm']);
  await confirmAtZone(s, [R1_CREW[0] as string, BR001_TELLER]);
  const completed = await waitForEventSince(s, mark, 'handover.completed');
  await s.vehicleLeaves();
  await s.boxesInZone([]);
  return { alarm, completed };
}

/**
 * Appends `count` signed events through the gateway's own recorder (device heartbeats), in commits of
 * 500: load for the outbox that travels exactly like the gateway's real records.
 */
export function recordSyntheticEvents(s: GatewayScenario, count: number): EventEnvelope[] {
  const recorder = s.app?.recorder;
  if (!recorder) throw new Error('the gateway is not running');
  const recorded: EventEnvelope[] = [];
  for (let done = 0; done < count; done += SYNTHETIC_CHUNK) {
    const items = Array.from({ length: Math.min(SYNTHETIC_CHUNK, count - done) }, (_, i) => ({
      type: 'device.status',
      body: { device: 'rfid-gate', kind: 'rfid', online: true, reason: `heartbeat ${done + i + 1}` },
      ts: Date.now(),
    }));
    recorded.push(...recorder.record(items));
  }
  return recorded;
}

/**
 * A gateway busy in the background: `perTick` synthetic events every `everyMs` until `stop()`, which
 * answers how many were recorded.
 */
export function startSyntheticLoad(
  s: GatewayScenario,
  options: { perTick: number; everyMs: number },
): { stop(): number } {
  let recorded = 0;
  const timer = setInterval(() => {
    recorded += recordSyntheticEvents(s, options.perTick).length;
  }, options.everyMs);
  return {
    stop() {
      clearInterval(timer);
      return recorded;
    },
  };
}
