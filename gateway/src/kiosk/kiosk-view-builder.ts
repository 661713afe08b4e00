import type { AlarmRaisedBody } from '@vaultline/shared/contract/event-bodies';
import type { Person, SitePlan } from '@vaultline/shared/plan/plan-schema';
import type { DeviceStatus } from '../devices/driver/device-health.ts';
import type { KioskEnrolment } from '../enrolment/enrolment-kiosk-view.ts';
import type { EngineConfig, EngineState, SiteRoles } from '../handover/handover-types.ts';
import { buildHandoverView, personRef, reportLinks } from './kiosk-handover-view.ts';
import { bilingual } from './kiosk-strings.ts';
import type {
  KioskAlarm,
  KioskArrivalChoice,
  KioskPersonRef,
  KioskReader,
  KioskStop,
  KioskView,
  StopState,
} from './kiosk-view.ts';

export type KioskAlarmInput = AlarmRaisedBody & { at: number; cleared?: boolean };

export interface KioskViewInput {
  state: EngineState;
  plan: SitePlan | null;
  siteId: string;
  siteName?: string;
  gatewayId: string;
  now: number;
  /** Alarms raised at this gateway (any day; the view keeps today's). */
  alarms: KioskAlarmInput[];
  devices: DeviceStatus[];
  lastCompleted?: {
    handoverId: string;
    runId: string;
    stopSeq: number;
    vehicleId: string;
    completedAt: number;
    discrepancy?: boolean;
  };
  /** Names the crew and confirmation readers on screen. */
  roles?: Pick<SiteRoles, 'crewReader' | 'confirmReader'>;
  /** Shows the staff password form in `password+fingerprint` mode (default: fingerprint only). */
  staffConfirmation?: EngineConfig['staffConfirmation'];
  /** The enrolment panel, built by the runtime (enrolment-kiosk-view.ts). */
  enrolment?: KioskEnrolment;
}

/** Alarms shown on screen: enough for a day at a branch, bounded so the view stays small. */
const MAX_ALARMS = 50;
const MAX_FACTS = 6;
const MAX_FACT_CHARS = 120;

/** Builds the screen model from the engine state, the plan and the gateway's alarms and devices. Pure. */
export function buildKioskView(input: KioskViewInput): KioskView {
  const { state, plan, now } = input;
  const people = new Map((plan?.people ?? []).map((person) => [person.personId, person]));
  const plates = new Map((plan?.vehicles ?? []).map((vehicle) => [vehicle.vehicleId, vehicle.plate]));
  const stops = siteStops(input, people, plates);
  const active = state.active ? buildHandoverView(state.active, input, people, plates) : null;
  const alarms = todaysAlarms(input, people, plates);
  return {
    v: 1,
    generatedAt: now,
    site: input.siteName ? { siteId: input.siteId, name: input.siteName } : { siteId: input.siteId },
    gatewayId: input.gatewayId,
    plan: plan ? { planId: plan.planId, version: plan.version, date: plan.date } : null,
    prompt: active?.prompt ?? idlePrompt(plan, stops),
    stops,
    arrivals: active && !isFinished(active.phase) ? [] : arrivalChoices(stops),
    staff: input.staffConfirmation === 'password+fingerprint' ? siteStaff(plan) : [],
    active,
    lastCompleted: lastCompleted(input, plates, active !== null && !isFinished(active.phase)),
    readers: readers(input),
    devices: [...input.devices]
      .sort((a, b) => a.device.localeCompare(b.device))
      .map((d) => ({ device: d.device, kind: d.kind, online: d.online, reason: d.reason, since: d.at })),
    alarms,
    openAlarms: alarms.filter((alarm) => !alarm.cleared).length,
    ...(input.enrolment ? { enrolment: input.enrolment } : {}),
  };
}

function isFinished(phase: string): boolean {
  return phase === 'completed' || phase === 'aborted';
}

function siteStops(
  input: KioskViewInput,
  people: Map<string, Person>,
  plates: Map<string, string>,
): KioskStop[] {
  const { plan, state, siteId } = input;
  const done = new Set(state.completedStops);
  const active = state.active;
  const stops: KioskStop[] = [];
  for (const run of plan?.runs ?? []) {
    for (const stop of run.stops) {
      if (stop.siteId !== siteId) continue;
      const isActive = active?.runId === run.runId && active.stopSeq === stop.seq;
      let stopState: StopState = 'planned';
      if (done.has(`${run.runId}#${stop.seq}`) || (isActive && active.phase === 'completed'))
        stopState = 'completed';
      else if (isActive && active.phase !== 'aborted') stopState = 'in-progress';
      stops.push({
        runId: run.runId,
        seq: stop.seq,
        kind: stop.kind,
        windowStart: stop.windowStart,
        windowEnd: stop.windowEnd,
        vehicleId: run.vehicleId,
        plate: plates.get(run.vehicleId) ?? run.vehicleId,
        crew: run.crew.map((personId) => personRef(personId, people)),
        boxCount: stop.boxes.length,
        state: stopState,
      });
    }
  }
  return stops.sort((a, b) => a.windowStart.localeCompare(b.windowStart) || a.runId.localeCompare(b.runId));
}

