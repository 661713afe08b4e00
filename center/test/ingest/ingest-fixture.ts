import { parseTopic } from '@vaultline/shared/contract/mqtt-topics';
import Database from 'better-sqlite3';
import type { GapPolicy } from '../../src/ingest/gap-tracker.ts';
import { IngestService } from '../../src/ingest/ingest-service.ts';
import type { IngestPublisher, TamperReport } from '../../src/ingest/ingest-types.ts';
import { openTestStore } from '../store/store-fixture.ts';
import { TestGateway } from './chain-fixture.ts';

export interface Published {
  kind: 'ack' | 'cmd';
  gatewayId: string;
  body: { upToSeq?: number; cmd?: string; fromSeq?: number };
  /** The gateway's head as a second connection sees it at publish time: only committed rows. */
  committedHead: number;
  /** Every gateway's committed head at that moment. */
  committedHeads: Record<string, number>;
}

/** Test policy: small numbers so the gap tests read easily. */
export const GAP: GapPolicy = {
  resendDelayMs: 1_000,
  resendIntervalMs: 5_000,
  maxResendAttempts: 3,
  gapTimeoutMs: 60_000,
  maxHeldPerGateway: 100,
};

/**
 * A real SQLite store, a registered gateway with a real Ed25519 chain, and an IngestService whose
 * publisher records what it would send — and what a second connection sees committed at that moment.
 */
export function ingestHarness(options: { failPublish?: boolean; onStoredThrows?: boolean } = {}) {
  const handle = openTestStore();
  const gw = new TestGateway();
  handle.store.gateways.register(gw.registration);
  const reader = new Database(handle.path, { readonly: true });
  const committedHeads = reader.prepare('SELECT gateway_id, last_seq FROM chain_heads').raw();
  const published: Published[] = [];
  const stored: Array<{ gatewayId: string; seqs: number[] }> = [];
  const tampered: TamperReport[] = [];
  const publisher: IngestPublisher = {
    publish: async (topic, payload) => {
      const parsed = parseTopic(topic);
      if (parsed?.kind !== 'ack' && parsed?.kind !== 'cmd') throw new Error(`unexpected topic ${topic}`);
      const heads = Object.fromEntries(committedHeads.all() as Array<[string, number]>);
      published.push({
        kind: parsed.kind,
        gatewayId: parsed.gatewayId,
        body: JSON.parse(payload),
        committedHead: heads[parsed.gatewayId] ?? 0,
        committedHeads: heads,
      });
      if (options.failPublish) throw new Error('broker gone');
    },
  };
  const makeService = () =>
    new IngestService({
      registry: handle.store.gateways,
      events: handle.store.events,
      publisher,
      transaction: (fn) => handle.store.transaction(fn),
      clock: handle.clock,
      gap: GAP,
      gapCheckIntervalMs: 500,
      onStored: (gatewayId, envelopes) => {
        stored.push({ gatewayId, seqs: envelopes.map((e) => e.seq) });
        if (options.onStoredThrows) throw new Error('listener bug');
      },
      onTampered: (report) => tampered.push(report),
    });
  const harness = {
    handle,
    gw,
    published,
    stored,
    tampered,
    service: makeService(),
    acks: () => published.filter((p) => p.kind === 'ack').map((p) => p.body.upToSeq),
    resends: () => published.filter((p) => p.kind === 'cmd').map((p) => p.body.fromSeq),
    storedSeqs: () => handle.store.events.range(gw.gatewayId, 1, 1_000_000).map((e) => e.seq),
    /** A new service on the reopened store: what a centre restart does. */
    restart: () => {
      harness.service.stop();
      handle.reopen();
      harness.service = makeService();
      return harness.service;
    },
    dispose: () => {
      harness.service.stop();
      reader.close();
      handle.dispose();
    },
  };
  return harness;
}
