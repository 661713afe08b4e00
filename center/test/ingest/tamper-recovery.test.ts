import { silentLogger } from '@vaultline/shared';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AlarmService } from '../../src/alarms/alarm-service.ts';
import { ResumeRefusedError } from '../../src/ingest/resume-policy.ts';
import { type ResumeActor, TamperRecovery } from '../../src/ingest/tamper-recovery.ts';
import { forge, payload } from './chain-fixture.ts';
import { ingestHarness } from './ingest-fixture.ts';

const ADMIN: ResumeActor = { name: 'li.admin', role: 'admin', context: { via: 'test' } };
const REASON = 'forged message via leaked broker password; password rotated, gateway checked';

/**
 * The resume after RECORD_TAMPERED on a real store with the real ingest: a forged record stops ingest
 * and raises the alarm (through the same AlarmService the centre wires), then the operator acts.
 */
describe('TamperRecovery: resume ingest from the verified head', () => {
  let h: ReturnType<typeof ingestHarness>;
  let alarms: AlarmService;
  let recovery: TamperRecovery;
  let ids = 0;

  beforeEach(async () => {
    ids = 0;
    h = ingestHarness();
    const { store, clock } = h.handle;
    alarms = new AlarmService({
      store: store.alarms,
      audit: store.audit,
      clock,
      newAlarmId: () => `A${++ids}`,
      logger: silentLogger,
      gateways: store.gateways,
    });
    recovery = new TamperRecovery({
      events: store.events,
      gateways: store.gateways,
      alarms,
      audit: store.audit,
      resend: h.service,
      transaction: (fn) => store.transaction(fn),
      clock,
      logger: silentLogger,
    });
    // Three genuine records, then a forgery at seq 4: stored up to 3, ingest stopped, alarm raised.
    const genuine = h.gw.emit(3);
    await h.service.receive(h.gw.gatewayId, payload(genuine));
    const [next] = h.gw.emit(1);
    await h.service.receive(h.gw.gatewayId, payload([forge(next as never)]));
    for (const report of h.tampered) alarms.recordTampered(report);
  });
  afterEach(() => h.dispose());

  const head = () => h.handle.store.events.head(h.gw.gatewayId);
  const tamperAlarm = () => alarms.list({ kind: 'RECORD_TAMPERED' })[0];
  const auditOf = (action: string) =>
    h.handle.store.audit.newest({ action, limit: 50 }).filter((entry) => entry.action === action);

  async function refusal(actor: ResumeActor, reason: string, gatewayId = h.gw.gatewayId) {
    const error = await recovery.resumeIngest(gatewayId, actor, reason).then(
      () => undefined,
      (caught: unknown) => caught,
    );
    expect(error).toBeInstanceOf(ResumeRefusedError);
    return (error as ResumeRefusedError).code;
  }

  it('starts from a stopped chain with a raised alarm', () => {
    expect(head()).toMatchObject({ lastSeq: 3, tampered: true });
    expect(tamperAlarm()).toMatchObject({ state: 'raised', gatewayId: h.gw.gatewayId });
  });

  it('refuses a non-admin, a missing or short reason, and a resume before the alarm is acknowledged — each audited', async () => {
    expect(await refusal({ name: 'wang.duty', role: 'duty-officer' }, REASON)).toBe('RESUME_FORBIDDEN');
    expect(await refusal({ name: 'zhao.audit', role: 'auditor' }, REASON)).toBe('RESUME_FORBIDDEN');
    expect(await refusal(ADMIN, '')).toBe('RESUME_REASON_REQUIRED');
    expect(await refusal(ADMIN, '  too short ')).toBe('RESUME_REASON_REQUIRED');
    expect(await refusal(ADMIN, REASON)).toBe('RESUME_ALARM_NOT_ACKNOWLEDGED');
    expect(await refusal(ADMIN, REASON, 'gw-nobody')).toBe('RESUME_UNKNOWN_GATEWAY');

    expect(head()).toMatchObject({ lastSeq: 3, tampered: true });
    expect(h.resends()).toEqual([]);
    const refused = auditOf('gateway.resume-ingest.refused');
    expect(refused.map((entry) => entry.detail?.code).reverse()).toEqual([
      'RESUME_FORBIDDEN',
      'RESUME_FORBIDDEN',
      'RESUME_REASON_REQUIRED',
      'RESUME_REASON_REQUIRED',
      'RESUME_ALARM_NOT_ACKNOWLEDGED',
      'RESUME_UNKNOWN_GATEWAY',
    ]);
    expect(refused.at(-1)).toMatchObject({
      actor: 'wang.duty',
      target: `gateway:${h.gw.gatewayId}`,
      detail: { role: 'duty-officer', reason: REASON },
    });
    expect(auditOf('gateway.resume-ingest')).toEqual([]);
  });

  it('resumes once the alarm is acknowledged: flag cleared, alarm resolved with the reason, audited, resend asked', async () => {
    alarms.acknowledge(tamperAlarm()?.alarmId as string, { name: 'wang.duty' });
    const result = await recovery.resumeIngest(h.gw.gatewayId, ADMIN, `  ${REASON}  `);

    expect(result).toEqual({
      gatewayId: h.gw.gatewayId,
      fromSeq: 4,
      resolvedAlarms: ['A1'],
      resendRequested: true,
    });
    expect(head()).toMatchObject({ lastSeq: 3, tampered: false });
    expect(tamperAlarm()).toMatchObject({
      state: 'resolved',
      resolvedBy: 'li.admin',
      resolutionNote: `Ingest resumed from the verified head (seq 3) by li.admin: ${REASON}`,
    });
    expect(h.published.at(-1)).toMatchObject({
      kind: 'cmd',
      gatewayId: h.gw.gatewayId,
      body: { cmd: 'resend', fromSeq: 4 },
    });
    expect(auditOf('gateway.resume-ingest')).toEqual([
      expect.objectContaining({
        actor: 'li.admin',
        target: `gateway:${h.gw.gatewayId}`,
        detail: { reason: REASON, fromSeq: 4, resolvedAlarms: ['A1'], role: 'admin', via: 'test' },
      }),
    ]);

    // The gateway answers with its genuine records from seq 4: they link to the verified head.
    const answer = h.gw.chain.slice(3).concat(h.gw.emit(2));
    await h.service.receive(h.gw.gatewayId, payload(answer));
    expect(h.storedSeqs()).toEqual([1, 2, 3, 4, 5, 6]);
    expect(h.acks().at(-1)).toBe(6);
    expect(await refusal(ADMIN, REASON)).toBe('RESUME_NOT_STOPPED');
  });

  it('stops again with a new alarm when what arrives after the resume still does not link', async () => {
    alarms.acknowledge(tamperAlarm()?.alarmId as string, { name: 'wang.duty' });
    await recovery.resumeIngest(h.gw.gatewayId, ADMIN, REASON);
    h.tampered.length = 0;

    // The impostor repeats the same forgery: same seq, same problem.
    const [fourth] = h.gw.chain.slice(3);
    await h.service.receive(h.gw.gatewayId, payload([forge(fourth as never)]));
    for (const report of h.tampered) alarms.recordTampered(report);

    expect(head()).toMatchObject({ lastSeq: 3, tampered: true });
    const open = alarms.list({ kind: 'RECORD_TAMPERED', state: 'raised' });
    expect(open).toEqual([
      expect.objectContaining({ alarmId: 'A2', detail: expect.objectContaining({ seq: 4 }) }),
    ]);
    expect(await refusal(ADMIN, REASON)).toBe('RESUME_ALARM_NOT_ACKNOWLEDGED');
  });
});
