import type { AlarmView } from '@vaultline/center/api/api-schemas';
import type { RunProgressEvent } from '@vaultline/center/runs/run-views';
import type { EventEnvelope } from '@vaultline/shared/contract/event-envelope';
import type { Vehicle } from '@vaultline/shared/plan/plan-schema';
import { waitFor } from '../harness/wait-for.ts';
import { PEOPLE, SITES, VEHICLES } from '../scenario/day-plan.ts';
import type { GatewayScenario } from '../scenario/gateway-scenario.ts';
import { kioskAction, STRANGER_FINGER, waitForEventSince, waitForPhase } from '../scenario/handover-steps.ts';
import type { DemoCentre } from './demo-centre.ts';
import { BOX_REGISTRY, DEMO_BOXES, R1_LEGS } from './demo-day.ts';
import type { DemoSite } from './demo-site.ts';
import type { DemoVan, UnitState, Leg as VanLeg } from './demo-vehicle.ts';
import { confirmAtPace, crewEntersAtPace, fingerOn } from './paced-steps.ts';
import type { CentreNarrator, Story } from './story.ts';
import type { StoryNames } from './story-lines.ts';

/** Everyone on stage: the centre, the three sites, and the story they print. */
export interface DayCast {
  story: Story;
  centre: DemoCentre;
  narrator: CentreNarrator;
  sites: Record<string, DemoSite>;
  /** V1's GPS unit, switched on for each leg (V2 has none). */
  van: DemoVan;
  /** Called at moments worth a picture, with the day held until it returns (screenshots.ts). */
  onMoment?(moment: DayMoment): Promise<void>;
}

/** `discrepancy`: back at the vault, C02 missing, the reason typed, the manager's finger awaited. */
export type DayMoment = 'discrepancy';

const [V1, V2] = VEHICLES as [Vehicle, Vehicle];
const R1_CREW = ['E1001', 'E1002'];
const { vault, branchA, branchB } = SITES;
/** How far V1 gets past BR-001 before the street is closed, and how far it is sent round, m. */
const DETOUR_AFTER_M = 1_000;
const DETOUR_OFFSET_M = 800;
/** How long the detour keeps V1 away from the route, simulated s (the rule needs ≥ 60 s outside). */
const DETOUR_S = 180;
/** Safety net for the centre to announce what a gateway recorded or a van did. */
const CENTRE_SEES_MS = 20_000;

/** R1's stops, and who confirms each in the zone: the escort leader and a member of the site's staff. */
const R1_STOPS = {
  dispatch: { siteId: vault.siteId, seq: 1, staff: 'VM001', who: 'the escort leader and the vault manager' },
  delivery: { siteId: branchA.siteId, seq: 2, staff: 'T2001', who: 'the escort leader and the teller' },
  collection: { siteId: branchB.siteId, seq: 3, staff: 'T2002', who: 'the escort leader and the teller' },
  return: { siteId: vault.siteId, seq: 4, staff: 'VM001', who: 'the escort leader and the vault manager' },
};
type R1Stop = (typeof R1_STOPS)[keyof typeof R1_STOPS];

/** R1's two hand-overs at the branches, where nothing goes wrong. */
interface BranchHandover {
  stop: R1Stop;
  title: string;
  boxes: string[];
  carried: string;
}
const BRANCH_HANDOVERS: Record<'delivery' | 'collection', BranchHandover> = {
  delivery: {
    stop: R1_STOPS.delivery,
    title: `R1 · a delivery at ${branchA.siteId}: B01 and B02`,
    boxes: [DEMO_BOXES.b1, DEMO_BOXES.b2],
    carried: 'the crew carries B01 and B02 into the hand-over zone',
  },
  collection: {
    stop: R1_STOPS.collection,
    title: `R1 · a collection at ${branchB.siteId}: C01 and C02`,
    boxes: [DEMO_BOXES.c1, DEMO_BOXES.c2],
    carried: 'the teller brings C01 and C02 into the hand-over zone',
  },
};
type RouteLeg = (typeof R1_LEGS)[number];

/** People, vans and boxes as the story names them. */
export const STORY_NAMES: StoryNames = {
  person: (id) => {
    const person = PEOPLE.find((p) => p.personId === id);
    return person ? `${person.name} ${person.latin} (${id})` : id;
  },
  vehicle: (id) => {
    const vehicle = VEHICLES.find((v) => v.vehicleId === id);
    return vehicle ? `${id} ${vehicle.plate}` : id;
  },
  box: (epc) => BOX_REGISTRY.find((b) => b.epc === epc)?.label.split(' ')[0] ?? epc,
};

/**
 * The day, in the order it is told: R1 from the vault dispatch to its return, and R2's van turning up at
 * BR-001 just after V1 delivered there. Every step is done the way people do it (tags in range, fingers
 * on readers, buttons on the kiosk) through the simulators and the kiosk; gateways and centre print what
 * they record.
 */
