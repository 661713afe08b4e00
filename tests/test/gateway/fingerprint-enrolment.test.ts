import { templateForFinger } from '@vaultline/firmware-sim/devices/fingerprint/finger-templates';
import type { KioskView } from '@vaultline/gateway/kiosk/kiosk-view';
import type { PersonEnrolledBody } from '@vaultline/shared/contract/event-bodies';
import { templateSha256 } from '@vaultline/shared/contract/template-digest';
import { decryptWithX25519 } from '@vaultline/shared/crypto/jwe-x25519';
import { generateEncryptionKeyPair, writeKeyPair } from '@vaultline/shared/crypto/keys';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { VEHICLES } from '../../src/scenario/day-plan.ts';
import { enrolAtKiosk, kioskOk, phase } from '../../src/scenario/enrolment-steps.ts';
import { GatewayScenario } from '../../src/scenario/gateway-scenario.ts';

/**
 * Enrolment at a branch reader, on the real gateway (store, kiosk over HTTP, drivers on simulated
 * readers over pty pairs), without a centre: the enrolment waits in the gateway's queue.
 */
const centre = generateEncryptionKeyPair();
let s: GatewayScenario;
const inputs: string[] = [];

beforeAll(async () => {
  s = await GatewayScenario.start({ siteId: 'BR-001', startGateway: false, fingerprintPollMs: 50 });
  const { publicFile } = writeKeyPair(s.dir, 'centre-encryption', centre);
  s.config = { ...s.config, centreEncryptionKey: publicFile };
  await s.startGateway();
  s.app!.service.onStep((_state, _events, input) => inputs.push(input.type));
});
afterAll(async () => {
  await s?.stop();
});

const view = async () => (await (await fetch(`${s.app!.kiosk.url}/api/view`)).json()) as KioskView;

describe('fingerprint enrolment at BR-001', () => {
  it('offers enrolment on both readers', async () => {
    const { enrolment } = await view();
    expect(enrolment).toMatchObject({
      available: true,
      session: null,
      readers: [
        { reader: 'fp-door', role: 'crew', online: true },
        { reader: 'fp-zone', role: 'confirm', online: true },
      ],
    });
  });

  it('records person.enrolled approved by the manager and queues the template encrypted to the centre', async () => {
    const event = await enrolAtKiosk(s, {
      reader: 'fp-zone',
      manager: 'M3001',
      personId: 'T2001',
      slot: 1,
      finger: 'T2001-R2',
    });
    const template = templateForFinger('T2001-R2');
    const body = event.body as PersonEnrolledBody;
    expect(body).toEqual({
      enrolmentId: expect.any(String),
      personId: 'T2001',
      slot: 1,
      templateSha256: templateSha256(template),
      approvedBy: 'M3001',
      reader: 'fp-zone',
    });
    const [queued] = s.app!.store.enrolments.unsettled();
    expect(queued).toMatchObject({ enrolmentId: body.enrolmentId, personId: 'T2001', slot: 1 });
    expect(queued?.sentAt).toBeUndefined();
    expect((await decryptWithX25519(queued!.payload.templateJwe, centre.privateKey)).plaintext).toEqual(
      template,
    );
    // The template is in neither the chain nor the queue in clear.
    const clear = Buffer.from(template).toString('base64');
    expect(s.events.some((e) => JSON.stringify(e).includes(clear.slice(0, 40)))).toBe(false);
    expect(JSON.stringify(queued)).not.toContain(clear.slice(0, 40));
    // Scanning was held: no finger reached the hand-over engine during the enrolment.
    expect(inputs).not.toContain('finger');
    // The reader's library still holds exactly the plan's people.
    await s.templatesLoaded();
    const { enrolment } = await view();
    expect(enrolment?.session).toMatchObject({
      phase: 'enrolled',
      person: { personId: 'T2001', name: '陈静' },
    });
    expect(enrolment?.recent[0]).toMatchObject({ enrolmentId: body.enrolmentId, delivery: 'waiting' });
    await kioskOk(s, { type: 'enrol-cancel' });
    expect((await view()).enrolment?.session).toBeNull();
  });

  it('refuses approval by someone who is not a manager, and lets the step be tried again', async () => {
    await kioskOk(s, { type: 'enrol-start', reader: 'fp-door' });
    await phase(s, 'manager');
    await s.sim.control.placeFinger('fp-door', 'E1001-R1');
    const failed = await phase(s, 'failed');
    expect(failed.failure).toEqual({ reason: 'not-a-manager', during: 'manager', detail: '张伟' });
    expect((await view()).enrolment?.session?.prompt.en).toBe(
      '张伟 is not a manager of this site and cannot approve',
    );
    const refused = await s.kiosk({ type: 'enrol-choose', personId: 'T2001', slot: 0 });
    expect(refused.status).toBe(409);
    await s.sim.control.placeFinger('fp-door', null);
    await kioskOk(s, { type: 'enrol-retry' });
    await phase(s, 'manager');
    await s.sim.control.placeFinger('fp-door', 'M3001-R1');
    await phase(s, 'choose');
    await s.sim.control.placeFinger('fp-door', null);
    const self = await s.kiosk({ type: 'enrol-choose', personId: 'M3001', slot: 1 });
    expect(self.status).toBe(409);
    expect(((await self.json()) as { code: string }).code).toBe('ENROLMENT_SELF_APPROVAL');
    await kioskOk(s, { type: 'enrol-cancel' });
    expect(s.ofType('person.enrolled')).toHaveLength(1);
  });

  it('is refused while a hand-over is under way', async () => {
    await s.vehicleArrives((VEHICLES[0] as { tagEpc: string }).tagEpc);
    await s.waitForEvent('vehicle.arrived');
    const response = await s.kiosk({ type: 'enrol-start', reader: 'fp-zone' });
    expect(response.status).toBe(409);
    expect(((await response.json()) as { code: string }).code).toBe('ENROLMENT_HANDOVER');
    expect((await view()).enrolment).toMatchObject({
      available: false,
      unavailable: { en: 'A hand-over is under way: enrol once it is completed' },
    });
  });
});

describe('a gateway provisioned without the centre encryption key', () => {
  it('says enrolment is unavailable and refuses to start one', async () => {
    const bare = await GatewayScenario.start({ siteId: 'BR-002' });
    try {
      expect(bare.config.centreEncryptionKey).toBeUndefined();
      const response = await bare.kiosk({ type: 'enrol-start', reader: 'fp-zone' });
      expect(response.status).toBe(409);
      expect(((await response.json()) as { code: string }).code).toBe('ENROLMENT_UNAVAILABLE');
      const current = (await (await fetch(`${bare.app!.kiosk.url}/api/view`)).json()) as KioskView;
      expect(current.enrolment?.available).toBe(false);
      expect(current.enrolment?.unavailable?.zh).toMatch(/中心加密公钥/);
    } finally {
      await bare.stop();
    }
  });
});
