import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Logger } from '@vaultline/shared';
import type { CmdPayload } from '@vaultline/shared/contract/mqtt-payloads';
import { topics } from '@vaultline/shared/contract/mqtt-topics';
import mqtt from 'mqtt';
import type { CenterConfig } from '../config/center-config.ts';
import type { ResendRequester } from './tamper-recovery.ts';

/** How long the CLI waits for the broker before it leaves the resend to the gateway itself, ms. */
const CONNECT_TIMEOUT_MS = 5_000;

export interface CentreBrokerLogin {
  url: string;
  username: string;
  password: string;
}

/**
 * Where this machine reaches the centre's broker as the centre's user, for a command run beside the
 * centre: the configured broker, or the embedded one on loopback. Undefined when it cannot be known
 * (an embedded broker on any free port) or the centre never ran (no broker password yet).
 */
export function centreBrokerLogin(config: CenterConfig): CentreBrokerLogin | undefined {
  const { url, host, port, username } = config.broker;
  const passwordFile = config.broker.passwordFile ?? join(config.dataDir, 'broker-centre-password');
  if (!existsSync(passwordFile)) return undefined;
  const anyAddress = host === '0.0.0.0' || host === '::' || host === '';
  const address = url ?? (port === 0 ? undefined : `mqtt://${anyAddress ? '127.0.0.1' : host}:${port}`);
  if (!address) return undefined;
  return { url: address, username, password: readFileSync(passwordFile, 'utf8').trim() };
}

/**
 * The CLI's resend request: one short MQTT connection as the centre's user (its own client id, so the
 * running centre's session is left alone) that publishes `{"cmd": "resend"}` to the gateway.
 */
export function brokerResendRequester(login: CentreBrokerLogin | undefined, logger: Logger): ResendRequester {
  return {
    async requestResend(gatewayId, fromSeq) {
      if (!login) return false;
      const cmd: CmdPayload = { cmd: 'resend', fromSeq };
      try {
        const client = await mqtt.connectAsync(login.url, {
          protocolVersion: 4,
          clientId: `vaultline-centre-cli-${process.pid}-${Date.now().toString(36)}`,
          clean: true,
          username: login.username,
          password: login.password,
          connectTimeout: CONNECT_TIMEOUT_MS,
          reconnectPeriod: 0,
        });
        try {
          await client.publishAsync(topics.gatewayCmd(gatewayId), JSON.stringify(cmd), { qos: 1 });
        } finally {
          await client.endAsync();
        }
        return true;
      } catch (error) {
        logger.warn({ gatewayId, broker: login.url, err: error }, 'resend request not published');
        return false;
      }
    },
  };
}