export async function playDay(cast: DayCast): Promise<void> {
  const [toBranchA, toBranchB, toVault] = R1_LEGS as [RouteLeg, RouteLeg, RouteLeg];
  await vaultDispatch(cast);
  await drive(cast, toBranchA);
  await atBranch(cast, BRANCH_HANDOVERS.delivery);
  await vanAtTheWrongBranch(cast);
  cast.story.chapter(`R1 · on the way to ${branchB.siteId}: a detour`);
  await drive(cast, toBranchB, detour);
  await atBranch(cast, BRANCH_HANDOVERS.collection);
  await drive(cast, toVault);
  await vaultReturn(cast);
}

async function vaultDispatch(cast: DayCast): Promise<void> {
  const { story } = cast;
  story.chapter(`R1 · ${vault.siteId} dispatches van ${V1.vehicleId} with boxes B01 and B02`);
  story.action(`${V1.vehicleId} drives into the vault's bay; the gate reader reads its tag`);
  await handOver(cast, R1_STOPS.dispatch, async (s) => {
    story.action('B01 is carried into the hand-over zone, and B03 with it: a box prepared for tomorrow');
    await recorded(s, 'alarm.raised', () => s.boxesInZone([DEMO_BOXES.b1, DEMO_BOXES.b3]));
    await centreAlarm(cast, 'WRONG_BOX');
    await carry(cast, s, [DEMO_BOXES.b1, DEMO_BOXES.b2], 'B03 goes back on the shelf; B02 comes in');
  });
}

/** A hand-over at a branch that goes as planned: the boxes carried into the zone, then confirmed. */
async function atBranch(cast: DayCast, branch: BranchHandover): Promise<void> {
  cast.story.chapter(branch.title);
  await handOver(cast, branch.stop, (s) => carry(cast, s, branch.boxes, branch.carried));
}

async function vanAtTheWrongBranch(cast: DayCast): Promise<void> {
  const { story } = cast;
  const s = cast.sites[branchA.siteId]!.scenario;
  story.chapter(
    `R2 · van ${V2.vehicleId} turns up at ${branchA.siteId}; its first stop, a collection at ${branchB.siteId}, was never made`,
  );
  story.action(
    `as ${V1.vehicleId} pulls out, ${V2.vehicleId} drives into the bay; the gate reader reads its tag`,
  );
  await recorded(s, 'vehicle.arrived', () => s.vehicleArrives(V2.tagEpc));
  await centreAlarm(cast, 'STOP_SKIPPED');
  story.action("a man in an escort's uniform puts his finger on the door reader, again and again");
  for (let i = 0; i < 5; i++) await fingerOn(s, 'fp-door', STRANGER_FINGER, 'UNKNOWN MAN');
  await centreAlarm(cast, 'AUTH_FAILED_5X');
  story.action('the branch manager refuses the hand-over on the kiosk and calls the escort company');
  const abort = { type: 'abort', reason: '身份无法核实，拒绝交接 identity not verified: hand-over refused' };
  await recorded(s, 'handover.aborted', () => kioskAction(s, abort));
  await leaves(s);
}

async function vaultReturn(cast: DayCast): Promise<void> {
  const { story } = cast;
  story.chapter(`R1 · back at ${vault.siteId}: C01 and C02 are checked in`);
  story.action(
    `the gate reader keeps quiet about ${V1.vehicleId} for 10 minutes after it left; the vault manager presses "vehicle arrived" on the kiosk`,
  );
  const arrival = { type: 'manual-arrival', vehicleId: V1.vehicleId };
  await handOver(cast, { ...R1_STOPS.return, arrival }, async (s) => {
    story.action("C01 and C02 go into the zone; C02's tag was crushed on the way and no longer answers");
    await recorded(s, 'box.scanned', () => s.boxesInZone([DEMO_BOXES.c1]));
    story.action('the vault manager asks to confirm with one box unread; the zone is read again');
    await recorded(s, 'alarm.raised', () => kioskAction(s, { type: 'request-confirmation' }));
    await centreAlarm(cast, 'MISSING_BOX');
    story.action(
      'the vault manager counts C02 by hand, types the reason on the kiosk and approves with his finger',
    );
    await kioskAction(s, {
      type: 'discrepancy-reason',
      reason: 'C02 标签损坏，人工清点无误 tag damaged; box counted by hand, seal intact',
    });
    await cast.onMoment?.('discrepancy');
    await confirmAtPace(s, ['VM001']);
  });
  await centreAlarm(cast, 'MISSING_BOX', 'cleared');
}

/**
 * One of R1's hand-overs: V1 arrives (its tag at the gate, or `arrival` on the kiosk), the crew comes in
 * through the interlock door, `inTheZone` happens, the escort leader and the site's staff confirm, and
 * the van leaves once the centre holds the signed record.
 */
