import { join } from 'node:path';
import type { HandoverCompletedBody } from '@vaultline/shared/contract/event-bodies';
import type { EventEnvelope } from '@vaultline/shared/contract/event-envelope';
import { generateAtRestKey } from '@vaultline/shared/crypto/at-rest';
import { publicKeyToRaw } from '@vaultline/shared/crypto/keys';
import { sha256Hex } from '@vaultline/shared/crypto/sha256-hex';
import { SignedChain } from '@vaultline/shared/testing/signed-chain';
import { FakeClock } from '@vaultline/shared/time/fake-clock';
import { openCentreStore } from '../../src/store/open-store.ts';
import { tempDir } from '../store/store-fixture.ts';

/** A 32×24 JPEG (as a camera would send it), small enough to sit in a test. */
export const TINY_JPEG = Uint8Array.from(
  Buffer.from(
    '/9j/4AAQSkZJRgABAQAAAQABAAD/2wCEABALDA4MChAODQ4SERATGCgaGBYWGDEjJR0oOjM9PDkzODdASFxOQERXRTc4UG1RV19iZ2hnPk1xeXBkeFxlZ2MBERISGBUYLxoaL2NCOEJjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY//AABEIABgAIAMBEQACEQEDEQH/xAGiAAABBQEBAQEBAQAAAAAAAAAAAQIDBAUGBwgJCgsQAAIBAwMCBAMFBQQEAAABfQECAwAEEQUSITFBBhNRYQcicRQygZGhCCNCscEVUtHwJDNicoIJChYXGBkaJSYnKCkqNDU2Nzg5OkNERUZHSElKU1RVVldYWVpjZGVmZ2hpanN0dXZ3eHl6g4SFhoeIiYqSk5SVlpeYmZqio6Slpqeoqaqys7S1tre4ubrCw8TFxsfIycrS09TV1tfY2drh4uPk5ebn6Onq8fLz9PX29/j5+gEAAwEBAQEBAQEBAQAAAAAAAAECAwQFBgcICQoLEQACAQIEBAMEBwUEBAABAncAAQIDEQQFITEGEkFRB2FxEyIygQgUQpGhscEJIzNS8BVictEKFiQ04SXxFxgZGiYnKCkqNTY3ODk6Q0RFRkdISUpTVFVWV1hZWmNkZWZnaGlqc3R1dnd4eXqCg4SFhoeIiYqSk5SVlpeYmZqio6Slpqeoqaqys7S1tre4ubrCw8TFxsfIycrS09TV1tfY2dri4+Tl5ufo6ery8/T19vf4+fr/2gAMAwEAAhEDEQA/AObhtYWjt5Sn7v7LK0j5OBIN+3J7HmPj3Hrzm5tXXmvu0/4I7J6mb0ArcgMcA0hhR6AXN9iEKbrvaxBKgjBI6H9T+dFluGpLFp5u4XksLO/mAO3cke5QfQ4HXBp6C1uQxwwhX86K6DKoc7VGAhxgnPY5H5ikAh/s/wD6ef8Ax2noGpV7fSkM0tOFvHbtML6GC73EJ5qv+7GB8y7VPzdgT93GRyQQgLFxf2L6fIYy32mW3jgYYPRRFj2wDE54/vr77QDFz+dMR//Z',
    'base64',
  ),
);

export const EPC = {
  a1: 'E2801160600002A0000B0001',
  a2: 'E2801160600002A0000B0002',
  a3: 'E2801160600002A0000B0003',
  b1: 'E2801160600002A0000B0101',
  wrong: 'E2801160600002A0000C0099',
} as const;

/** A delivery at BR-001: one box missing (approved by M01 with a reason), one wrong box rejected. */
export const DELIVERY: HandoverCompletedBody = {
  handoverId: 'H-0001',
  siteId: 'BR-001',
  runId: 'R1',
  stopSeq: 2,
  kind: 'deliver',
  vehicleId: 'V1',
  crew: ['E1001', 'E1002'],
  confirmedBy: ['E1001', 'T01'],
  boxes: {
    expected: [EPC.a1, EPC.a2, EPC.a3],
    scanned: [EPC.a1, EPC.a2],
    missing: [EPC.a3],
    rejected: [EPC.wrong],
  },
  discrepancy: { reason: '第三箱留在金库, "已电话确认"', approvedBy: 'M01' },
  // 10:25–10:37 in Shanghai on 14 May.
  startedAt: '2026-05-14T02:25:03.000Z',
  completedAt: '2026-05-14T02:37:41.000Z',
};

