import { sql } from 'drizzle-orm';
import { blob, check, index, integer, primaryKey, real, sqliteTable, text } from 'drizzle-orm/sqlite-core';

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
  /** X25519 public key (SPKI PEM) the centre encrypts fingerprint templates to; null until provisioned. */
  encryptionPublicKey: text('encryption_public_key'),
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
    // A face message is checked against its face.captured by capture id (faces/face-captures.ts).
    index('events_face_capture')
      .on(t.gatewayId, sql`json_extract(envelope, '$.body.captureId')`)
      .where(sql`type = 'face.captured'`),
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
  /** EPC of the vehicle's UHF tag, read by branch gateways on arrival (uppercase hex); null until known. */
  tagEpc: text('tag_epc').unique(),
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

/** Vaults and branches: where gateways stand and runs stop. */
export const sites = sqliteTable(
  'sites',
  {
    siteId: text('site_id').primaryKey(),
    name: text('name').notNull(),
    kind: text('kind').notNull(),
    lat: real('lat').notNull(),
    lon: real('lon').notNull(),
    /** Radius around the site inside which a stopped vehicle is "at the stop", metres. */
    geofenceM: integer('geofence_m').notNull(),
    createdAt: integer('created_at').notNull(),
    updatedAt: integer('updated_at').notNull(),
  },
  () => [check('sites_kind_known', sql`kind IN ('vault', 'branch')`)],
);

/** Cash boxes by the EPC of their UHF tag. A retired box may no longer appear in a plan. */
export const boxes = sqliteTable('boxes', {
  epc: text('epc').primaryKey(),
  label: text('label').notNull(),
  homeSiteId: text('home_site_id').references(() => sites.siteId),
  createdAt: integer('created_at').notNull(),
  retiredAt: integer('retired_at'),
});

/**
 * Escorts and site staff. The photo is personal data and sealed at rest (AES-256-GCM under the centre's
 * at-rest key, context `person:<id>:photo`); `site_id` is the site of staff (null for escorts).
 */
export const people = sqliteTable(
  'people',
  {
    personId: text('person_id').primaryKey(),
    name: text('name').notNull(),
    employeeNo: text('employee_no').notNull(),
    role: text('role').notNull(),
    company: text('company'),
    siteId: text('site_id').references(() => sites.siteId),
    photoSealed: blob('photo_sealed', { mode: 'buffer' }),
    /** Where the record came from: `personnel-file:<import id>`, `console:<username>`. */
    source: text('source').notNull(),
    createdAt: integer('created_at').notNull(),
    updatedAt: integer('updated_at').notNull(),
    /** Set when the person leaves: no longer in any new plan; history keeps the row. */
    retiredAt: integer('retired_at'),
  },
  () => [check('people_role_known', sql`role IN ('escort', 'teller', 'branch-manager', 'vault-manager')`)],
);

/**
 * Fingerprint module templates (never images), sealed at rest with context `person:<id>:template:<slot>`.
 * `enrolled_via`: `personnel-file`, `centre:<username>` or `branch:<gatewayId>`.
 */
export const personTemplates = sqliteTable(
  'person_templates',
  {
    personId: text('person_id')
      .notNull()
      .references(() => people.personId),
    slot: integer('slot').notNull(),
    templateSealed: blob('template_sealed', { mode: 'buffer' }).notNull(),
    enrolledVia: text('enrolled_via').notNull(),
    enrolledAt: integer('enrolled_at').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.personId, t.slot] }),
    check('person_templates_slot', sql`slot BETWEEN 0 AND 9`),
  ],
);

/** Every personnel file imported, by the SHA-256 of the sealed file: the same file twice is refused. */
export const personnelImports = sqliteTable('personnel_imports', {
  importId: text('import_id').primaryKey(),
  fileSha256: text('file_sha256').notNull().unique(),
  company: text('company').notNull(),
  peopleCount: integer('people_count').notNull(),
  importedBy: text('imported_by').notNull(),
  importedAt: integer('imported_at').notNull(),
});