async function handOver(
  cast: DayCast,
  stop: R1Stop & { arrival?: Record<string, unknown> },
  inTheZone: (s: GatewayScenario) => Promise<void>,
): Promise<void> {
  const { story } = cast;
  const s = cast.sites[stop.siteId]!.scenario;
  const arrival = stop.arrival;
  await recorded(s, 'vehicle.arrived', () =>
    arrival ? kioskAction(s, arrival) : s.vehicleArrives(V1.tagEpc),
  );
  story.action(
    'each escort puts a finger on the door reader; on the kiosk the manager compares stored photo and live capture, and accepts',
  );
  await crewEntersAtPace(s, R1_CREW);
  await inTheZone(s);
  story.action(`${stop.who} confirm with their fingers on the zone reader`);
  await recorded(s, 'handover.completed', () => confirmAtPace(s, [R1_CREW[0]!, stop.staff]));
  await centreStop(cast, 'R1', stop.seq, 'completed');
  await leaves(s);
}

/** Boxes carried into the zone, all of them expected: the hand-over waits for the confirmations. */
async function carry(cast: DayCast, s: GatewayScenario, epcs: string[], what: string): Promise<void> {
  cast.story.action(what);
  await s.boxesInZone(epcs);
  await waitForPhase(s, ['confirm']);
}

/** Does `step` and waits for the gateway's record of it: an event of `type` recorded since it began. */
async function recorded(
  s: GatewayScenario,
  type: string,
  step: () => Promise<unknown>,
): Promise<EventEnvelope> {
  const mark = s.events.length;
  await step();
  return waitForEventSince(s, mark, type);
}

async function leaves(s: GatewayScenario): Promise<void> {
  await s.vehicleLeaves();
  await s.boxesInZone([]);
}

/** V1 drives a leg of its route (`whileDriving` acts on the way); the GPS unit is on only meanwhile. */
async function drive(
  cast: DayCast,
  leg: RouteLeg,
  whileDriving?: (cast: DayCast, unit: VanLeg) => Promise<void>,
): Promise<void> {
  const { story, van } = cast;
  const started = Date.now();
  const unit = await van.leave(leg.route);
  story.step(
    V1.vehicleId,
    `leaves for ${leg.siteId}; its GPS unit (vaultline-sim serve, pid ${unit.pid}) drives ${van.speedFactor}× faster than real time and sends a fix per simulated second`,
  );
  await whileDriving?.(cast, unit);
  const parked = await unit.arrival();
  story.step(V1.vehicleId, `parked at ${leg.siteId}: ${legSummary(unit, parked, started)}; GPS unit off`);
}

/** A kilometre out of BR-001 the driver leaves the planned route, and comes back to it. */
async function detour(cast: DayCast, unit: VanLeg): Promise<void> {
  await unit.passes(DETOUR_AFTER_M);
  cast.story.action(`${DETOUR_AFTER_M / 1000} km on, the driver turns off the planned route`);
  await unit.deviate(DETOUR_OFFSET_M, DETOUR_S);
  cast.story.step(
    V1.vehicleId,
    `drives ${DETOUR_OFFSET_M} m off the planned route for ${DETOUR_S / 60} simulated minutes`,
  );
  await centreAlarm(cast, 'ROUTE_DEVIATION');
  await centreAlarm(cast, 'ROUTE_DEVIATION', 'cleared');
}

function legSummary(unit: VanLeg, parked: UnitState, startedAt: number): string {
  const km = (parked.routeLengthM / 1000).toFixed(1);
  const simulatedMin = Math.round((Date.parse(parked.simulatedTime ?? '') - unit.startAt) / 60_000);
  return `${km} km in ${simulatedMin} simulated minutes (${((Date.now() - startedAt) / 1000).toFixed(0)} s real)`;
}

/** Waits until the centre announced `change` of an alarm of `kind`, and prints it. */
async function centreAlarm(cast: DayCast, kind: string, change = 'raised'): Promise<AlarmView> {
  const seen = await waitFor(
    () => cast.centre.stream.alarms(kind).find((e) => e.change === change),
    `${kind} ${change} at the centre`,
    CENTRE_SEES_MS,
  );
  cast.narrator.pump();
  return seen.alarm;
}

/** Waits until the centre announced stop `seq` of `runId` in `state`, and prints it. */
async function centreStop(cast: DayCast, runId: string, seq: number, state: string): Promise<void> {
  const isIt = (event: RunProgressEvent) =>
    event.type === 'stop' && event.runId === runId && event.stop.seq === seq && event.stop.state === state;
  await waitFor(
    () => cast.centre.stream.events.some((e) => e.event === 'run' && isIt(e.data as RunProgressEvent)),
    `run ${runId} stop ${seq} ${state} at the centre`,
    CENTRE_SEES_MS,
  );
  cast.narrator.pump();
}