/** A collection at BR-001 that completed at 01:30 on 15 May in Shanghai (still 14 May in UTC). */
export const LATE_COLLECTION: HandoverCompletedBody = {
  handoverId: 'H-0002',
  siteId: 'BR-001',
  runId: 'R2',
  stopSeq: 1,
  kind: 'collect',
  vehicleId: 'V2',
  crew: ['E1003', 'E1004'],
  confirmedBy: ['E1003', 'T01'],
  boxes: { expected: [EPC.b1], scanned: [EPC.b1], missing: [], rejected: [] },
  startedAt: '2026-05-14T17:20:00.000Z',
  completedAt: '2026-05-14T17:30:00.000Z',
};

/** A delivery at another branch, through another gateway. */
export const OTHER_SITE: HandoverCompletedBody = {
  handoverId: 'H-0003',
  siteId: 'BR-002',
  runId: 'R1',
  stopSeq: 3,
  kind: 'deliver',
  vehicleId: 'V1',
  crew: ['E1001', 'E1002'],
  confirmedBy: ['E1001', 'T02'],
  boxes: { expected: [EPC.b1], scanned: [EPC.b1], missing: [], rejected: [] },
  startedAt: '2026-05-14T03:10:00.000Z',
  completedAt: '2026-05-14T03:20:00.000Z',
};

/**
 * A real centre store (temp file, at-rest key) holding the signed chains of two branch gateways, with
 * sites, vehicles and people registered as the console would have them.
 */
export function openRecordStore() {
  const { dir, cleanup } = tempDir('vaultline-records-');
  const clock = new FakeClock(Date.parse('2026-05-15T00:00:00.000Z'));
  const store = openCentreStore(join(dir, 'centre.db'), { clock, atRestKey: generateAtRestKey() });
  const branchA = new SignedChain('gw-BR-001');
  const branchB = new SignedChain('gw-BR-002');
  for (const [chain, siteId] of [
    [branchA, 'BR-001'],
    [branchB, 'BR-002'],
  ] as const) {
    store.gateways.register({
      gatewayId: chain.gatewayId,
      siteId,
      publicKey: publicKeyToRaw(chain.publicKey),
    });
  }
  store.sites.save({
    siteId: 'BR-001',
    name: '陆家嘴支行',
    kind: 'branch',
    position: { lat: 31.24, lon: 121.5 },
    geofenceM: 150,
  });
  store.sites.save({
    siteId: 'BR-002',
    name: '外滩支行',
    kind: 'branch',
    position: { lat: 31.23, lon: 121.49 },
    geofenceM: 150,
  });
  store.vehicles.register({ vehicleId: 'V1', plate: '沪A·C1234', passwordHash: 'x', mosquittoHash: 'x' });
  const people = [
    { personId: 'E1001', name: '张伟', employeeNo: 'YS-1001', role: 'escort', company: '申城押运' },
    { personId: 'E1002', name: '王强', employeeNo: 'YS-1002', role: 'escort', company: '申城押运' },
    { personId: 'T01', name: '李娜', employeeNo: 'BR-0017', role: 'teller', siteId: 'BR-001' },
    { personId: 'M01', name: '赵敏', employeeNo: 'BR-0001', role: 'branch-manager', siteId: 'BR-001' },
  ] as const;
  for (const person of people) store.people.save(person, 'console:test');
  store.people.setPhoto('E1001', TINY_JPEG);

  const append = (chain: SignedChain, envelopes: EventEnvelope[]) =>
    store.events.appendVerified(chain.gatewayId, envelopes, clock.now());
  const a = [
    branchA.next('door.opened', { door: 'interlock' }, '2026-05-14T02:26:00.000Z'),
    branchA.next(
      'face.captured',
      {
        handoverId: 'H-0001',
        captureId: 'CAP-E1001-1',
        personId: 'E1001',
        reader: 'fp-door',
        jpegSha256: sha256Hex(TINY_JPEG),
        bytes: TINY_JPEG.length,
      },
      '2026-05-14T02:26:10.000Z',
    ),
    branchA.next(
      'alarm.raised',
      {
        alarmId: 'AL-1',
        kind: 'WRONG_BOX',
        severity: 'critical',
        siteId: 'BR-001',
        runId: 'R1',
        stopSeq: 2,
        detail: { epc: EPC.wrong },
      },
      '2026-05-14T02:31:00.000Z',
    ),
    branchA.next('handover.completed', DELIVERY, DELIVERY.completedAt),
    branchA.next('handover.completed', LATE_COLLECTION, LATE_COLLECTION.completedAt),
  ];
  append(branchA, a);
  const b = [branchB.next('handover.completed', OTHER_SITE, OTHER_SITE.completedAt)];
  append(branchB, b);
  return {
    dir,
    path: join(dir, 'centre.db'),
    store,
    clock,
    branchA,
    branchB,
    chainA: a,
    dispose() {
      store.close();
      cleanup();
    },
  };
}
