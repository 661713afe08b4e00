import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { type Static, Type } from '@sinclair/typebox';
import { Value } from '@sinclair/typebox/value';
import { VaultlineError } from '@vaultline/shared';
import { isKnownTimeZone } from '@vaultline/shared/time/service-day';

/**
 * The centre's configuration: one JSON file, checked once at boot. Relative paths are relative to the
 * config file. Without `broker.url` the centre runs its embedded broker (aedes) — the zero-setup default.
 */
export const CenterConfigSchema = Type.Object({
  dataDir: Type.String({ description: 'the centre database, keys and backups' }),
  broker: Type.Object(
    {
      url: Type.Optional(
        Type.String({
          description: 'external broker (Mosquitto, EMQX), e.g. mqtt://10.0.0.2:1883; absent = embedded',
        }),
      ),
      host: Type.String({ default: '127.0.0.1', description: 'embedded broker: listen address' }),
      port: Type.Integer({
        minimum: 0,
        maximum: 65535,
        default: 1883,
        description: 'embedded broker: port (0 = any free port)',
      }),
      username: Type.String({ default: 'centre', description: 'the centre’s own broker user' }),
      passwordFile: Type.Optional(
        Type.String({ description: 'file holding the centre’s broker password (mode 0600)' }),
      ),
    },
    { default: {} },
  ),
  http: Type.Object(
    {
      host: Type.String({ default: '127.0.0.1' }),
      port: Type.Integer({ minimum: 0, maximum: 65535, default: 8443 }),
    },
    { default: {} },
  ),
  rules: Type.Optional(
    Type.Record(Type.String(), Type.Number(), {
      description: 'overrides of the centre alarm rules (see center/src/rules/rules-config.ts)',
    }),
  ),
  tickMs: Type.Integer({
    minimum: 100,
    default: 5_000,
    description: 'how often time-based rules (late arrival) are evaluated',
  }),
  logLevel: Type.String({ default: 'info' }),
  serviceTimeZone: Type.String({
    default: 'UTC',
    description:
      "IANA time zone of the bank (e.g. Asia/Shanghai): decides which day's plan is today's and how the console shows times",
  }),
  faceRetentionDays: Type.Integer({
    minimum: 1,
    maximum: 3650,
    default: 90,
    description:
      'face captures received from gateways are deleted after this many days, each deletion audited (DESIGN §9); keep it equal to the gateways’',
  }),
  console: Type.Object(
    {
      sessionIdleMinutes: Type.Integer({
        minimum: 5,
        maximum: 1440,
        default: 720,
        description: 'a console session ends after this many minutes without a request (5 to 1440)',
      }),
      sessionAbsoluteHours: Type.Integer({
        minimum: 1,
        maximum: 168,
        default: 12,
        description:
          'a console session ends this many hours after login however busy it is; sign in again (1 to 168)',
      }),
    },
    { default: {} },
  ),
  backup: Type.Object(
    {
      folder: Type.Optional(
        Type.String({
          description: 'where backups go (best another disk); absent = <dataDir>/backups',
        }),
      ),
      intervalMinutes: Type.Integer({
        minimum: 0,
        maximum: 10_080,
        default: 360,
        description: 'minutes between automatic backups of the centre database (0 = none; at most a week)',
      }),
      keep: Type.Integer({ minimum: 1, default: 14, description: 'how many of the newest backups are kept' }),
    },
    { default: {} },
  ),
});
export type CenterConfig = Static<typeof CenterConfigSchema>;

export class CenterConfigError extends VaultlineError {
  constructor(message: string) {
    super('CENTER_CONFIG', message);
  }
}

export function parseCenterConfig(raw: unknown): CenterConfig {
  const withDefaults = Value.Default(CenterConfigSchema, Value.Clone(raw ?? {}));
  const errors = [...Value.Errors(CenterConfigSchema, withDefaults)];
  if (errors.length > 0) {
    throw new CenterConfigError(
      `centre config is invalid: ${errors
        .slice(0, 3)
        .map((e) => `${e.path || '/'} ${e.message}`)
        .join('; ')}`,
    );
  }
  const config = withDefaults as CenterConfig;
  if (!isKnownTimeZone(config.serviceTimeZone)) {
    throw new CenterConfigError(
      `centre config is invalid: serviceTimeZone "${config.serviceTimeZone}" is not an IANA time zone (e.g. Asia/Shanghai)`,
    );
  }
  return config;
}

export function loadCenterConfig(path: string): CenterConfig {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new CenterConfigError(`cannot read centre config ${path}: ${(error as Error).message}`);
  }
  const config = parseCenterConfig(raw);
  const base = dirname(resolve(path));
  return {
    ...config,
    dataDir: resolve(base, config.dataDir),
    broker: {
      ...config.broker,
      passwordFile: config.broker.passwordFile ? resolve(base, config.broker.passwordFile) : undefined,
    },
    backup: {
      ...config.backup,
      folder: config.backup.folder ? resolve(base, config.backup.folder) : undefined,
    },
  };
}
