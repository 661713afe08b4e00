import { involvedPeople, reportPerson } from '@vaultline/shared/report/handover-context';
import { capturedAbsence } from '@vaultline/shared/report/report-labels';
import type { ReportRecord } from '@vaultline/shared/report/report-record';
import type { AlarmStore } from '../ports.ts';
import type { PeopleDirectory, SiteRegistry } from '../registry/registry-ports.ts';
import type { FaceCaptureRepo } from '../store/face-capture-repo.ts';
import type { StoredChain } from './chain-check.ts';
import { storedHandoverContext } from './record-context.ts';
import { type CapturedFace, recordFaces } from './record-faces.ts';
import type { StoredRecord } from './record-search.ts';

/** Where the centre finds what a report shows beside the signed record. */
export interface RecordReportSources {
  events: Pick<StoredChain, 'range'>;
  sites: Pick<SiteRegistry, 'get'>;
  vehicles: { get(vehicleId: string): { plate: string } | undefined };
  people: Pick<PeopleDirectory, 'get' | 'photo'>;
  alarms: Pick<AlarmStore, 'get'>;
  /** The captured faces the centre holds, how long it keeps them, and when the report is made. */
  faces: { store: Pick<FaceCaptureRepo, 'get' | 'jpeg'>; retentionDays: number; now: number };
}

/**
 * The report input for a stored record, as the centre knows it: names, roles and stored photos from
 * the people directory, the site's name, the vehicle's plate, the alarms raised at that stop (cleared
 * when the centre saw them clear), and the faces captured at the door where the centre holds them —
 * otherwise their capture id, and whether they are still to come or were deleted after retention.
 */
export function recordReport(
  record: StoredRecord,
  sources: RecordReportSources,
  timeZone?: string,
): ReportRecord {
  const { envelope, body } = record;
  const { captureIds, alarms } = storedHandoverContext(sources.events, record);
  const people = involvedPeople(body).map((personId) => reportPerson(personId, sources.people.get(personId)));
  const faces = recordFaces(record, captureIds, { ...sources.faces, faces: sources.faces.store });
  const photos: ReportRecord['photos'] = {};
  for (const personId of body.crew) {
    const stored = sources.people.get(personId)?.hasPhoto ? sources.people.photo(personId) : undefined;
    photos[personId] = {
      ...(stored ? { stored } : {}),
      ...capturedPhoto(envelope.gw, faces.get(personId), sources.faces.store),
    };
  }
  return {
    completed: body,
    site: { siteId: body.siteId, name: sources.sites.get(body.siteId)?.name },
    vehicle: {
      vehicleId: body.vehicleId,
      plate: sources.vehicles.get(body.vehicleId)?.plate ?? body.vehicleId,
    },
    people,
    photos,
    recordHash: envelope.hash,
    seq: envelope.seq,
    gatewayId: envelope.gw,
    alarms: alarms.map((alarm) => ({
      ...alarm,
      cleared: sources.alarms.get(alarm.alarmId)?.clearedAt !== undefined,
    })),
    ...(timeZone ? { timeZone } : {}),
  };
}

/** A crew member's captured face for the report: the image when held, else its id and why it is missing. */
function capturedPhoto(
  gatewayId: string,
  face: CapturedFace | undefined,
  store: Pick<FaceCaptureRepo, 'jpeg'>,
): ReportRecord['photos'][string] {
  if (!face) return {};
  const captured = face.state === 'held' ? store.jpeg(gatewayId, face.captureId) : undefined;
  if (captured) return { captured, captureId: face.captureId };
  const absent = face.state === 'deleted' ? face.retentionDays : 'not-received';
  return { captureId: face.captureId, capturedAbsence: capturedAbsence(absent) };
}
