import type { EventEnvelope } from '@vaultline/shared/contract/event-envelope';
import { type Logger, pino } from 'pino';
import type { EventBatch } from '../../src/uplink/event-batch.ts';
import { OutboxPump } from '../../src/uplink/outbox-pump.ts';
import { DEFAULT_UPLINK_SETTINGS, type UplinkSettings } from '../../src/uplink/uplink-settings.ts';
import { openTestStore, testSigner } from '../store/store-fixture.ts';

/** A logger whose lines (parsed) the test can read. */
export function recordingLogger(): { logger: Logger; lines: Array<Record<string, unknown>> } {
  const lines: Array<Record<string, unknown>> = [];
  const logger = pino({ level: 'debug' }, { write: (line: string) => lines.push(JSON.parse(line)) });
  return { logger, lines };
}

/** A real outbox (SQLite file, fake clock) with a pump whose publishes are recorded, not sent. */
export function pumpFixture(settings: Partial<UplinkSettings> = {}) {
  const handle = openTestStore();
  const signer = testSigner();
  const published: EventBatch[] = [];
  const { logger, lines } = recordingLogger();
  const pump = new OutboxPump({
    source: handle.store.events,
    publish: (batch) => published.push(batch),
    settings: { ...DEFAULT_UPLINK_SETTINGS, ...settings },
    clock: handle.clock,
    logger,
  });
  return {
    ...handle,
    pump,
    published,
    lines,
    get events() {
      return handle.store.events;
    },
    /** Appends `count` events (`alarm.raised` where `alarms` holds their 1-based position). */
    append(count: number, alarms: number[] = []): EventEnvelope[] {
      const items = Array.from({ length: count }, (_, i) => ({
        type: alarms.includes(i + 1) ? ('alarm.raised' as const) : ('box.scanned' as const),
        body: { n: i + 1 },
        ts: handle.clock.now(),
      }));
      return handle.store.events.append(items, signer);
    },
    /** Seqs of every published batch, in publish order. */
    sentSeqs(): number[][] {
      return published.map((b) => b.seqs);
    },
    unackedCount(): number {
      return handle.store.events.backlog().count;
    },
  };
}

export function seqs(from: number, to: number): number[] {
  return Array.from({ length: to - from + 1 }, (_, i) => from + i);
}
