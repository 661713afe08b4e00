import type { VaultlineError } from '@vaultline/shared';
import type { PersonRole, SitePlan } from '@vaultline/shared/plan/plan-schema';
import type { DeviceStatus } from '../devices/driver/device-health.ts';
import type { SiteRoles } from '../handover/handover-types.ts';
import { type Bilingual, bilingual, format, type KioskLang } from '../kiosk/kiosk-strings.ts';
import type { EnrolmentOutcome, QueuedEnrolment } from '../store/enrolment-outbox-repo.ts';
import { enrolmentCandidates } from './enrolment-people.ts';
import type { EnrolmentPhase, EnrolmentSession } from './enrolment-session.ts';

/** The kiosk's enrolment panel (part of KioskView): plain JSON, rebuilt on every change. */
export interface KioskEnrolment {
  /** Whether "enrol fingerprint" can start now; `unavailable` says why not. */
  available: boolean;
  unavailable?: Bilingual;
  /** The fingerprint readers an enrolment can run at. */
  readers: Array<{ reader: string; role?: 'crew' | 'confirm'; online: boolean }>;
  session: KioskEnrolmentSession | null;
  /** At the choose step: the people of the plan. */
  candidates: Array<{
    personId: string;
    name: string;
    employeeNo: string;
    role: PersonRole;
    defaultSlot: number;
  }>;
  /** The latest enrolments at this gateway and whether the centre has them. */
  recent: Array<{
    enrolmentId: string;
    personId: string;
    name?: string;
    slot: number;
    at: number;
    delivery: 'waiting' | EnrolmentOutcome;
    reason?: string;
  }>;
}

export interface KioskEnrolmentSession {
  reader: string;
  phase: EnrolmentPhase;
  manager?: { personId: string; name: string };
  person?: { personId: string; name?: string; inPlan: boolean };
  slot?: number;
  /** The instruction for the people at the reader, or the outcome. */
  prompt: Bilingual;
  failed: boolean;
  can: { choose: boolean; retry: boolean; cancel: boolean; close: boolean };
}

export interface EnrolmentViewInput {
  session: EnrolmentSession | null;
  /** `EnrolmentFlow.availability()`: undefined when a session can start. */
  unavailable: VaultlineError | Error | undefined;
  plan: SitePlan | null;
  readers: string[];
  roles: Pick<SiteRoles, 'crewReader' | 'confirmReader'>;
  devices: readonly DeviceStatus[];
  recent: QueuedEnrolment[];
}

const UNAVAILABLE: Record<string, Parameters<typeof bilingual>[0]> = {
  ENROLMENT_UNAVAILABLE: 'enrol.unavailable.noKey',
  ENROLMENT_NO_PLAN: 'enrol.unavailable.noPlan',
  ENROLMENT_HANDOVER: 'enrol.unavailable.handover',
};

/** Builds the enrolment panel. Pure. */
export function buildEnrolmentView(input: EnrolmentViewInput): KioskEnrolment {
  const online = new Map(input.devices.map((status) => [status.device, status.online]));
  const code = (input.unavailable as { code?: string } | undefined)?.code;
  const reason = code ? UNAVAILABLE[code] : undefined;
  const names = new Map((input.plan?.people ?? []).map((p) => [p.personId, p.name]));
  return {
    available: input.unavailable === undefined,
    ...(reason ? { unavailable: bilingual(reason) } : {}),
    readers: input.readers.map((reader) => {
      const role = readerRole(reader, input.roles);
      return { reader, ...(role ? { role } : {}), online: online.get(reader) ?? false };
    }),
    session: input.session ? sessionView(input.session, input.roles) : null,
    candidates: input.session?.phase === 'choose' ? enrolmentCandidates(input.plan) : [],
    recent: input.recent.map((entry) => ({
      enrolmentId: entry.enrolmentId,
      personId: entry.personId,
      ...(names.has(entry.personId) ? { name: names.get(entry.personId) } : {}),
      slot: entry.slot,
      at: entry.createdAt,
      delivery: entry.outcome ?? 'waiting',
      ...(entry.reason ? { reason: entry.reason } : {}),
    })),
  };
}

function sessionView(
  session: EnrolmentSession,
  roles: Pick<SiteRoles, 'crewReader' | 'confirmReader'>,
): KioskEnrolmentSession {
  const failed = session.phase === 'failed';
  return {
    reader: session.reader,
    phase: session.phase,
    ...(session.manager ? { manager: session.manager } : {}),
    ...(session.person ? { person: session.person } : {}),
    ...(session.slot === undefined ? {} : { slot: session.slot }),
    prompt: enrolmentPrompt(session, roles),
    failed,
    can: {
      choose: session.phase === 'choose',
      retry: failed,
      cancel: session.phase !== 'enrolled',
      close: session.phase === 'enrolled',
    },
  };
}

/** What the screen says and the voice speaks at this step of the session. */
export function enrolmentPrompt(
  session: EnrolmentSession,
  roles: Pick<SiteRoles, 'crewReader' | 'confirmReader'>,
): Bilingual {
  const person = session.person?.name ?? session.person?.personId ?? '';
  const both = (render: (lang: KioskLang) => string): Bilingual => ({ zh: render('zh'), en: render('en') });
  const reader = (lang: KioskLang) => readerName(lang, session.reader, roles);
  switch (session.phase) {
    case 'manager':
      return both((lang) => format(lang, 'enrol.prompt.manager', { reader: reader(lang) }));
    case 'choose':
      return bilingual('enrol.prompt.choose', { name: session.manager?.name ?? '' });
    case 'capture':
      if (session.prompt === 'lift-finger') return bilingual('enrol.prompt.lift');
      if (session.prompt === 'place-again') return bilingual('enrol.prompt.again');
      if (session.prompt === 'place-finger')
        return both((lang) => format(lang, 'enrol.prompt.place', { name: person, reader: reader(lang) }));
      return bilingual('enrol.prompt.wait');
    case 'enrolled':
      return bilingual('enrol.prompt.enrolled', { name: person, slot: session.slot ?? 0 });
    case 'failed':
      return bilingual(`enrol.failed.${session.failure?.reason ?? 'device'}`, {
        detail: session.failure?.detail ?? '',
      });
  }
}

function readerRole(reader: string, roles: Pick<SiteRoles, 'crewReader' | 'confirmReader'>) {
  if (reader === roles.crewReader) return 'crew' as const;
  if (reader === roles.confirmReader) return 'confirm' as const;
  return undefined;
}

function readerName(lang: KioskLang, reader: string, roles: Pick<SiteRoles, 'crewReader' | 'confirmReader'>) {
  const role = readerRole(reader, roles);
  return role ? `${format(lang, `reader.${role}`)} ${reader}` : reader;
}
