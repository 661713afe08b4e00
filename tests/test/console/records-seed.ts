import type { CenterApp } from '@vaultline/center/center-app';
import { encodeSceneJpeg } from '@vaultline/firmware-sim/devices/camera/scene-image';
import type { HandoverCompletedBody } from '@vaultline/shared/contract/event-bodies';
import type { EventEnvelope } from '@vaultline/shared/contract/event-envelope';
import { publicKeyToRaw } from '@vaultline/shared/crypto/keys';
import { sha256Hex } from '@vaultline/shared/crypto/sha256-hex';
import { SignedChain } from '@vaultline/shared/testing/signed-chain';

export const GATEWAY = 'gw-BR-001';
export const EPCS = ['E2801160600002A0000B0001', 'E2801160600002A0000B0002', 'E2801160600002A0000B0003'];
export const WRONG_BOX = 'E2801160600002A0000C0099';
/** The face the crew door's camera took of E1001 (160×120, as the simulated camera sends them). */
export const CAPTURED_JPEG = encodeSceneJpeg(
  { label: 'ZHANG WEI', caption: 'CAPTURED', timestamp: '2026-05-14 10:26', width: 160, height: 120 },
  80,
);
export const CAPTURE_ID = 'CAP-E1001-0001';

/** A reason typed at the branch that a spreadsheet would run as a formula, unless the export defuses it. */
export const FORMULA_REASON = '=HYPERLINK("http://x","第三箱留在金库")';

export const DELIVERY: HandoverCompletedBody = {
  handoverId: 'H-20260514-0001',
  siteId: 'BR-001',
  runId: 'R1',
  stopSeq: 2,
  kind: 'deliver',
  vehicleId: 'V1',
  crew: ['E1001', 'E1002'],
  confirmedBy: ['E1001', 'T01'],
  boxes: { expected: EPCS, scanned: EPCS.slice(0, 2), missing: [EPCS[2]!], rejected: [WRONG_BOX] },
  discrepancy: { reason: FORMULA_REASON, approvedBy: 'M01' },
  startedAt: '2026-05-14T02:25:03.000Z',
  completedAt: '2026-05-14T02:37:41.000Z',
};

export const COLLECTION: HandoverCompletedBody = {
  handoverId: 'H-20260514-0002',
  siteId: 'BR-001',
  runId: 'R2',
  stopSeq: 1,
  kind: 'collect',
  vehicleId: 'V1',
  crew: ['E1001', 'E1002'],
  confirmedBy: ['E1001', 'T01'],
  boxes: {
    expected: ['E2801160600002A0000B0101'],
    scanned: ['E2801160600002A0000B0101'],
    missing: [],
    rejected: [],
  },
  startedAt: '2026-05-14T06:00:00.000Z',
  completedAt: '2026-05-14T06:10:00.000Z',
};

/**
 * A branch gateway's signed chain stored at the centre as ingest stores it (a real Ed25519 key
 * registered for the gateway), with the registries a record refers to: the site, the vehicle, the crew
 * (one with a stored photo), the teller and the branch manager.
 */
export function seedRecords(app: CenterApp): { chain: EventEnvelope[]; deliverySeq: number } {
  const { store } = app;
  const gateway = new SignedChain(GATEWAY);
  store.sites.save({
    siteId: 'BR-001',
    name: '陆家嘴支行',
    kind: 'branch',
    position: { lat: 31.24, lon: 121.5 },
    geofenceM: 150,
  });
  store.gateways.register({
    gatewayId: GATEWAY,
    siteId: 'BR-001',
    publicKey: publicKeyToRaw(gateway.publicKey),
  });
  store.vehicles.register({
    vehicleId: 'V1',
    plate: '沪A·C1234',
    passwordHash: 'unused',
    mosquittoHash: 'unused',
  });
  const people = [
    { personId: 'E1001', name: '张伟', employeeNo: 'YS-1001', role: 'escort', company: '申城押运' },
    { personId: 'E1002', name: '王强', employeeNo: 'YS-1002', role: 'escort', company: '申城押运' },
    { personId: 'T01', name: '李娜', employeeNo: 'BR-0017', role: 'teller', siteId: 'BR-001' },
    { personId: 'M01', name: '赵敏', employeeNo: 'BR-0001', role: 'branch-manager', siteId: 'BR-001' },
  ] as const;
  for (const person of people) store.people.save(person, 'console:seed');
  store.people.setPhoto(
    'E1001',
    encodeSceneJpeg({ label: 'ZHANG WEI', caption: 'STORED', timestamp: '', width: 120, height: 160 }, 80),
  );

  const chain: EventEnvelope[] = [
    gateway.next('door.opened', { door: 'interlock' }, '2026-05-14T02:26:00.000Z'),
    gateway.next(
      'face.captured',
      {
        handoverId: DELIVERY.handoverId,
        captureId: CAPTURE_ID,
        personId: 'E1001',
        reader: 'fp-door',
        // The JPEG travels on its own (the gateway's `face` topic); the chain holds its digest and size.
        jpegSha256: sha256Hex(CAPTURED_JPEG),
        bytes: CAPTURED_JPEG.length,
      },
      '2026-05-14T02:26:10.000Z',
    ),
    gateway.next(
      'alarm.raised',
      {
        alarmId: 'AL-1',
        kind: 'WRONG_BOX',
        severity: 'critical',
        siteId: 'BR-001',
        runId: 'R1',
        stopSeq: 2,
        detail: { epc: WRONG_BOX },
      },
      '2026-05-14T02:31:00.000Z',
    ),
    gateway.next('handover.completed', DELIVERY, DELIVERY.completedAt),
    gateway.next('handover.completed', COLLECTION, COLLECTION.completedAt),
  ];
  store.events.appendVerified(GATEWAY, chain, Date.now());
  const delivery = chain.find((envelope) => envelope.type === 'handover.completed');
  return { chain, deliverySeq: delivery!.seq };
}
