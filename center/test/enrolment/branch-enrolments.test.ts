import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { PersonEnrolledBody } from '@vaultline/shared/contract/event-bodies';
import type { EventEnvelope } from '@vaultline/shared/contract/event-envelope';
import type { EnrolPayload } from '@vaultline/shared/contract/mqtt-payloads';
import { parseTopic } from '@vaultline/shared/contract/mqtt-topics';
import { templateSha256 } from '@vaultline/shared/contract/template-digest';
import { encryptToX25519 } from '@vaultline/shared/crypto/jwe-x25519';
import { generateEncryptionKeyPair } from '@vaultline/shared/crypto/keys';
import { FakeClock } from '@vaultline/shared/time/fake-clock';
import { afterEach, describe, expect, it } from 'vitest';
import { BranchEnrolments } from '../../src/enrolment/branch-enrolments.ts';
import { IngestService } from '../../src/ingest/ingest-service.ts';
import { openCentreStore } from '../../src/store/open-store.ts';
import { TestGateway } from '../ingest/chain-fixture.ts';

const MANAGER = 'M3001';
/** A module template: 512 opaque bytes (protocol §6), different for every finger. */
const templateForFinger = (_finger: string) => new Uint8Array(randomBytes(512));
const TELLER = 'T2001';

/**
 * A real centre store (people sealed at rest) with a teller at BR-001, a registered gateway signing a
 * real chain, the real ingest feeding BranchEnrolments, and a publisher recording the answers.
 */
