/**
 * Tuning of the gateway's MQTT uplink. The gateway config's `centre` section overrides any of these; the
 * defaults are sized for the catch-up figure of DESIGN §8 (100 000 events in ≤ 30 s) with bounded memory.
 */
export interface UplinkSettings {
  /** Most events in one `events` message (a catch-up batch is a JSON array). */
  batchSize: number;
  /** Most UTF-8 bytes in one `events` message; a single larger envelope still goes, alone. */
  batchMaxBytes: number;
  /** In-order batches sent but not yet covered by the centre's `ack`: bounds memory and re-sends. */
  inFlightBatches: number;
  /** Without ack progress for this long, everything unacknowledged is sent again (the centre dedups). */
  ackTimeoutMs: number;
  /** The ack timeout doubles after each silent round, up to this (a centre that is down for hours). */
  ackTimeoutMaxMs: number;
  /** Above this many unacknowledged bytes the gateway warns and says so in its status; it never drops. */
  outboxLimitBytes: number;
  /** Fewest ms between two retained status publishes (backlog changes with every event). */
  statusMinIntervalMs: number;
  /** Reconnect backoff: first delay, and the cap it doubles up to (with jitter). */
  reconnectMinMs: number;
  reconnectMaxMs: number;
  /** MQTT keepalive, s: the broker publishes the last will after 1.5 × this without a packet. */
  keepaliveS: number;
  /** Bound on one connection attempt (TCP + CONNACK), ms. */
  connectTimeoutMs: number;
}

export const DEFAULT_UPLINK_SETTINGS: UplinkSettings = {
  batchSize: 200,
  batchMaxBytes: 256 * 1024,
  inFlightBatches: 4,
  ackTimeoutMs: 10_000,
  ackTimeoutMaxMs: 300_000,
  outboxLimitBytes: 256 * 1024 * 1024,
  statusMinIntervalMs: 1_000,
  reconnectMinMs: 500,
  reconnectMaxMs: 30_000,
  keepaliveS: 30,
  connectTimeoutMs: 10_000,
};