/** Console users; `password_hash` is an argon2id PHC string, never the password. */
export const consoleUsers = sqliteTable(
  'console_users',
  {
    username: text('username').primaryKey(),
    displayName: text('display_name').notNull(),
    role: text('role').notNull(),
    passwordHash: text('password_hash').notNull(),
    createdAt: integer('created_at').notNull(),
    disabledAt: integer('disabled_at'),
  },
  () => [check('console_users_role_known', sql`role IN ('admin', 'dispatcher', 'duty-officer', 'auditor')`)],
);

/** Console sessions by the SHA-256 of the cookie secret; the CSRF token is bound to the session. */
export const consoleSessions = sqliteTable(
  'console_sessions',
  {
    sessionHash: text('session_hash').primaryKey(),
    username: text('username')
      .notNull()
      .references(() => consoleUsers.username),
    csrfToken: text('csrf_token').notNull(),
    createdAt: integer('created_at').notNull(),
    expiresAt: integer('expires_at').notNull(),
  },
  (t) => [index('console_sessions_expires').on(t.expiresAt)],
);

/**
 * Failed console logins the rate limit counts (console/auth/login-limiter.ts), kept so a restart or a
 * crash loop does not reset it: one row per failure and key — the user name tried (`kind` 'user') and the
 * client address (`kind` 'ip'). `username` is the name tried, on both rows, so a success clears only that
 * name's failures from the address. Rows older than the limiter's window are pruned.
 */
export const consoleLoginFailures = sqliteTable(
  'console_login_failures',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    kind: text('kind').notNull(),
    key: text('key').notNull(),
    username: text('username').notNull(),
    at: integer('at').notNull(),
  },
  (t) => [
    check('console_login_failures_kind_known', sql`kind IN ('user', 'ip')`),
    index('console_login_failures_key').on(t.kind, t.key, t.at),
    index('console_login_failures_at').on(t.at),
  ],
);

/** Each signed site bundle published to a gateway (retained on its `plan` topic), newest version wins. */
export const planPublications = sqliteTable(
  'plan_publications',
  {
    gatewayId: text('gateway_id')
      .notNull()
      .references(() => gateways.gatewayId),
    date: text('date').notNull(),
    version: integer('version').notNull(),
    siteId: text('site_id').notNull(),
    jws: text('jws').notNull(),
    publishedAt: integer('published_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.gatewayId, t.date, t.version] })],
);

/**
 * Faces captured at a gateway's crew door during hand-overs, kept once the gateway's verified chain holds
 * the `face.captured` (seq `event_seq`) whose SHA-256 they match. The JPEG is personal biometric data:
 * sealed at rest (AES-256-GCM under the centre's at-rest key, context `face:<gatewayId>:<captureId>`), and
 * deleted after the retention period — the row stays as the record of that deletion (`deleted_at`,
 * `retention_days`, no image).
 */
export const faceCaptures = sqliteTable(
  'face_captures',
  {
    gatewayId: text('gateway_id')
      .notNull()
      .references(() => gateways.gatewayId),
    captureId: text('capture_id').notNull(),
    handoverId: text('handover_id').notNull(),
    personId: text('person_id'),
    eventSeq: integer('event_seq').notNull(),
    jpegSha256: text('jpeg_sha256').notNull(),
    bytes: integer('bytes').notNull(),
    jpegSealed: blob('jpeg_sealed', { mode: 'buffer' }),
    /** When the gateway took it (the signed event's `ts`), epoch ms: retention counts from here. */
    capturedAt: integer('captured_at').notNull(),
    receivedAt: integer('received_at').notNull(),
    deletedAt: integer('deleted_at'),
    retentionDays: integer('retention_days'),
  },
  (t) => [
    primaryKey({ columns: [t.gatewayId, t.captureId] }),
    check('face_captures_deleted_or_kept', sql`(jpeg_sealed IS NULL) = (deleted_at IS NOT NULL)`),
    index('face_captures_handover').on(t.gatewayId, t.handoverId),
    index('face_captures_kept').on(t.capturedAt).where(sql`jpeg_sealed IS NOT NULL`),
  ],
);

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
  sites,
  boxes,
  people,
  personTemplates,
  personnelImports,
  consoleUsers,
  consoleSessions,
  consoleLoginFailures,
  planPublications,
  faceCaptures,
};
