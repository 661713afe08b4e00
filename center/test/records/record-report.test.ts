import { renderReportHtml } from '@vaultline/shared/report/report-html';
import { buildReportModel } from '@vaultline/shared/report/report-model';
import { renderReportPdf } from '@vaultline/shared/report/report-pdf';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { recordReport } from '../../src/records/record-report.ts';
import { readRecordBody } from '../../src/records/record-search.ts';
import { openRecordStore, TINY_JPEG } from './record-fixture.ts';

let fixture: ReturnType<typeof openRecordStore>;
beforeEach(() => {
  fixture = openRecordStore();
});
afterEach(() => fixture.dispose());

const DAY_MS = 24 * 60 * 60 * 1000;

/** The face the chain's `face.captured` (seq 2) vouches for, stored at the centre as FaceCaptures does. */
function receiveCapture() {
  const event = fixture.chainA[1]!;
  fixture.store.faces.add(
    {
      gatewayId: 'gw-BR-001',
      captureId: 'CAP-E1001-1',
      handoverId: 'H-0001',
      personId: 'E1001',
      eventSeq: event.seq,
      jpegSha256: event.body.jpegSha256 as string,
      bytes: TINY_JPEG.length,
      capturedAt: Date.parse(event.ts),
      jpeg: TINY_JPEG,
    },
    fixture.clock.now(),
  );
}

function deliveryReport() {
  const envelope = fixture.chainA[3]!;
  const body = readRecordBody(envelope);
  if (!body) throw new Error('the fixture record does not read as a hand-over record');
  const { store } = fixture;
  return recordReport(
    { envelope, body },
    {
      events: store.events,
      sites: store.sites,
      vehicles: store.vehicles,
      people: store.people,
      alarms: store.alarms,
      faces: { store: store.faces, retentionDays: 90, now: fixture.clock.now() },
    },
    'Asia/Shanghai',
  );
}

describe('recordReport (the centre’s report of a stored record)', () => {
  it('takes names, stored photos, site, plate and the stop’s alarms from the centre’s registries', () => {
    const report = deliveryReport();
    expect(report.site).toEqual({ siteId: 'BR-001', name: '陆家嘴支行' });
    expect(report.vehicle).toEqual({ vehicleId: 'V1', plate: '沪A·C1234' });
    expect(report.people.map((p) => p.name)).toEqual(['张伟', '王强', '李娜', '赵敏']);
    expect(Buffer.from(report.photos.E1001?.stored as Uint8Array).equals(Buffer.from(TINY_JPEG))).toBe(true);
    expect(report.photos.E1002?.stored).toBeUndefined();
    expect(report.alarms.map((a) => [a.alarmId, a.kind, a.cleared])).toEqual([['AL-1', 'WRONG_BOX', false]]);
    expect(report).toMatchObject({ seq: 4, gatewayId: 'gw-BR-001', recordHash: fixture.chainA[3]?.hash });
  });

  it('names a captured face not received yet by its capture id and says it is still to come', () => {
    const report = deliveryReport();
    expect(report.photos.E1001).toMatchObject({ captureId: 'CAP-E1001-1' });
    expect(report.photos.E1001?.captured).toBeUndefined();
    const model = buildReportModel(report);
    const zhang = model.crew.find((row) => row.personId === 'E1001');
    expect(zhang?.capturedPlaceholder.en).toBe('Not yet received from the gateway');
    expect(zhang?.checks.join('\n')).toContain('Capture id: CAP-E1001-1');
    const wang = model.crew.find((row) => row.personId === 'E1002');
    expect(wang?.capturedPlaceholder.en).toBe('No image');
    const page = renderReportHtml(report);
    expect(page).toContain('Not yet received from the gateway');
    expect(page).toContain('CAP-E1001-1');
  });

  it('shows the captured face the centre holds beside the stored photo', () => {
    receiveCapture();
    const report = deliveryReport();
    expect(Buffer.from(report.photos.E1001?.captured as Uint8Array).equals(Buffer.from(TINY_JPEG))).toBe(
      true,
    );
    const zhang = buildReportModel(report).crew.find((row) => row.personId === 'E1001');
    expect(zhang?.captured).not.toBeNull();
    expect(zhang?.checks.join('\n')).not.toContain('CAP-E1001-1');
  });

  it('says a captured face was deleted after the retention period', async () => {
    receiveCapture();
    await fixture.clock.advance(91 * DAY_MS);
    fixture.store.faces.expire(fixture.clock.now() - 90 * DAY_MS, fixture.clock.now(), 90);
    const report = deliveryReport();
    expect(report.photos.E1001?.captured).toBeUndefined();
    const zhang = buildReportModel(report).crew.find((row) => row.personId === 'E1001');
    expect(zhang?.capturedPlaceholder).toEqual({
      zh: '已按保留期限删除（90 天）',
      en: 'Deleted after 90 days (retention)',
    });
  });

  it('renders as a PDF, with the captured face when the centre holds it', async () => {
    const images = async () => {
      const pdf = await renderReportPdf(deliveryReport(), { author: 'Vaultline centre' });
      const text = Buffer.from(pdf).toString('latin1');
      expect(text.startsWith('%PDF-')).toBe(true);
      return text.split('/Subtype /Image').length - 1;
    };
    expect(await images()).toBe(1); // the stored photo of E1001
    receiveCapture();
    expect(await images()).toBe(2); // and the face captured at the door
  });
});
