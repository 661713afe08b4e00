/**
 * The MQTT topic tree (DESIGN §7). Topics are built by these functions only, never by string
 * concatenation elsewhere, so the contract lives in one place.
 */
export const TOPIC_PREFIX = 'vl/v1';

/** Ids used in topics: no MQTT wildcards or separators can sneak in. */
const ID = /^[A-Za-z0-9._:-]{1,64}$/;

function id(value: string, what: string): string {
  if (!ID.test(value))
    throw new RangeError(
      `${what} "${value}" cannot be used in an MQTT topic (letters, digits, . _ : - only)`,
    );
  return value;
}

export const topics = {
  /** gateway → centre, QoS 1: one envelope or an array of envelopes (catch-up batch). */
  gatewayEvents: (gatewayId: string) => `${TOPIC_PREFIX}/gw/${id(gatewayId, 'gateway id')}/events`,
  /** centre → gateway, QoS 1: `{"upToSeq": n}`, everything ≤ n is durably stored at the centre. */
  gatewayAck: (gatewayId: string) => `${TOPIC_PREFIX}/gw/${id(gatewayId, 'gateway id')}/ack`,
  /** centre → gateway, QoS 1: `{"cmd": "resend", "fromSeq": n}` and other requests. */
  gatewayCmd: (gatewayId: string) => `${TOPIC_PREFIX}/gw/${id(gatewayId, 'gateway id')}/cmd`,
  /** centre → gateway, QoS 1, retained: the signed plan bundle for the gateway's site. */
  gatewayPlan: (gatewayId: string) => `${TOPIC_PREFIX}/gw/${id(gatewayId, 'gateway id')}/plan`,
  /**
   * gateway → centre, QoS 1: a fingerprint enrolled at a branch reader, the template encrypted to the
   * centre (`EnrolPayload`); the centre stores it once the chain holds the matching `person.enrolled`.
   */
  gatewayEnrol: (gatewayId: string) => `${TOPIC_PREFIX}/gw/${id(gatewayId, 'gateway id')}/enrol`,
  /**
   * gateway → centre, QoS 1: a face captured at the crew door during a hand-over (`FacePayload`); the
   * centre keeps it once the chain holds the matching `face.captured` with the JPEG's SHA-256.
   */
  gatewayFace: (gatewayId: string) => `${TOPIC_PREFIX}/gw/${id(gatewayId, 'gateway id')}/face`,
  /** gateway → all, QoS 1, retained (last will: offline): online state, devices, backlog. */
  gatewayStatus: (gatewayId: string) => `${TOPIC_PREFIX}/gw/${id(gatewayId, 'gateway id')}/status`,
  /** vehicle unit → centre, QoS 0 or 1: one position fix. */
  vehiclePosition: (vehicleId: string) => `${TOPIC_PREFIX}/vehicle/${id(vehicleId, 'vehicle id')}/pos`,
};

/** What the centre subscribes to. */
export const CENTRE_SUBSCRIPTIONS = {
  events: `${TOPIC_PREFIX}/gw/+/events`,
  status: `${TOPIC_PREFIX}/gw/+/status`,
  enrol: `${TOPIC_PREFIX}/gw/+/enrol`,
  face: `${TOPIC_PREFIX}/gw/+/face`,
  positions: `${TOPIC_PREFIX}/vehicle/+/pos`,
};

export type ParsedTopic =
  | { kind: 'events' | 'ack' | 'cmd' | 'plan' | 'status' | 'enrol' | 'face'; gatewayId: string }
  | { kind: 'pos'; vehicleId: string };

/** The inverse of `topics`; `undefined` for anything outside the tree. */
export function parseTopic(topic: string): ParsedTopic | undefined {
  const parts = topic.split('/');
  if (parts.length !== 5 || `${parts[0]}/${parts[1]}` !== TOPIC_PREFIX) return undefined;
  const [, , scope, owner, leaf] = parts as [string, string, string, string, string];
  if (!ID.test(owner)) return undefined;
  if (scope === 'gw' && ['events', 'ack', 'cmd', 'plan', 'status', 'enrol', 'face'].includes(leaf)) {
    return { kind: leaf as 'events', gatewayId: owner };
  }
  if (scope === 'vehicle' && leaf === 'pos') return { kind: 'pos', vehicleId: owner };
  return undefined;
}
