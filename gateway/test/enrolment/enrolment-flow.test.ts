import { generateKeyPairSync } from 'node:crypto';
import { DeviceOfflineError, silentLogger } from '@vaultline/shared';
import type { PersonEnrolledBody } from '@vaultline/shared/contract/event-bodies';
import type { EnrolPayload } from '@vaultline/shared/contract/mqtt-payloads';
import type { SitePlan } from '@vaultline/shared/plan/plan-schema';
import { FakeClock } from '@vaultline/shared/time/fake-clock';
import { describe, expect, it, vi } from 'vitest';
import type { EnrolOptions, EnrolOutcome } from '../../src/devices/fingerprint/fingerprint-enrolment.ts';
import type { IdentifyOutcome } from '../../src/devices/fingerprint/fingerprint-reader.ts';
import { EnrolmentFlow, type EnrolmentReader } from '../../src/enrolment/enrolment-flow.ts';

const TEMPLATE = new Uint8Array(512).fill(7);

/** A reader whose outcomes the test decides; it records holds and what it was asked. */
class ScriptedReader implements EnrolmentReader {
  readonly health = { isOnline: true };
  holds = 0;
  identifies: IdentifyOutcome[] = [];
  enrols: Array<EnrolOutcome | Error> = [];
  lastSignal: AbortSignal | undefined;

  async holdScanning(): Promise<() => void> {
    this.holds += 1;
    return () => {
      this.holds -= 1;
    };
  }
  async identify(options: { signal?: AbortSignal }): Promise<IdentifyOutcome> {
    this.lastSignal = options.signal;
    const next = this.identifies.shift();
    if (next) return next;
    // Nobody there yet: waits until cancelled.
    return new Promise((resolve) =>
      options.signal?.addEventListener('abort', () => resolve({ kind: 'no-finger' })),
    );
  }
  async enrol(options: EnrolOptions): Promise<EnrolOutcome> {
    options.onPrompt?.('place-finger');
    const next = this.enrols.shift() ?? { kind: 'no-finger', capture: 1 };
    if (next instanceof Error) throw next;
    return next;
  }
}

const plan = {
  people: [
    { personId: 'M3001', name: '赵敏', employeeNo: 'BK-3001', role: 'branch-manager', templates: ['x'] },
    { personId: 'E1001', name: '张伟', employeeNo: 'YY-1001', role: 'escort', templates: ['x'] },
    { personId: 'T2001', name: '陈静', employeeNo: 'BK-2001', role: 'teller', templates: ['x'] },
  ],
} as unknown as SitePlan;
/** Module pages as the last template sync left them. */
const PAGES = new Map([
  [0, 'M3001'],
  [1, 'E1001'],
]);

function setup(options: { centreKey?: boolean; handover?: boolean } = {}) {
  const clock = new FakeClock();
  const reader = new ScriptedReader();
  const committed: Array<{ body: PersonEnrolledBody; payload: EnrolPayload }> = [];
  const state = { handover: options.handover ?? false, syncing: false };
  let ids = 0;
  const flow = new EnrolmentFlow({
    readers: new Map([['fp-zone', reader]]),
    personAt: (_reader, pageId) => (state.syncing ? undefined : PAGES.get(pageId)),
    plan: () => plan,
    handoverActive: () => state.handover,
    centreKey: options.centreKey === false ? undefined : generateKeyPairSync('x25519').publicKey,
    commit: (body, payload) => committed.push({ body, payload }),
    clock,
    newId: () => `ID-${++ids}`,
    logger: silentLogger,
    idleMs: 60_000,
  });
  const announced: string[] = [];
  flow.onChange((session, announce) => {
    if (announce && session) announced.push(session.phase);
  });
  const settle = () => clock.advance(0);
  return { clock, reader, flow, committed, state, announced, settle };
}

const matched = (pageId: number): IdentifyOutcome => ({ kind: 'matched', pageId, score: 120 });

