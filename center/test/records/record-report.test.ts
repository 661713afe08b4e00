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

  it('names the captured face by its capture id and says it stays at the gateway', () => {
    const report = deliveryReport();
    expect(report.photos.E1001).toMatchObject({ captureId: 'CAP-E1001-1' });
    expect(report.photos.E1001?.captured).toBeUndefined();
    const model = buildReportModel(report);
    const zhang = model.crew.find((row) => row.personId === 'E1001');
    expect(zhang?.capturedPlaceholder.en).toBe('Kept at the gateway');
    expect(zhang?.checks.join('\n')).toContain('CAP-E1001-1');
    const wang = model.crew.find((row) => row.personId === 'E1002');
    expect(wang?.capturedPlaceholder.en).toBe('No image');
    const page = renderReportHtml(report);
    expect(page).toContain('Kept at the gateway');
    expect(page).toContain('CAP-E1001-1');
  });

  it('renders as a PDF', async () => {
    const pdf = await renderReportPdf(deliveryReport(), { author: 'Vaultline centre' });
    const text = Buffer.from(pdf).toString('latin1');
    expect(text.startsWith('%PDF-')).toBe(true);
    expect(text).toContain('/Subtype /Image'); // the stored photo of E1001
  });
});