function setup() {
  const dir = mkdtempSync(join(tmpdir(), 'vl-enrol-'));
  const clock = new FakeClock();
  const store = openCentreStore(join(dir, 'center.db'), { clock, atRestKey: randomBytes(32) });
  store.sites.save({
    siteId: 'BR-001',
    name: 'Chaoyang',
    kind: 'branch',
    position: { lat: 39.92, lon: 116.44 },
    geofenceM: 150,
  });
  store.people.save(
    { personId: TELLER, name: '陈静', employeeNo: 'BK-2001', role: 'teller', siteId: 'BR-001' },
    'test',
  );
  const gateway = new TestGateway('gw-BR-001', 'BR-001');
  store.gateways.register(gateway.registration);
  const centre = generateEncryptionKeyPair();
  const answers: Array<{ gatewayId: string; cmd: Record<string, unknown> }> = [];
  const publisher = {
    publish: async (topic: string, payload: string) => {
      const parsed = parseTopic(topic);
      if (parsed?.kind === 'cmd' && JSON.parse(payload).cmd?.startsWith('enrolment'))
        answers.push({ gatewayId: parsed.gatewayId, cmd: JSON.parse(payload) });
    },
  };
  const enrolments = new BranchEnrolments({
    people: store.people,
    events: store.events,
    audit: store.audit,
    publisher,
    centreKey: centre.privateKey,
    transaction: (fn) => store.transaction(fn),
    clock,
    resendDelayMs: 5_000,
    maxResendRequests: 2,
  });
  const ingest = new IngestService({
    registry: store.gateways,
    events: store.events,
    publisher,
    clock,
    onStored: (gatewayId, envelopes) => enrolments.onGatewayEvents(gatewayId, envelopes),
  });
  /** The gateway's chain: the next envelope, signed with its key. */
  const enrolledEvent = (body: PersonEnrolledBody): EventEnvelope =>
    gateway.append('person.enrolled', body, new Date(clock.now()).toISOString());
  const chain = (envelope: EventEnvelope) =>
    ingest.receive(gateway.gatewayId, Buffer.from(JSON.stringify(envelope)));
  const message = async (fields: Omit<EnrolPayload, 'templateJwe'>, template: Uint8Array) => {
    const payload: EnrolPayload = {
      ...fields,
      templateJwe: await encryptToX25519(template, centre.publicKey),
    };
    return enrolments.receive(gateway.gatewayId, Buffer.from(JSON.stringify(payload)));
  };
  const body = (
    enrolmentId: string,
    template: Uint8Array,
    personId = TELLER,
    slot = 1,
  ): PersonEnrolledBody => ({
    enrolmentId,
    personId,
    slot,
    templateSha256: templateSha256(template),
    approvedBy: MANAGER,
    reader: 'fp-zone',
  });
  const audit = (action: string) => store.audit.list().filter((entry) => entry.action === action);
  return {
    store,
    clock,
    enrolments,
    answers,
    enrolledEvent,
    chain,
    message,
    body,
    audit,
    dispose: () => {
      enrolments.stop();
      store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

let world: ReturnType<typeof setup> | undefined;
afterEach(() => {
  world?.dispose();
  world = undefined;
});

describe('BranchEnrolments', () => {
  it('stores a template whose message came first once the signed event arrives, and audits it', async () => {
    world = setup();
    const template = templateForFinger('T2001-R2');
    await world.message({ enrolmentId: 'EN-1', personId: TELLER, slot: 1 }, template);
    expect(world.store.people.templates(TELLER)).toEqual([]);
    expect(world.enrolments.metrics().pending).toBe(1);

    await world.chain(world.enrolledEvent(world.body('EN-1', template)));
    expect(world.store.people.templates(TELLER)).toEqual([template]);
    expect(world.store.people.get(TELLER)?.templateCount).toBe(1);
    expect(world.answers).toEqual([
      { gatewayId: 'gw-BR-001', cmd: { cmd: 'enrolment-result', enrolmentId: 'EN-1', outcome: 'stored' } },
    ]);
    expect(world.audit('person.enrolled')).toEqual([
      expect.objectContaining({
        actor: 'branch:gw-BR-001',
        target: TELLER,
        detail: expect.objectContaining({ enrolmentId: 'EN-1', slot: 1, approvedBy: MANAGER, seq: 1 }),
      }),
    ]);
    expect(world.enrolments.metrics()).toMatchObject({ received: 1, stored: 1, refused: 0, pending: 0 });
  });

  it('stores a template whose event was already in the chain when the message arrives', async () => {
    world = setup();
    const template = templateForFinger('T2001-R3');
    await world.chain(world.enrolledEvent(world.body('EN-2', template, TELLER, 0)));
    await world.message({ enrolmentId: 'EN-2', personId: TELLER, slot: 0 }, template);
    expect(world.store.people.templates(TELLER)).toEqual([template]);
    // Redelivered (the answer was lost): answered again, stored and audited once.
    await world.message({ enrolmentId: 'EN-2', personId: TELLER, slot: 0 }, template);
    expect(world.answers.map((a) => a.cmd.outcome)).toEqual(['stored', 'stored']);
    expect(world.audit('person.enrolled')).toHaveLength(1);
    expect(world.enrolments.metrics().stored).toBe(1);
  });

  it('refuses a message whose template does not match the signed hash, keeps the genuine one, and asks again', async () => {
    world = setup();
    const genuine = templateForFinger('T2001-R1');
    const forged = templateForFinger('mallory-R1');
    await world.chain(world.enrolledEvent(world.body('EN-3', genuine)));
    await world.message({ enrolmentId: 'EN-3', personId: TELLER, slot: 1 }, forged);
    expect(world.store.people.templates(TELLER)).toEqual([]);
    expect(world.enrolments.metrics()).toMatchObject({ refused: 1, stored: 0 });
    const refusal = world.audit('person.enrolment-refused');
    expect(refusal).toEqual([
      expect.objectContaining({ target: TELLER, detail: expect.objectContaining({ enrolmentId: 'EN-3' }) }),
    ]);
    expect(String(refusal[0]?.detail?.reason)).toMatch(/SHA-256/);
    // The gateway is not told "refused" (its genuine message may still come): it is asked for it again.
    expect(world.answers).toEqual([
      { gatewayId: 'gw-BR-001', cmd: { cmd: 'enrolment-resend', enrolmentId: 'EN-3' } },
    ]);
    await world.message({ enrolmentId: 'EN-3', personId: TELLER, slot: 1 }, genuine);
    expect(world.store.people.templates(TELLER)).toEqual([genuine]);
    // A forgery after the genuine one changes nothing.
    await world.message({ enrolmentId: 'EN-3', personId: TELLER, slot: 1 }, forged);
    expect(world.store.people.templates(TELLER)).toEqual([genuine]);
    expect(world.enrolments.metrics()).toMatchObject({ refused: 2, stored: 1 });
  });

  it('refuses a message naming another person or slot than the signed event', async () => {
    world = setup();
    const template = templateForFinger('T2001-R4');
    await world.message({ enrolmentId: 'EN-4', personId: TELLER, slot: 5 }, template);
    await world.chain(world.enrolledEvent(world.body('EN-4', template, TELLER, 1)));
    expect(world.store.people.templates(TELLER)).toEqual([]);
    expect(String(world.audit('person.enrolment-refused')[0]?.detail?.reason)).toMatch(/slot 5.*slot 1/);
  });

  it('asks the gateway for a message that does not follow its event, a bounded number of times', async () => {
    world = setup();
    await world.chain(world.enrolledEvent(world.body('EN-5', templateForFinger('T2001-R5'))));
    expect(world.answers).toEqual([]);
    await world.clock.advance(5_000);
    expect(world.answers).toEqual([
      { gatewayId: 'gw-BR-001', cmd: { cmd: 'enrolment-resend', enrolmentId: 'EN-5' } },
    ]);
    // A template the centre cannot open is refused and asked for again, up to the limit.
    await world.enrolments.receive(
      'gw-BR-001',
      Buffer.from(
        JSON.stringify({ enrolmentId: 'EN-5', personId: TELLER, slot: 1, templateJwe: 'a.b.c.d.e' }),
      ),
    );
    await world.enrolments.receive(
      'gw-BR-001',
      Buffer.from(
        JSON.stringify({ enrolmentId: 'EN-5', personId: TELLER, slot: 1, templateJwe: 'a.b.c.d.e' }),
      ),
    );
    expect(world.answers.filter((a) => a.cmd.cmd === 'enrolment-resend')).toHaveLength(2);
    expect(world.enrolments.metrics()).toMatchObject({ refused: 2, resendRequests: 2 });
  });

  it('tells the gateway when the centre can never take the template (unknown person)', async () => {
    world = setup();
    const template = templateForFinger('X9-R1');
    await world.message({ enrolmentId: 'EN-6', personId: 'X9', slot: 0 }, template);
    await world.chain(world.enrolledEvent(world.body('EN-6', template, 'X9', 0)));
    expect(world.answers).toEqual([
      {
        gatewayId: 'gw-BR-001',
        cmd: expect.objectContaining({ cmd: 'enrolment-result', enrolmentId: 'EN-6', outcome: 'refused' }),
      },
    ]);
    expect(String(world.answers[0]?.cmd.reason)).toMatch(/X9/);
  });

  it('counts and ignores payloads that are not enrol messages', async () => {
    world = setup();
    await world.enrolments.receive('gw-BR-001', Buffer.from('not json'));
    await world.enrolments.receive('gw-BR-001', Buffer.from(JSON.stringify({ enrolmentId: 'EN-7' })));
    expect(world.enrolments.metrics()).toMatchObject({ received: 2, invalid: 2, refused: 0, pending: 0 });
    expect(world.answers).toEqual([]);
  });
});
