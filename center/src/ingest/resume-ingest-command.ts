import { join } from 'node:path';
import { silentLogger } from '@vaultline/shared';
import { createUlidGenerator } from '@vaultline/shared/crypto/ulid';
import { systemClock } from '@vaultline/shared/time/clock';
import { AlarmService } from '../alarms/alarm-service.ts';
import type { CenterConfig } from '../config/center-config.ts';
import { openCentreStore } from '../store/open-store.ts';
import { brokerResendRequester, centreBrokerLogin } from './broker-resend.ts';
import { ResumeRefusedError } from './resume-policy.ts';
import { type ResendRequester, TamperRecovery } from './tamper-recovery.ts';

type Print = (line: string) => void;

/**
 * `vaultline-center gateway resume-ingest --id <gw> --reason <text>`: the admin's resume after
 * RECORD_TAMPERED, from the centre machine (whoever holds its config and database is an admin). Works on
 * the store beside a running centre, whose ingest reads the flag on every message; the resend request
 * goes through the broker as the centre's user. Exit 0 resumed, 1 refused (the reason is printed).
 */
export async function resumeIngestCommand(
  config: CenterConfig,
  args: { id: string; reason: string },
  actor: string,
  io: { out: Print; err: Print },
  resend: ResendRequester = brokerResendRequester(centreBrokerLogin(config), silentLogger),
): Promise<number> {
  const store = openCentreStore(join(config.dataDir, 'center.db'));
  try {
    const clock = systemClock;
    const alarms = new AlarmService({
      store: store.alarms,
      audit: store.audit,
      clock,
      newAlarmId: createUlidGenerator({ clock }),
      logger: silentLogger,
      gateways: store.gateways,
    });
    const recovery = new TamperRecovery({
      events: store.events,
      gateways: store.gateways,
      alarms,
      audit: store.audit,
      resend,
      transaction: (fn) => store.transaction(fn),
      clock,
      logger: silentLogger,
    });
    const result = await recovery.resumeIngest(
      args.id,
      { name: actor, role: 'admin', context: { via: 'cli' } },
      args.reason,
    );
    io.out(
      `ingest of ${result.gatewayId} resumed from the verified head: next expected seq ${result.fromSeq}`,
    );
    if (result.resolvedAlarms.length > 0)
      io.out(`resolved RECORD_TAMPERED alarm(s) with your reason: ${result.resolvedAlarms.join(', ')}`);
    io.out(
      result.resendRequested
        ? `asked ${result.gatewayId} to send again from seq ${result.fromSeq}`
        : `the broker was not reachable from here: ${result.gatewayId} sends its unacknowledged events again on its own at its next ack timeout or reconnection`,
    );
    io.out('records that still do not link to the verified head raise RECORD_TAMPERED again');
    return 0;
  } catch (error) {
    if (!(error instanceof ResumeRefusedError)) throw error;
    io.err(`refused (${error.code}): ${error.message}`);
    return 1;
  } finally {
    store.close();
  }
}
