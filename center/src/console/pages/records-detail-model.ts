import type { AlarmKind, Severity } from '@vaultline/shared/contract/alarm-kinds';
import { type CrewCheck, crewChecks } from '@vaultline/shared/report/report-model';
import { DEFAULT_FACE_RETENTION_DAYS } from '../../faces/face-retention-period.ts';
import { storedHandoverContext } from '../../records/record-context.ts';
import { type CapturedFace, recordFaces } from '../../records/record-faces.ts';
import type { StoredRecord } from '../../records/record-search.ts';
import type { PersonRecord } from '../../registry/registry-ports.ts';
import type { ConsoleDeps } from '../console-context.ts';

/** A crew member as the detail page shows them: who, whether they lead, their door checks. */
export interface CrewMemberView {
  personId: string;
  person: PersonRecord | undefined;
  leader: boolean;
  /** The face captured at the door, as the centre holds it (undefined: the chain names none). */
  captured: CapturedFace | undefined;
  check: CrewCheck | undefined;
}

export interface RecordDetail {
  record: StoredRecord;
  vehiclePlate: string | undefined;
  crew: CrewMemberView[];
  confirmations: Array<{ personId: string; person: PersonRecord | undefined }>;
  alarms: Array<{ alarmId: string; kind: AlarmKind; severity: Severity; at: number; cleared: boolean }>;
}

/** Everything the detail page shows about a stored record, read from the centre's store. */
export function recordDetail(record: StoredRecord, deps: ConsoleDeps): RecordDetail {
  const { body } = record;
  const { store } = deps;
  const { captureIds, alarms } = storedHandoverContext(store.events, record);
  const faces = recordFaces(record, captureIds, {
    faces: store.faces,
    retentionDays: deps.faceRetentionDays ?? DEFAULT_FACE_RETENTION_DAYS,
    now: deps.clock.now(),
  });
  const checks = crewChecks(body);
  return {
    record,
    vehiclePlate: store.vehicles.get(body.vehicleId)?.plate,
    crew: body.crew.map((personId, index) => ({
      personId,
      person: store.people.get(personId),
      leader: index === 0,
      captured: faces.get(personId),
      check: checks.get(personId),
    })),
    confirmations: body.confirmedBy.map((personId) => ({ personId, person: store.people.get(personId) })),
    alarms: alarms
      .sort((a, b) => a.at - b.at)
      .map((alarm) => ({
        alarmId: alarm.alarmId,
        kind: alarm.kind,
        severity: alarm.severity,
        at: alarm.at,
        cleared: store.alarms.get(alarm.alarmId)?.clearedAt !== undefined,
      })),
  };
}
