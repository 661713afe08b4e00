import { sql } from 'drizzle-orm';
import { check, index, integer, primaryKey, sqliteTable, text } from 'drizzle-orm/sqlite-core';

/**
 * The centre's store (DESIGN §6 "Storage"): SQLite by default, behind the ports of `../ports.ts` so a
 * PostgreSQL implementation can replace it. Changing a table means changing this file and running
 * `pnpm exec drizzle-kit generate` in `center/`, which writes a new migration under `center/drizzle/`.
 */

/** Gateways allowed to send events, with the Ed25519 key their chain is verified against. */
export const gateways = sqliteTable('gateways', {
  gatewayId: text('gateway_id').primaryKey(),
  siteId: text('site_id').notNull(),
  /** Raw 32-byte Ed25519 public key, base64url. */
  publicKey: text('public_key').notNull(),
  registeredAt: integer('registered_at').notNull(),
});

/**
 * Every verified event of every gateway, keyed (gateway, seq). `envelope` is the whole envelope as
 * received (hash and signature included), so an auditor can verify it again without the centre's word.
 */
export const events = sqliteTable(
  'events',
  {
    gatewayId: text('gateway_id').notNull(),
    seq: integer('seq').notNull(),
    id: text('id').notNull(),
    type: text('type').notNull(),
    /** The envelope's `ts` as epoch ms. */
    ts: integer('ts').notNull(),
    hash: text('hash').notNull(),
    envelope: text('envelope').notNull(),
    receivedAt: integer('received_at').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.gatewayId, t.seq] }),
    check('events_seq_positive', sql`seq >= 1`),
    check('events_envelope_json', sql`json_valid(envelope)`),
    index('events_type_ts').on(t.type, t.ts),
  ],
);

/** Where each gateway's verified chain ends; the next event must link to `last_hash`. */
export const chainHeads = sqliteTable('chain_heads', {
  gatewayId: text('gateway_id').primaryKey(),
  lastSeq: integer('last_seq').notNull(),
  lastHash: text('last_hash').notNull(),
  /** 1 once a forged or removed record was found: ingest stops for this gateway until an operator acts. */
  tampered: integer('tampered', { mode: 'boolean' }).notNull().default(false),
  updatedAt: integer('updated_at').notNull(),
});

export const alarms = sqliteTable(
  'alarms',
  {
    alarmId: text('alarm_id').primaryKey(),
    kind: text('kind').notNull(),
    severity: text('severity').notNull(),
    state: text('state').notNull(),
    source: text('source').notNull(),
    siteId: text('site_id'),
    runId: text('run_id'),
    stopSeq: integer('stop_seq'),
    vehicleId: text('vehicle_id'),
    gatewayId: text('gateway_id'),
    detail: text('detail').notNull(),
    raisedAt: integer('raised_at').notNull(),
    clearedAt: integer('cleared_at'),
    clearReason: text('clear_reason'),
    acknowledgedBy: text('acknowledged_by'),
    acknowledgedAt: integer('acknowledged_at'),
    resolvedBy: text('resolved_by'),
    resolvedAt: integer('resolved_at'),
    resolutionNote: text('resolution_note'),
  },
  (t) => [
    check('alarms_state_known', sql`state IN ('raised', 'acknowledged', 'resolved')`),
    check('alarms_detail_json', sql`json_valid(detail)`),
    index('alarms_raised_at').on(t.raisedAt),
    index('alarms_state_raised_at').on(t.state, t.raisedAt),
  ],
);

/** Append-only: who did what, when (DESIGN §9). Rows are never updated or deleted. */
export const auditLog = sqliteTable(
  'audit_log',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    at: integer('at').notNull(),
    actor: text('actor').notNull(),
    action: text('action').notNull(),
    target: text('target').notNull(),
    detail: text('detail'),
  },
  (t) => [index('audit_log_at').on(t.at), index('audit_log_actor').on(t.actor, t.at)],
);

/**
 * Vehicle units that publish positions. Broker credentials: `password_hash` (scrypt, checked by the
 * embedded broker) and `mosquitto_hash` (the PBKDF2 entry of a Mosquitto password file); never the secret.
 */
export const vehicles = sqliteTable('vehicles', {
  vehicleId: text('vehicle_id').primaryKey(),
  plate: text('plate').notNull(),
  passwordHash: text('password_hash').notNull(),
  mosquittoHash: text('mosquitto_hash').notNull(),
  registeredAt: integer('registered_at').notNull(),
});

/** Bearer tokens of the HTTP API, each bound to a role; only the SHA-256 of the secret is kept. */
export const apiTokens = sqliteTable(
  'api_tokens',
  {
    tokenId: text('token_id').primaryKey(),
    name: text('name').notNull(),
    role: text('role').notNull(),
    hash: text('hash').notNull().unique(),
    createdAt: integer('created_at').notNull(),
    revokedAt: integer('revoked_at'),
  },
  () => [check('api_tokens_role_known', sql`role IN ('admin', 'dispatcher', 'duty-officer', 'auditor')`)],
);

/** Every version of each day's plan (ad-hoc tasks add versions during the day); the highest is current. */
export const dayPlans = sqliteTable(
  'day_plans',
  {
    date: text('date').notNull(),
    version: integer('version').notNull(),
    /** The full day's runs, as JSON. */
    planJson: text('plan_json').notNull(),
    savedAt: integer('saved_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.date, t.version] }), check('day_plans_json', sql`json_valid(plan_json)`)],
);

/** A gateway's broker password, hashed twice as for vehicles: scrypt for aedes, PBKDF2 for Mosquitto. */
export const gatewayCredentials = sqliteTable('gateway_credentials', {
  gatewayId: text('gateway_id')
    .primaryKey()
    .references(() => gateways.gatewayId),
  passwordHash: text('password_hash').notNull(),
  mosquittoHash: text('mosquitto_hash').notNull(),
  createdAt: integer('created_at').notNull(),
});

export const storeSchema = {
  gateways,
  events,
  chainHeads,
  alarms,
  auditLog,
  vehicles,
  apiTokens,
  dayPlans,
  gatewayCredentials,
};