function arrivalChoices(stops: KioskStop[]): KioskArrivalChoice[] {
  return stops
    .filter((stop) => stop.state === 'planned')
    .map((stop) => ({
      vehicleId: stop.vehicleId,
      plate: stop.plate,
      runId: stop.runId,
      stopSeq: stop.seq,
      windowStart: stop.windowStart,
      windowEnd: stop.windowEnd,
    }));
}

function siteStaff(plan: SitePlan | null): KioskPersonRef[] {
  return (plan?.people ?? [])
    .filter((person) => person.role !== 'escort')
    .map((person) => ({ personId: person.personId, name: person.name, employeeNo: person.employeeNo }));
}

function idlePrompt(plan: SitePlan | null, stops: KioskStop[]) {
  if (!plan) return bilingual('prompt.noPlan');
  if (stops.length > 0 && stops.every((stop) => stop.state === 'completed'))
    return bilingual('prompt.allDone');
  return bilingual('prompt.idle');
}

function lastCompleted(input: KioskViewInput, plates: Map<string, string>, busy: boolean) {
  const last = input.lastCompleted;
  if (!last || busy) return null;
  return {
    handoverId: last.handoverId,
    runId: last.runId,
    stopSeq: last.stopSeq,
    plate: plates.get(last.vehicleId) ?? last.vehicleId,
    completedAt: last.completedAt,
    discrepancy: last.discrepancy ?? false,
    report: reportLinks(last.handoverId),
  };
}

function readers(input: KioskViewInput): KioskReader[] {
  const { now, roles } = input;
  return Object.entries(input.state.readers)
    .filter(([, reader]) => reader.failures > 0 || (reader.lockedUntil ?? 0) > now)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([id, reader]) => {
      const locked = (reader.lockedUntil ?? 0) > now;
      const role = id === roles?.crewReader ? 'crew' : id === roles?.confirmReader ? 'confirm' : undefined;
      return {
        reader: id,
        ...(role ? { role } : {}),
        failures: reader.failures,
        ...(locked ? { lockedUntil: reader.lockedUntil } : {}),
        secondsLeft: locked ? Math.ceil(((reader.lockedUntil ?? now) - now) / 1000) : 0,
      };
    });
}

/** Alarms since the gateway's local midnight, newest first. */
function todaysAlarms(
  input: KioskViewInput,
  people: Map<string, Person>,
  plates: Map<string, string>,
): KioskAlarm[] {
  const midnight = new Date(input.now);
  midnight.setHours(0, 0, 0, 0);
  return input.alarms
    .filter((alarm) => alarm.at >= midnight.getTime())
    .sort((a, b) => b.at - a.at)
    .slice(0, MAX_ALARMS)
    .map((alarm) => ({
      alarmId: alarm.alarmId,
      kind: alarm.kind,
      severity: alarm.severity,
      at: alarm.at,
      ...(alarm.runId !== undefined ? { runId: alarm.runId } : {}),
      ...(alarm.stopSeq !== undefined ? { stopSeq: alarm.stopSeq } : {}),
      cleared: alarm.cleared ?? false,
      facts: alarmFacts(alarm.detail, people, plates),
    }));
}

/** Printable facts of an alarm's detail; people and vehicles by name and plate, not by id. */
function alarmFacts(
  detail: Record<string, unknown>,
  people: Map<string, Person>,
  plates: Map<string, string>,
): Array<{ key: string; value: string }> {
  const facts: Array<{ key: string; value: string }> = [];
  for (const [key, raw] of Object.entries(detail)) {
    let value: string | undefined;
    if (key === 'personId' && typeof raw === 'string') {
      const person = people.get(raw);
      value = person ? `${person.name} (${person.employeeNo})` : raw;
    } else if (key === 'vehicleId' && typeof raw === 'string') {
      value = plates.get(raw) ?? raw;
    } else if (['string', 'number', 'boolean'].includes(typeof raw)) {
      value = String(raw);
    } else if (Array.isArray(raw) && raw.every((item) => ['string', 'number'].includes(typeof item))) {
      value = raw.join(', ');
    }
    if (value === undefined || value === '') continue;
    facts.push({
      key,
      value: value.length > MAX_FACT_CHARS ? `${value.slice(0, MAX_FACT_CHARS - 1)}…` : value,
    });
    if (facts.length === MAX_FACTS) break;
  }
  return facts;
}
