import type { Person } from '@vaultline/shared/plan/plan-schema';
import type { ActiveHandover, CrewMemberState } from '../handover/handover-types.ts';
import { handoverPrompt, outstanding, staffSide } from './kiosk-prompts.ts';
import type {
  BoxState,
  KioskBoxes,
  KioskConfirmation,
  KioskCrewCard,
  KioskHandover,
  KioskPersonRef,
  KioskReportLinks,
} from './kiosk-view.ts';
import type { KioskViewInput } from './kiosk-view-builder.ts';

/** The active hand-over as the screen shows it. Pure; part of `buildKioskView`. */
export function buildHandoverView(
  active: ActiveHandover,
  input: KioskViewInput,
  people: Map<string, Person>,
  plates: Map<string, string>,
): KioskHandover {
  const run = input.plan?.runs.find((candidate) => candidate.runId === active.runId);
  const stop = run?.stops.find((candidate) => candidate.seq === active.stopSeq);
  const leaderId = run?.crew[0] ?? active.crew[0]?.personId ?? '';
  const ref = (personId: string) => personRef(personId, people);
  const passwordOk =
    active.staffPasswordOk && !active.confirmations.staff ? ref(active.staffPasswordOk) : undefined;
  const staffPassword = input.staffConfirmation === 'password+fingerprint';
  const { phase } = active;
  const open = phase !== 'completed' && phase !== 'aborted';
  return {
    handoverId: active.handoverId,
    runId: active.runId,
    stopSeq: active.stopSeq,
    kind: active.kind,
    phase,
    startedAt: active.startedAt,
    vehicle: { vehicleId: active.vehicleId, plate: plates.get(active.vehicleId) ?? active.vehicleId },
    window: stop ? { start: stop.windowStart, end: stop.windowEnd } : null,
    crew: active.crew.map((member) => crewCard(member, member.personId === leaderId, people, phase)),
    boxes: boxes(active),
    confirmations: {
      // Before the leader confirms, the card already names who must.
      leader: active.confirmations.leader
        ? confirmation(active.confirmations.leader, ref)
        : { done: false, personId: leaderId, name: ref(leaderId).name },
      staff: {
        ...confirmation(active.confirmations.staff, ref),
        ...(active.confirmations.staff?.method ? { method: active.confirmations.staff.method } : {}),
        ...(passwordOk ? { passwordOk } : {}),
        side: staffSide(active.kind),
      },
    },
    discrepancy: active.discrepancy
      ? {
          missing: [...active.discrepancy.missing],
          ...(active.discrepancy.reason ? { reason: active.discrepancy.reason } : {}),
          ...(active.discrepancy.approvedBy ? { approvedBy: ref(active.discrepancy.approvedBy) } : {}),
        }
      : null,
    prompt: handoverPrompt(active, {
      leaderName: ref(leaderId).name,
      staffPassword,
      ...(passwordOk ? { passwordOkName: passwordOk.name } : {}),
    }),
    can: {
      requestConfirmation: phase === 'box-scan' || phase === 'rescan',
      enterReason: phase === 'discrepancy' && !active.discrepancy?.reason,
      staffPassword: staffPassword && phase === 'confirm' && !active.confirmations.staff && !passwordOk,
      abort: open,
    },
    report: phase === 'completed' ? reportLinks(active.handoverId) : null,
  };
}

export function reportLinks(handoverId: string): KioskReportLinks {
  const id = encodeURIComponent(handoverId);
  return { handoverId, html: `/reports/${id}.html`, pdf: `/reports/${id}.pdf` };
}

export function personRef(personId: string, people: Map<string, Person>): KioskPersonRef {
  const person = people.get(personId);
  return person
    ? { personId, name: person.name, employeeNo: person.employeeNo }
    : { personId, name: personId };
}

function crewCard(
  member: CrewMemberState,
  leader: boolean,
  people: Map<string, Person>,
  phase: ActiveHandover['phase'],
): KioskCrewCard {
  const person = people.get(member.personId);
  let state: KioskCrewCard['state'] = 'pending';
  if (member.photo === 'rejected') state = 'failed';
  else if (member.verified && member.photo === 'accepted') state = 'verified';
  return {
    personId: member.personId,
    name: person?.name ?? member.personId,
    employeeNo: person?.employeeNo ?? '',
    ...(person?.company ? { company: person.company } : {}),
    leader,
    known: person !== undefined,
    state,
    fingerprint: member.verified ? 'matched' : 'waiting',
    ...(member.score !== undefined ? { score: member.score } : {}),
    ...(member.verifiedAt !== undefined ? { verifiedAt: member.verifiedAt } : {}),
    photoCheck: member.photo,
    canCheckPhoto:
      member.captureId !== undefined &&
      member.photo === 'pending' &&
      (phase === 'crew-auth' || phase === 'door'),
    ...(person?.photoJpeg ? { photoUrl: `/people/${encodeURIComponent(member.personId)}/photo.jpg` } : {}),
    ...(member.captureId ? { captureUrl: `/captures/${encodeURIComponent(member.captureId)}.jpg` } : {}),
  };
}

function boxes(active: ActiveHandover): KioskBoxes {
  const scanned = new Set(active.boxes.scanned);
  const missing = new Set(active.discrepancy?.missing ?? []);
  const rejected = [...new Set(active.boxes.rejected)];
  const items: KioskBoxes['items'] = active.boxes.expected.map((epc) => {
    let state: BoxState = 'expected';
    if (scanned.has(epc)) state = 'scanned';
    else if (missing.has(epc)) state = 'missing';
    return { epc, state };
  });
  for (const epc of rejected) items.push({ epc, state: 'rejected' });
  const notScanned = outstanding(active);
  const missingCount = notScanned.filter((epc) => missing.has(epc)).length;
  return {
    counts: {
      expected: active.boxes.expected.length,
      scanned: active.boxes.expected.length - notScanned.length,
      outstanding: notScanned.length - missingCount,
      missing: missingCount,
      rejected: rejected.length,
    },
    items,
  };
}

function confirmation(
  done: { personId: string; at: number } | undefined,
  ref: (personId: string) => KioskPersonRef,
): KioskConfirmation {
  if (!done) return { done: false };
  return { done: true, personId: done.personId, name: ref(done.personId).name, at: done.at };
}
