import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { storedHandoverContext } from '../../src/records/record-context.ts';
import { recordFaces } from '../../src/records/record-faces.ts';
import { readRecordBody } from '../../src/records/record-search.ts';
import { openRecordStore, TINY_JPEG } from './record-fixture.ts';

const DAY_MS = 24 * 60 * 60 * 1000;

let fixture: ReturnType<typeof openRecordStore>;
beforeEach(() => {
  fixture = openRecordStore();
});
afterEach(() => fixture.dispose());

/** The delivery record's captured faces as the console and the report see them. */
function faces(retentionDays = 90) {
  const envelope = fixture.chainA[3]!;
  const record = { envelope, body: readRecordBody(envelope)! };
  const { captureIds } = storedHandoverContext(fixture.store.events, record);
  return recordFaces(record, captureIds, {
    faces: fixture.store.faces,
    retentionDays,
    now: fixture.clock.now(),
  });
}

function receive() {
  const event = fixture.chainA[1]!;
  fixture.store.faces.add(
    {
      gatewayId: event.gw,
      captureId: 'CAP-E1001-1',
      handoverId: 'H-0001',
      personId: 'E1001',
      eventSeq: event.seq,
      jpegSha256: String(event.body.jpegSha256),
      bytes: TINY_JPEG.length,
      capturedAt: Date.parse(event.ts),
      jpeg: TINY_JPEG,
    },
    fixture.clock.now(),
  );
}

describe('recordFaces', () => {
  it('says a capture named by the chain is not received yet, and held once it is', () => {
    expect([...faces()]).toEqual([['E1001', { captureId: 'CAP-E1001-1', state: 'not-received' }]]);
    receive();
    expect(faces().get('E1001')).toEqual({ captureId: 'CAP-E1001-1', state: 'held' });
  });

  it('says a capture deleted at the centre was deleted, with the days it was kept', async () => {
    receive();
    await fixture.clock.advance(40 * DAY_MS);
    fixture.store.faces.expire(fixture.clock.now() - 30 * DAY_MS, fixture.clock.now(), 30);
    expect(faces(90).get('E1001')).toEqual({ captureId: 'CAP-E1001-1', state: 'deleted', retentionDays: 30 });
  });

  it('takes a capture never received for gone once its hand-over is past the retention period', async () => {
    await fixture.clock.advance(91 * DAY_MS);
    expect(faces(90).get('E1001')).toEqual({ captureId: 'CAP-E1001-1', state: 'deleted', retentionDays: 90 });
    expect(faces(365).get('E1001')).toEqual({ captureId: 'CAP-E1001-1', state: 'not-received' });
  });
});
