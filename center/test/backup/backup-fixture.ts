import { join } from 'node:path';
import type { EventEnvelope } from '@vaultline/shared/contract/event-envelope';
import { parseTopic } from '@vaultline/shared/contract/mqtt-topics';
import { FakeClock } from '@vaultline/shared/time/fake-clock';
import Database from 'better-sqlite3';
import { IngestService } from '../../src/ingest/ingest-service.ts';
import { loadOrCreateCentreKeys } from '../../src/keys/centre-keys.ts';
import type { AlarmRecord } from '../../src/ports.ts';
import { type CentreStore, openCentreStore } from '../../src/store/open-store.ts';
import { payload, type TestGateway } from '../ingest/chain-fixture.ts';
import { tempDir } from '../store/store-fixture.ts';

/**
 * A centre's data folder in a temp dir, with its real keys (the at-rest key seals templates), a fake
 * clock, and `open()` for the real store on `<dataDir>/center.db`.
 */
export function centreFolder() {
  const { dir, cleanup } = tempDir('vaultline-backup-');
  const dataDir = join(dir, 'data');
  const database = join(dataDir, 'center.db');
  const clock = new FakeClock();
  const keys = loadOrCreateCentreKeys(dataDir);
  return {
    dir,
    dataDir,
    database,
    backups: join(dir, 'backups'),
    clock,
    keys,
    open: (): CentreStore => openCentreStore(database, { clock, atRestKey: keys.atRestKey }),
    cleanup,
  };
}

/** An IngestService on `store` whose publisher records the acks and resend requests it sends. */
export function ingestInto(store: CentreStore, clock: FakeClock) {
  const acks: number[] = [];
  const resends: number[] = [];
  const service = new IngestService({
    registry: store.gateways,
    events: store.events,
    transaction: (fn) => store.transaction(fn),
    clock,
    gap: { resendDelayMs: 1_000, resendIntervalMs: 5_000 },
    gapCheckIntervalMs: 500,
    publisher: {
      publish: async (topic, body) => {
        const parsed = JSON.parse(body) as { upToSeq?: number; fromSeq?: number };
        if (parseTopic(topic)?.kind === 'ack' && parsed.upToSeq) acks.push(parsed.upToSeq);
        if (parseTopic(topic)?.kind === 'cmd' && parsed.fromSeq) resends.push(parsed.fromSeq);
      },
    },
  });
  return {
    service,
    acks,
    resends,
    receive: (gw: TestGateway, envelopes: EventEnvelope[]) =>
      service.receive(gw.gatewayId, payload(envelopes)),
  };
}

export const alarm = (alarmId: string, raisedAt: number): AlarmRecord => ({
  alarmId,
  kind: 'WRONG_BOX',
  severity: 'major',
  state: 'raised',
  source: 'gateway:gw-branch-a',
  siteId: 'site-a',
  gatewayId: 'gw-branch-a',
  detail: { epc: 'E200001' },
  raisedAt,
});

export const TEMPLATE = Uint8Array.from({ length: 512 }, (_, i) => (i * 31) & 0xff);

/**
 * What a working centre holds: a site, a person with a sealed fingerprint template, a gateway with
 * `events` verified events, an alarm, an audit entry and a day plan.
 */
export async function populate(store: CentreStore, clock: FakeClock, gw: TestGateway, events: number) {
  store.sites.save({
    siteId: 'site-a',
    name: '朝阳支行',
    kind: 'branch',
    position: { lat: 39.92, lon: 116.44 },
    geofenceM: 80,
  });
  store.people.save(
    { personId: 'p-1', name: '王强', employeeNo: 'E-001', role: 'escort', company: '安保一公司' },
    'console:admin',
  );
  store.people.setTemplate('p-1', 0, TEMPLATE, 'centre:admin');
  store.gateways.register(gw.registration);
  await ingestInto(store, clock).receive(gw, gw.emit(events));
  store.alarms.insert(alarm('a-1', clock.now()));
  store.audit.append({ at: clock.now(), actor: 'li', action: 'alarm.ack', target: 'a-1' });
  store.plans.save('2026-11-23', 1, { date: '2026-11-23', version: 1, runs: [] });
}

/** Every table's rows in rowid order: two databases with equal dumps hold the same data. */
export function dumpTables(file: string): Record<string, unknown[]> {
  const sqlite = new Database(file, { readonly: true, fileMustExist: true });
  try {
    const tables = sqlite
      .prepare(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name",
      )
      .all() as Array<{ name: string }>;
    return Object.fromEntries(
      tables.map(({ name }) => [name, sqlite.prepare(`SELECT * FROM "${name}" ORDER BY rowid`).all()]),
    );
  } finally {
    sqlite.close();
  }
}

/** The chain head a database file holds for a gateway, and whether its events up to the head are whole. */
export function chainFacts(file: string, gatewayId: string) {
  const sqlite = new Database(file, { readonly: true, fileMustExist: true });
  try {
    const head = sqlite
      .prepare('SELECT last_seq AS lastSeq, last_hash AS lastHash FROM chain_heads WHERE gateway_id = ?')
      .get(gatewayId) as { lastSeq: number; lastHash: string };
    const rows = sqlite
      .prepare('SELECT seq, hash, envelope FROM events WHERE gateway_id = ? ORDER BY seq')
      .all(gatewayId) as Array<{ seq: number; hash: string; envelope: string }>;
    return { head, rows };
  } finally {
    sqlite.close();
  }
}
