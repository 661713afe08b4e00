import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { FakeClock } from '@vaultline/shared/time/fake-clock';
import { registerVehicle } from '../../src/broker/credentials.ts';
import type { DraftRun, PlanDraft } from '../../src/plans/plan-draft.ts';
import { type CentreStore, openCentreStore } from '../../src/store/open-store.ts';
import { tempDir } from '../store/store-fixture.ts';

/** The fake clock's day (FakeClock starts at 2026-11-23T08:00Z). */
export const TODAY = '2026-11-23';
export const TOMORROW = '2026-11-24';
/** Beijing time on `day`. */
export const at = (hhmm: string, day = TODAY) => `${day}T${hhmm}:00+08:00`;

export const SITES = {
  vault: {
    siteId: 'VAULT-1',
    name: '中心金库',
    kind: 'vault' as const,
    position: { lat: 39.9042, lon: 116.4074 },
  },
  branchA: {
    siteId: 'BR-001',
    name: '朝阳支行',
    kind: 'branch' as const,
    position: { lat: 39.9219, lon: 116.4436 },
  },
  branchB: {
    siteId: 'BR-002',
    name: '海淀支行',
    kind: 'branch' as const,
    position: { lat: 39.9593, lon: 116.2981 },
  },
};

export const BOX = {
  b1: 'E28011606000020A00000B01',
  b2: 'E28011606000020A00000B02',
  b3: 'E28011606000020A00000B03',
  c1: 'E28011606000020A00000C01',
  retired: 'E28011606000020A00000D01',
  unknown: 'E28011606000020A00000FF0',
};

export const TAG = { v1: 'E20000172211010100000001', v2: 'E20000172211010100000002' };

/** A whole JPEG as far as the registry checks (SOI … EOI). */
export const PHOTO = Uint8Array.from([0xff, 0xd8, 0xff, 0xe0, 0x10, 0x4a, 0x46, 0x49, 0x46, 0xff, 0xd9]);
/** The fingerprint module template of a person: recognisable bytes, 512 like an R30x template. */
export const templateOf = (personId: string) => Buffer.alloc(512, `${personId}-R1|`);

/**
 * A real centre store on a temp file with registries a vault manager would have: a vault, two branches,
 * escorts E1–E4 (enrolled), E5 (left), E6 (no fingerprint), tellers at each branch, a vault manager,
 * vehicles V1/V2 (tagged) and V3 (no tag), boxes.
 */
export function openPlanStore() {
  const { dir, cleanup } = tempDir('vl-plans-');
  const clock = new FakeClock();
  const atRestKey = randomBytes(32);
  const store = openCentreStore(join(dir, 'center.db'), { clock, atRestKey });
  seedRegistries(store);
  return {
    dir,
    clock,
    store,
    dispose(): void {
      store.close();
      cleanup();
    },
  };
}

export function seedRegistries(store: CentreStore): void {
  for (const site of Object.values(SITES)) store.sites.save({ ...site, geofenceM: 150 });
  const person = (personId: string, role: 'escort' | 'teller' | 'vault-manager', siteId?: string) => {
    store.people.save(
      {
        personId,
        name: `Name ${personId}`,
        employeeNo: `NO-${personId}`,
        role,
        ...(siteId ? { siteId } : {}),
      },
      'test',
    );
  };
  for (const id of ['E1', 'E2', 'E3', 'E4', 'E5', 'E6']) person(id, 'escort');
  person('T1', 'teller', SITES.branchA.siteId);
  person('T2', 'teller', SITES.branchB.siteId);
  person('VM', 'vault-manager', SITES.vault.siteId);
  for (const id of ['E1', 'E2', 'E3', 'E4', 'E5', 'T1', 'T2', 'VM']) {
    store.people.setTemplate(id, 0, templateOf(id), 'personnel-file');
  }
  store.people.setPhoto('E1', PHOTO);
  store.people.retire('E5');
  registerVehicle(store, { vehicleId: 'V1', plate: '京A·C1234' });
  registerVehicle(store, { vehicleId: 'V2', plate: '京A·C5678' });
  registerVehicle(store, { vehicleId: 'V3', plate: '京A·C9999' });
  store.vehicles.setTagEpc('V1', TAG.v1);
  store.vehicles.setTagEpc('V2', TAG.v2);
  for (const epc of [BOX.b1, BOX.b2, BOX.b3, BOX.c1, BOX.retired])
    store.boxes.save({ epc, label: `box ${epc.slice(-4)}` });
  store.boxes.retire(BOX.retired);
}

/** R1: dispatch b1,b2,b3 at the vault → deliver b1,b2 at A → deliver b3 at B → return at the vault. */
export function runR1(day = TODAY): DraftRun {
  return {
    runId: 'R1',
    vehicleId: 'V1',
    crew: ['E1', 'E2'],
    stops: [
      {
        siteId: 'VAULT-1',
        kind: 'dispatch',
        windowStart: at('08:00', day),
        windowEnd: at('08:30', day),
        boxes: [BOX.b1, BOX.b2, BOX.b3],
      },
      {
        siteId: 'BR-001',
        kind: 'deliver',
        windowStart: at('09:00', day),
        windowEnd: at('09:30', day),
        boxes: [BOX.b1, BOX.b2],
      },
      {
        siteId: 'BR-002',
        kind: 'deliver',
        windowStart: at('10:00', day),
        windowEnd: at('10:30', day),
        boxes: [BOX.b3],
      },
      {
        siteId: 'VAULT-1',
        kind: 'return',
        windowStart: at('11:00', day),
        windowEnd: at('11:30', day),
        boxes: [],
      },
    ],
  };
}

/** An ad-hoc run: collect c1 at branch B, return it to the vault. */
export function runR2(day = TODAY): DraftRun {
  return {
    runId: 'R2',
    vehicleId: 'V2',
    crew: ['E3', 'E4'],
    stops: [
      {
        siteId: 'BR-002',
        kind: 'collect',
        windowStart: at('13:00', day),
        windowEnd: at('13:30', day),
        boxes: [BOX.c1],
      },
      {
        siteId: 'VAULT-1',
        kind: 'return',
        windowStart: at('14:00', day),
        windowEnd: at('14:30', day),
        boxes: [BOX.c1],
      },
    ],
  };
}

export function dayDraft(day = TODAY, runs: DraftRun[] = [runR1(day)]): PlanDraft {
  return { date: day, runs };
}
