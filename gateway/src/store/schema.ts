import { sql } from 'drizzle-orm';
import { blob, check, index, integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';

/**
 * The gateway's durable store (DESIGN §6 "Storage"). Changing a table means changing this file and running
 * `pnpm --filter @vaultline/gateway db:generate`, which writes a new migration under `gateway/drizzle/`.
 */

/**
 * The signed event chain and the outbox in one table (DESIGN §7): a row is the envelope exactly as signed,
 * plus the columns the outbox needs. Rows are never deleted; `acked_at` marks what the centre has stored.
 */
export const events = sqliteTable(
  'events',
  {
    /** The envelope's `seq`: 1, 2, 3 … with no gaps; also the SQLite rowid. */
    seq: integer('seq').primaryKey(),
    id: text('id').notNull().unique(),
    type: text('type').notNull(),
    /** The envelope's `ts` as epoch ms, for the backlog's oldest age. */
    ts: integer('ts').notNull(),
    hash: text('hash').notNull(),
    /** 0 for alarm.raised / alarm.cleared, 1 for the rest: alarms leave ahead of any backlog (DESIGN §7). */
    priority: integer('priority').notNull(),
    /** UTF-8 length of `envelope`, so the backlog's size is a sum over an integer column. */
    bytes: integer('bytes').notNull(),
    envelope: text('envelope').notNull(),
    ackedAt: integer('acked_at'),
  },
  (t) => [
    check('events_seq_positive', sql`seq >= 1`),
    check('events_priority_known', sql`priority IN (0, 1)`),
    check('events_envelope_json', sql`json_valid(envelope)`),
    // Partial indexes over the outbox only: the acknowledged history grows all day and is never scanned
    // to find what to send (alarms first, or plain seq order).
    index('events_unacked').on(t.priority, t.seq).where(sql`acked_at IS NULL`),
    index('events_unacked_seq').on(t.seq).where(sql`acked_at IS NULL`),
  ],
);

/** The hand-over engine's state: one row, rewritten after every step in the same transaction as its events. */
export const engineState = sqliteTable(
  'engine_state',
  {
    id: integer('id').primaryKey(),
    /** `EngineState.v`: a state written by another engine version is refused rather than misread. */
    version: integer('version').notNull(),
    /** Increases with every save; lets an operator see that the engine is making progress. */
    revision: integer('revision').notNull(),
    state: text('state').notNull(),
    savedAt: integer('saved_at').notNull(),
  },
  () => [check('engine_state_single_row', sql`id = 1`)],
);

/** Every accepted site plan, newest version current; older versions are kept as history. */
export const plans = sqliteTable('plans', {
  version: integer('version').primaryKey(),
  planId: text('plan_id').notNull(),
  /** The signed bundle as received, so the signature can be checked again later. */
  jws: text('jws').notNull(),
  /** The verified payload as JSON; fingerprint templates inside stay JWE-encrypted to this gateway. */
  plan: text('plan').notNull(),
  acceptedAt: integer('accepted_at').notNull(),
});

/** Live face captures: biometric data, deleted after the retention period (DESIGN §9). */
export const faceCaptures = sqliteTable(
  'face_captures',
  {
    captureId: text('capture_id').primaryKey(),
    handoverId: text('handover_id'),
    personId: text('person_id'),
    reader: text('reader').notNull(),
    jpeg: blob('jpeg', { mode: 'buffer' }).notNull(),
    capturedAt: integer('captured_at').notNull(),
  },
  (t) => [index('face_captures_captured_at').on(t.capturedAt)],
);

/** Printable hand-over reports; the signed `handover.completed` event stays the proof. */
export const reports = sqliteTable('reports', {
  handoverId: text('handover_id').primaryKey(),
  html: text('html').notNull(),
  pdf: blob('pdf', { mode: 'buffer' }).notNull(),
  /** Hash of the hand-over record the report renders. */
  recordHash: text('record_hash').notNull(),
  savedAt: integer('saved_at').notNull(),
});

/**
 * Fingerprints enrolled at this site's readers, waiting for the centre (DESIGN §7: the `enrol` topic).
 * `payload` is the `enrol` message as sent: the template inside is JWE-encrypted to the centre, never in
 * clear. A row leaves the queue when the centre answers (`settled_at`: stored or refused); it is written in
 * the same transaction as the signed `person.enrolled` event it belongs to.
 */
export const enrolmentOutbox = sqliteTable(
  'enrolment_outbox',
  {
    enrolmentId: text('enrolment_id').primaryKey(),
    personId: text('person_id').notNull(),
    slot: integer('slot').notNull(),
    payload: text('payload').notNull(),
    createdAt: integer('created_at').notNull(),
    /** Last time it went to the broker (QoS 1 PUBACK); null until then. */
    sentAt: integer('sent_at'),
    settledAt: integer('settled_at'),
    outcome: text('outcome'),
    reason: text('reason'),
  },
  (t) => [
    check('enrolment_outbox_payload_json', sql`json_valid(payload)`),
    check('enrolment_outbox_outcome_known', sql`outcome IS NULL OR outcome IN ('stored', 'refused')`),
    index('enrolment_outbox_unsettled').on(t.createdAt).where(sql`settled_at IS NULL`),
  ],
);

/**
 * Face captures of hand-overs on their way to the centre (DESIGN §7: the `face` topic). A row names a
 * capture in `face_captures` (the JPEG is read from there when it is sent, never copied) and the seq of
 * its signed `face.captured` event; it is written in the same transaction as that event. A row leaves the
 * queue when the centre answers (`settled_at`: stored or refused), and goes with its capture when the
 * retention period deletes it.
 */
export const faceOutbox = sqliteTable(
  'face_outbox',
  {
    captureId: text('capture_id').primaryKey(),
    handoverId: text('handover_id').notNull(),
    personId: text('person_id'),
    /** seq of the `face.captured` event: the capture goes only after the centre acknowledged it. */
    eventSeq: integer('event_seq').notNull(),
    createdAt: integer('created_at').notNull(),
    /** Last time it went to the broker (QoS 1 PUBACK); null until then. */
    sentAt: integer('sent_at'),
    settledAt: integer('settled_at'),
    outcome: text('outcome'),
    reason: text('reason'),
  },
  (t) => [
    check('face_outbox_outcome_known', sql`outcome IS NULL OR outcome IN ('stored', 'refused')`),
    index('face_outbox_unsettled').on(t.eventSeq).where(sql`settled_at IS NULL`),
  ],
);

export const storeSchema = {
  events,
  engineState,
  plans,
  faceCaptures,
  reports,
  enrolmentOutbox,
  faceOutbox,
};
