import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { type Static, Type } from '@sinclair/typebox';
import { Value } from '@sinclair/typebox/value';
import { VaultlineError } from '@vaultline/shared';
import { DEFAULT_ENGINE_CONFIG } from '../handover/handover-types.ts';
import { DEFAULT_UPLINK_SETTINGS as UPLINK } from '../uplink/uplink-settings.ts';

/**
 * The gateway's configuration: one JSON file, checked once at boot against this schema. Every key has a
 * description and (where sensible) a default; relative paths are relative to the config file.
 */
const Endpoint = Type.String({ minLength: 1, description: 'serial path, ble:<MAC> or tcp://host:port' });
const Baud = Type.Optional(
  Type.Integer({ minimum: 1200, description: 'line rate; default: the device family factory rate' }),
);

export const GatewayConfigSchema = Type.Object({
  gatewayId: Type.String({
    pattern: '^[A-Za-z0-9._:-]{1,64}$',
    description: 'this gateway, as registered at the centre',
  }),
  siteId: Type.String({
    pattern: '^[A-Za-z0-9._:-]{1,64}$',
    description: 'the vault or branch this gateway guards',
  }),
  siteName: Type.Optional(Type.String({ maxLength: 100, description: 'shown on the kiosk and in reports' })),
  dataDir: Type.String({ description: 'database, keys and reports (created by `vaultline-gateway init`)' }),
  centrePublicKey: Type.String({
    description: 'PEM file of the centre plan-signing public key this gateway was provisioned with',
  }),
  centreEncryptionKey: Type.Optional(
    Type.String({
      description:
        "PEM file of the centre's X25519 public key (written by `vaultline-gateway provision`): branch enrolment encrypts templates to it",
    }),
  ),
  devices: Type.Object(
    {
      fingerprint: Type.Optional(
        Type.Array(
          Type.Object({
            id: Type.String(),
            endpoint: Endpoint,
            baud: Baud,
            password: Type.Optional(Type.Integer()),
          }),
        ),
      ),
      rfid: Type.Optional(
        Type.Array(
          Type.Object({
            id: Type.String(),
            endpoint: Endpoint,
            baud: Baud,
            protocol: Type.Optional(Type.Union([Type.Literal('r2000'), Type.Literal('em4100')])),
            antennas: Type.Optional(Type.Array(Type.Integer({ minimum: 1, maximum: 4 }))),
            dedupWindowMs: Type.Optional(Type.Integer({ minimum: 100 })),
          }),
        ),
      ),
      camera: Type.Optional(
        Type.Array(
          Type.Object({
            id: Type.String(),
            endpoint: Endpoint,
            baud: Baud,
            imageSize: Type.Optional(
              Type.Union([Type.Literal('640x480'), Type.Literal('320x240'), Type.Literal('160x120')]),
            ),
          }),
        ),
      ),
      door: Type.Optional(
        Type.Array(
          Type.Object({
            id: Type.String(),
            relayEndpoint: Endpoint,
            contactEndpoint: Endpoint,
            relayBaud: Baud,
            contactBaud: Baud,
            energiseToUnlock: Type.Optional(Type.Boolean({ description: 'strike polarity (default true)' })),
          }),
        ),
      ),
      bleDbusAddress: Type.Optional(
        Type.String({ description: 'D-Bus address of BlueZ; default: the system bus' }),
      ),
    },
    { description: 'how to reach each device (see README: pointing the gateway at real hardware)' },
  ),
  roles: Type.Object(
    {
      crewReader: Type.String({
        description: 'fingerprint reader at the interlock door (crew authentication)',
      }),
      confirmReader: Type.String({ description: 'fingerprint reader in the hand-over zone (confirmations)' }),
      vehicleReaders: Type.Array(Type.String(), { description: 'RFID readers that see vehicle tags' }),
      boxReaders: Type.Array(Type.String(), {
        minItems: 1,
        description: 'RFID readers that count cash boxes',
      }),
      camera: Type.String({ description: 'face camera at the interlock door' }),
      doorController: Type.String({ description: 'door controller of the mantrap' }),
      crewDoor: Type.Integer({ minimum: 1, default: 1, description: 'door the crew enters through' }),
    },
    { description: 'which device plays which part in the hand-over' },
  ),
  engine: Type.Optional(
    Type.Object({
      maxFailures: Type.Optional(
        Type.Integer({
          minimum: 1,
          description: `consecutive failed verifications → AUTH_FAILED_5X (default ${DEFAULT_ENGINE_CONFIG.maxFailures})`,
        }),
      ),
      lockoutMs: Type.Optional(
        Type.Integer({
          minimum: 30_000,
          description: 'first reader lockout, ms; doubles on repeats (≥ 30 s)',
        }),
      ),
      rescanWindowMs: Type.Optional(
        Type.Integer({ minimum: 0, description: 're-scan window before boxes are called missing, ms' }),
      ),
      doorHoldMs: Type.Optional(
        Type.Integer({ minimum: 1000, description: 'how long the crew door stays unlocked, ms' }),
      ),
      photoCheck: Type.Optional(Type.Union([Type.Literal('required'), Type.Literal('advisory')])),
      earlyArrivalMs: Type.Optional(Type.Integer({ minimum: 0 })),
      staffConfirmation: Type.Optional(
        Type.Union([Type.Literal('fingerprint'), Type.Literal('password+fingerprint')]),
      ),
    }),
  ),
  kiosk: Type.Object(
    {
      host: Type.String({ default: '127.0.0.1', description: 'the branch screen only: keep on loopback' }),
      port: Type.Integer({ minimum: 0, maximum: 65535, default: 8080 }),
    },
    { default: {} },
  ),
  faceRetentionDays: Type.Integer({
    minimum: 1,
    maximum: 3650,
    default: 90,
    description: 'face captures are deleted after this many days (DESIGN §9)',
  }),
  staffPasswords: Type.Optional(
    Type.Record(Type.String(), Type.String(), {
      description: 'personId → scrypt hash (password + fingerprint confirmation)',
    }),
  ),
  centre: Type.Optional(
    Type.Object(
      {
        brokerUrl: Type.String({
          pattern: '^(mqtt|mqtts|tcp|tls)://',
          description: 'MQTT broker the centre listens on, e.g. mqtt://centre.example:1883',
        }),
        username: Type.Optional(
          Type.String({
            minLength: 1,
            description: 'broker user name; default: the gateway id (ACLs use it as %u)',
          }),
        ),
        passwordFile: Type.Optional(
          Type.String({
            description: 'file holding the broker password (mode 0600); none: connect without one',
          }),
        ),
        outboxLimitBytes: Type.Optional(
          Type.Integer({
            minimum: 0,
            description: `unacknowledged bytes above which the gateway warns and flags its status; records are never dropped (default ${UPLINK.outboxLimitBytes})`,
          }),
        ),
        batchSize: Type.Optional(
          Type.Integer({
            minimum: 1,
            maximum: 5000,
            description: `most events per catch-up message (default ${UPLINK.batchSize})`,
          }),
        ),
        batchMaxBytes: Type.Optional(
          Type.Integer({
            minimum: 1024,
            description: `most bytes per catch-up message (default ${UPLINK.batchMaxBytes})`,
          }),
        ),
        inFlightBatches: Type.Optional(
          Type.Integer({
            minimum: 1,
            maximum: 64,
            description: `catch-up messages awaiting the centre's ack at once (default ${UPLINK.inFlightBatches})`,
          }),
        ),
        ackTimeoutMs: Type.Optional(
          Type.Integer({
            minimum: 100,
            description: `without an ack this long, unacknowledged events are sent again (default ${UPLINK.ackTimeoutMs})`,
          }),
        ),
        statusMinIntervalMs: Type.Optional(
          Type.Integer({
            minimum: 0,
            description: `fewest ms between two status publishes (default ${UPLINK.statusMinIntervalMs})`,
          }),
        ),
        reconnectMinMs: Type.Optional(
          Type.Integer({
            minimum: 10,
            description: `first reconnect delay (default ${UPLINK.reconnectMinMs})`,
          }),
        ),
        reconnectMaxMs: Type.Optional(
          Type.Integer({
            minimum: 10,
            description: `longest reconnect delay (default ${UPLINK.reconnectMaxMs})`,
          }),
        ),
        keepaliveS: Type.Optional(
          Type.Integer({
            minimum: 1,
            maximum: 65535,
            description: `MQTT keepalive; the broker announces the gateway offline after 1.5 × this of silence (default ${UPLINK.keepaliveS})`,
          }),
        ),
      },
      { description: 'uplink to the monitoring centre; without it the gateway runs offline only' },
    ),
  ),
  logLevel: Type.String({ default: 'info' }),
});
export type GatewayConfig = Static<typeof GatewayConfigSchema>;

