import { involvedPeople, reportPerson } from '@vaultline/shared/report/handover-context';
import type { ReportRecord } from '@vaultline/shared/report/report-record';
import type { AlarmStore } from '../ports.ts';
import type { PeopleDirectory, SiteRegistry } from '../registry/registry-ports.ts';
import type { StoredChain } from './chain-check.ts';
import { storedHandoverContext } from './record-context.ts';
import type { StoredRecord } from './record-search.ts';

/** Where the centre finds what a report shows beside the signed record. */
export interface RecordReportSources {
  events: Pick<StoredChain, 'range'>;
  sites: Pick<SiteRegistry, 'get'>;
  vehicles: { get(vehicleId: string): { plate: string } | undefined };
  people: Pick<PeopleDirectory, 'get' | 'photo'>;
  alarms: Pick<AlarmStore, 'get'>;
}

/**
 * The report input for a stored record, as the centre knows it: names, roles and stored photos from
 * the people directory, the site's name, the vehicle's plate, the alarms raised at that stop (cleared
 * when the centre saw them clear). The faces captured at the door stay at the gateway (biometric
 * retention), so the report names their capture ids instead of showing them.
 */
export function recordReport(
  record: StoredRecord,
  sources: RecordReportSources,
  timeZone?: string,
): ReportRecord {
  const { envelope, body } = record;
  const { captureIds, alarms } = storedHandoverContext(sources.events, record);
  const people = involvedPeople(body).map((personId) => reportPerson(personId, sources.people.get(personId)));
  const photos: ReportRecord['photos'] = {};
  for (const personId of body.crew) {
    const stored = sources.people.get(personId)?.hasPhoto ? sources.people.photo(personId) : undefined;
    const captureId = captureIds.get(personId);
    photos[personId] = { ...(stored ? { stored } : {}), ...(captureId ? { captureId } : {}) };
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