describe('EnrolmentFlow', () => {
  it('goes manager → choose → capture → enrolled, holding the reader until the record is written', async () => {
    const { flow, reader, committed, settle, announced } = setup();
    reader.identifies.push(matched(0));
    reader.enrols.push({ kind: 'enrolled', template: TEMPLATE });
    await flow.start('fp-zone');
    await settle();
    expect(flow.current).toMatchObject({ phase: 'choose', manager: { personId: 'M3001', name: '赵敏' } });
    expect(reader.holds).toBe(1);
    flow.choose('T2001', 2);
    // Sealing the template is real (async) JWE encryption.
    await vi.waitFor(() => expect(flow.current?.phase).toBe('enrolled'));
    expect(flow.current).toMatchObject({ phase: 'enrolled', enrolmentId: 'ID-2', slot: 2 });
    expect(reader.holds).toBe(0);
    expect(committed).toHaveLength(1);
    expect(committed[0]?.body).toMatchObject({
      enrolmentId: 'ID-2',
      personId: 'T2001',
      slot: 2,
      approvedBy: 'M3001',
    });
    expect(committed[0]?.payload.templateJwe.split('.')).toHaveLength(5);
    expect(JSON.stringify(committed)).not.toContain(Buffer.from(TEMPLATE).toString('base64').slice(0, 20));
    expect(announced).toEqual(['manager', 'capture', 'enrolled']);
  });

  it('refuses a non-manager, a finger it cannot map (sync running) and nobody; each can be tried again', async () => {
    const { flow, reader, settle, state } = setup();
    reader.identifies.push(matched(1));
    await flow.start('fp-zone');
    await settle();
    expect(flow.current?.failure).toEqual({ reason: 'not-a-manager', during: 'manager', detail: '张伟' });
    state.syncing = true;
    reader.identifies.push(matched(0));
    flow.retry();
    await settle();
    expect(flow.current?.failure?.reason).toBe('manager-unknown');
    reader.identifies.push({ kind: 'no-finger' });
    flow.retry();
    await settle();
    expect(flow.current?.failure?.reason).toBe('manager-no-finger');
    expect(reader.holds).toBe(1);
  });

  it('keeps the approval when the capture fails and captures again on retry', async () => {
    const { flow, reader, settle, committed } = setup();
    reader.identifies.push(matched(0));
    reader.enrols.push({ kind: 'fingers-differ' }, new DeviceOfflineError('fp-zone'), {
      kind: 'enrolled',
      template: TEMPLATE,
    });
    await flow.start('fp-zone');
    await settle();
    flow.choose('E1001', 0);
    await settle();
    expect(flow.current).toMatchObject({
      phase: 'failed',
      failure: { reason: 'fingers-differ', during: 'capture' },
    });
    flow.retry();
    await settle();
    expect(flow.current?.failure).toMatchObject({ reason: 'device', during: 'capture' });
    expect(flow.current?.failure?.detail).toMatch(/not connected/);
    flow.retry();
    await vi.waitFor(() => expect(flow.current?.phase).toBe('enrolled'));
    expect(flow.current).toMatchObject({ phase: 'enrolled', manager: { personId: 'M3001' } });
    expect(committed).toHaveLength(1);
  });

  it('refuses to start without the centre key, during a hand-over, or while a session runs', async () => {
    await expect(setup({ centreKey: false }).flow.start('fp-zone')).rejects.toMatchObject({
      code: 'ENROLMENT_UNAVAILABLE',
    });
    await expect(setup({ handover: true }).flow.start('fp-zone')).rejects.toMatchObject({
      code: 'ENROLMENT_HANDOVER',
    });
    const { flow, reader } = setup();
    await flow.start('fp-zone');
    await expect(flow.start('fp-zone')).rejects.toMatchObject({ code: 'ENROLMENT_BUSY' });
    await expect(flow.start('fp-nowhere')).rejects.toMatchObject({ code: 'ENROLMENT_BUSY' });
    flow.close();
    await expect(flow.start('fp-nowhere')).rejects.toMatchObject({ code: 'ENROLMENT_READER' });
    reader.health.isOnline = false;
    await expect(flow.start('fp-zone')).rejects.toMatchObject({ code: 'ENROLMENT_READER_OFFLINE' });
  });

  it('refuses an invalid choice and the manager approving their own enrolment', async () => {
    const { flow, reader, settle } = setup();
    reader.identifies.push(matched(0));
    await flow.start('fp-zone');
    await settle();
    expect(() => flow.choose('T2001', 10)).toThrow(/slot 10/);
    expect(() => flow.choose('no spaces', 0)).toThrow(/not valid/);
    expect(() => flow.choose('M3001', 1)).toThrow(
      expect.objectContaining({ code: 'ENROLMENT_SELF_APPROVAL' }),
    );
    flow.choose('X9', 0);
    expect(flow.current?.person).toEqual({ personId: 'X9', inPlan: false });
  });

  it('cancels a wait for the manager at once, and closes an abandoned session after idleMs', async () => {
    const { flow, reader, clock, settle } = setup();
    await flow.start('fp-zone');
    expect(reader.holds).toBe(1);
    flow.close('cancelled');
    expect(reader.lastSignal?.aborted).toBe(true);
    expect(flow.current).toBeNull();
    expect(reader.holds).toBe(0);
    reader.identifies.push(matched(0));
    await flow.start('fp-zone');
    await settle();
    expect(flow.current?.phase).toBe('choose');
    await clock.advance(59_000);
    expect(flow.current?.phase).toBe('choose');
    await clock.advance(1_000);
    expect(flow.current).toBeNull();
    expect(reader.holds).toBe(0);
  });
});