export class GatewayConfigError extends VaultlineError {
  constructor(message: string) {
    super('GATEWAY_CONFIG', message);
  }
}

/** Reads, defaults and validates the config file; relative paths are resolved against its folder. */
export function loadGatewayConfig(path: string): GatewayConfig {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new GatewayConfigError(`cannot read gateway config ${path}: ${(error as Error).message}`);
  }
  const config = parseGatewayConfig(raw);
  const base = dirname(resolve(path));
  const centre = config.centre?.passwordFile
    ? { ...config.centre, passwordFile: resolve(base, config.centre.passwordFile) }
    : config.centre;
  return {
    ...config,
    dataDir: resolve(base, config.dataDir),
    centrePublicKey: resolve(base, config.centrePublicKey),
    ...(config.centreEncryptionKey ? { centreEncryptionKey: resolve(base, config.centreEncryptionKey) } : {}),
    ...(centre ? { centre } : {}),
  };
}

export function parseGatewayConfig(raw: unknown): GatewayConfig {
  const withDefaults = Value.Default(GatewayConfigSchema, Value.Clone(raw));
  const errors = [...Value.Errors(GatewayConfigSchema, withDefaults)];
  if (errors.length > 0) {
    const first = errors.slice(0, 3).map((e) => `${e.path || '/'} ${e.message}`);
    throw new GatewayConfigError(`gateway config is invalid: ${first.join('; ')}`);
  }
  return withDefaults as GatewayConfig;
}
