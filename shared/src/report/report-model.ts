import type { Bilingual } from '../i18n/domain-labels.ts';
import { decodeJpeg, formatDuration, formatTime, type Jpeg } from './report-format.ts';
import { alarmLabel, both, kindLabel, LABELS, PHOTO_CHECK, ROLE, SEVERITY } from './report-labels.ts';
import type { ReportPerson, ReportRecord } from './report-record.ts';

/**
 * The report's content, laid out neither as HTML nor as PDF: both renderers print exactly this, so
 * the paper copy and the screen copy cannot disagree.
 */
export interface ReportModel {
  handoverId: string;
  kind: Bilingual;
  facts: Array<{ label: Bilingual; value: string }>;
  crew: ReportCrewRow[];
  boxes: {
    counts: { expected: number; scanned: number; missing: number; rejected: number };
    rows: Array<{ epc: string; status: 'scanned' | 'missing' | 'rejected' }>;
  };
  discrepancy: { reason: string; approvedBy: string } | null;
  confirmations: Array<{ role: Bilingual; person: string }>;
  alarms: Array<{ time: string; kind: Bilingual; severity: Bilingual; cleared: boolean; alarmId: string }>;
  integrity: { seq: number; hash: string; gatewayId: string };
}

export interface ReportCrewRow {
  personId: string;
  name: string;
  employeeNo: string;
  company?: string;
  role: Bilingual;
  stored: Jpeg | null;
  captured: Jpeg | null;
  /** What stands in the captured face's frame when there is no image. */
  capturedPlaceholder: Bilingual;
  /** Fingerprint and photo-check results, when the record carries them. */
  checks: string[];
}

/** Per-member results the engine adds to `handover.completed` (extra fields are allowed there). */
export interface CrewCheck {
  personId: string;
  score?: number;
  verifiedAt?: string;
  photo?: string;
}

export function buildReportModel(record: ReportRecord): ReportModel {
  const { completed, timeZone } = record;
  const people = new Map(record.people.map((person) => [person.personId, person]));
  const who = (personId: string) => personLabel(personId, people.get(personId));
  const time = (iso: string) => formatTime(iso, timeZone);
  const leaderId = completed.crew[0];
  const checks = crewChecks(completed);
  const scanned = new Set(completed.boxes.scanned);
  return {
    handoverId: completed.handoverId,
    kind: kindLabel(completed.kind),
    facts: [
      {
        label: LABELS.site,
        value: record.site.name ? `${record.site.name} (${record.site.siteId})` : record.site.siteId,
      },
      { label: LABELS.gateway, value: record.gatewayId },
      { label: LABELS.run, value: `${completed.runId} / ${completed.stopSeq}` },
      { label: LABELS.vehicle, value: `${record.vehicle.plate} (${record.vehicle.vehicleId})` },
      { label: LABELS.started, value: time(completed.startedAt) },
      { label: LABELS.completed, value: time(completed.completedAt) },
      { label: LABELS.duration, value: formatDuration(completed.startedAt, completed.completedAt) },
      { label: LABELS.handoverId, value: completed.handoverId },
    ],
    crew: completed.crew.map((personId) => {
      const person = people.get(personId);
      const photos = record.photos[personId] ?? {};
      const check = checks.get(personId);
      const captured = decodeJpeg(photos.captured);
      const absent = captured === null && photos.captureId !== undefined;
      const keptAtGateway = absent && photos.capturedAbsence === undefined;
      return {
        personId,
        name: person?.name ?? personId,
        employeeNo: person?.employeeNo ?? '—',
        ...(person?.company ? { company: person.company } : {}),
        role: personId === leaderId ? LABELS.leader : LABELS.escort,
        stored: decodeJpeg(photos.stored),
        captured,
        capturedPlaceholder:
          (absent ? photos.capturedAbsence : undefined) ??
          (keptAtGateway ? LABELS.keptAtGateway : LABELS.noImage),
        checks: [
          ...(check ? checkLines(check, timeZone) : []),
          ...(absent
            ? [`${both(keptAtGateway ? LABELS.captureId : LABELS.captureIdPlain)}: ${photos.captureId}`]
            : []),
        ],
      };
    }),
    boxes: {
      counts: {
        expected: completed.boxes.expected.length,
        scanned: completed.boxes.scanned.length,
        missing: completed.boxes.missing.length,
        rejected: completed.boxes.rejected.length,
      },
      rows: [
        ...completed.boxes.expected.map((epc) => ({
          epc,
          status: scanned.has(epc) ? ('scanned' as const) : ('missing' as const),
        })),
        ...completed.boxes.rejected.map((epc) => ({ epc, status: 'rejected' as const })),
      ],
    },
    discrepancy: completed.discrepancy
      ? { reason: completed.discrepancy.reason, approvedBy: who(completed.discrepancy.approvedBy) }
      : null,
    confirmations: completed.confirmedBy.map((personId) => ({
      role: personId === leaderId ? LABELS.leader : ROLE[people.get(personId)?.role ?? 'teller'],
      person: who(personId),
    })),
    alarms: [...record.alarms]
      .sort((a, b) => a.at - b.at)
      .map((alarm) => ({
        time: formatTime(alarm.at, timeZone),
        kind: alarmLabel(alarm.kind),
        severity: SEVERITY[alarm.severity],
        cleared: alarm.cleared ?? false,
        alarmId: alarm.alarmId,
      })),
    integrity: { seq: record.seq, hash: record.recordHash, gatewayId: record.gatewayId },
  };
}

function personLabel(personId: string, person: ReportPerson | undefined): string {
  return person ? `${person.name} (${person.employeeNo})` : personId;
}

export function crewChecks(completed: ReportRecord['completed']): Map<string, CrewCheck> {
  const raw = (completed as Record<string, unknown>).crewChecks;
  const checks = new Map<string, CrewCheck>();
  if (!Array.isArray(raw)) return checks;
  for (const item of raw) {
    if (typeof item === 'object' && item !== null && typeof (item as CrewCheck).personId === 'string') {
      checks.set((item as CrewCheck).personId, item as CrewCheck);
    }
  }
  return checks;
}

function checkLines(check: CrewCheck, timeZone: string | undefined): string[] {
  const lines: string[] = [];
  if (check.verifiedAt) {
    const score =
      typeof check.score === 'number' ? ` · ${LABELS.score.zh} ${LABELS.score.en} ${check.score}` : '';
    lines.push(
      `${LABELS.fingerprint.zh} ${LABELS.fingerprint.en}: ${formatTime(check.verifiedAt, timeZone)}${score}`,
    );
  }
  const photo = typeof check.photo === 'string' ? PHOTO_CHECK[check.photo] : undefined;
  if (photo) lines.push(`${LABELS.photoCheck.zh} ${LABELS.photoCheck.en}: ${photo.zh} ${photo.en}`);
  return lines;
}
