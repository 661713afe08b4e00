import { templateForFinger } from '@vaultline/firmware-sim/devices/fingerprint/finger-templates';
import type { PersonEnrolledBody } from '@vaultline/shared/contract/event-bodies';
import { topics } from '@vaultline/shared/contract/mqtt-topics';
import { encryptToX25519 } from '@vaultline/shared/crypto/jwe-x25519';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitFor } from '../../src/harness/wait-for.ts';
import { SITES } from '../../src/scenario/day-plan.ts';
import { enrolAtKiosk } from '../../src/scenario/enrolment-steps.ts';
import { connectAs } from '../../src/system/broker-clients.ts';
import { type SystemGateway, SystemScenario } from '../../src/system/system-scenario.ts';

/**
 * Enrolment at a branch reader, end to end: the real centre with its embedded broker, the BR-001 gateway
 * on simulated readers provisioned with the centre's encryption key. The template reaches the centre's
 * PeopleDirectory only through the signed chain's `person.enrolled`; a forged `enrol` message is refused.
 */
let system: SystemScenario;
let branch: SystemGateway;

beforeAll(async () => {
  system = await SystemScenario.start({ broker: 'embedded', gateways: [{ siteId: 'BR-001' }] });
  branch = system.gateway('BR-001');
  const { store, keys } = system.app;
  const site = SITES.branchA;
  store.sites.save({
    siteId: site.siteId,
    name: site.name,
    kind: 'branch',
    position: site.position,
    geofenceM: 150,
  });
  store.people.save(
    { personId: 'T2001', name: '陈静', employeeNo: 'BK-2001', role: 'teller', siteId: 'BR-001' },
    'test',
  );
  // The gateway as `vaultline-gateway provision` leaves it: with the centre's encryption public key.
  const { scenario } = branch;
  await scenario.app?.stop();
  scenario.config = { ...scenario.config, centreEncryptionKey: keys.encryptionPublicKeyFile };
  await scenario.startGateway();
  await system.online(branch.gatewayId);
});
afterAll(async () => {
  await system?.stop();
});

const storedTemplates = () => system.app.store.people.templates('T2001');

describe('fingerprint enrolment at BR-001, delivered to the centre', () => {
  let enrolled: PersonEnrolledBody;

  it("stores the simulator finger's template at the centre once the chain holds person.enrolled", async () => {
    const event = await enrolAtKiosk(branch.scenario, {
      reader: 'fp-zone',
      manager: 'M3001',
      personId: 'T2001',
      slot: 1,
      finger: 'T2001-R2',
    });
    enrolled = event.body as PersonEnrolledBody;
    await waitFor(() => storedTemplates().length === 1, 'the template at the centre');
    expect(storedTemplates()).toEqual([templateForFinger('T2001-R2')]);
    expect(system.app.store.people.get('T2001')?.templateCount).toBe(1);
    // Not before the chain vouched for it: the centre holds the event that names it.
    const chain = system.centreChain(branch.gatewayId);
    expect(chain.find((e) => e.type === 'person.enrolled')?.body).toEqual(enrolled);
    const audit = system.app.store.audit.list().filter((entry) => entry.action === 'person.enrolled');
    expect(audit).toEqual([
      expect.objectContaining({
        actor: `branch:${branch.gatewayId}`,
        target: 'T2001',
        detail: expect.objectContaining({ enrolmentId: enrolled.enrolmentId, approvedBy: 'M3001', slot: 1 }),
      }),
    ]);
    // The centre's answer takes it out of the gateway's queue.
    const outbox = branch.scenario.app!.store.enrolments;
    await waitFor(
      () => outbox.get(enrolled.enrolmentId)?.outcome === 'stored',
      'the gateway told it is stored',
    );
    expect(outbox.unsettled()).toEqual([]);
  });

  it('refuses a forged enrol message whose template does not match the signed hash', async () => {
    const impostor = await connectAs(system.brokerUrl, branch.login, 'impostor');
    try {
      const forged = {
        enrolmentId: enrolled.enrolmentId,
        personId: 'T2001',
        slot: 1,
        templateJwe: await encryptToX25519(
          templateForFinger('mallory-R1'),
          system.app.keys.encryptionPublicKey,
        ),
      };
      await impostor.publishAsync(topics.gatewayEnrol(branch.gatewayId), JSON.stringify(forged), { qos: 1 });
      await waitFor(() => system.app.enrolments.metrics().refused === 1, 'the forgery refused');
    } finally {
      await impostor.endAsync();
    }
    expect(storedTemplates()).toEqual([templateForFinger('T2001-R2')]);
    const refusals = system.app.store.audit.list().filter((e) => e.action === 'person.enrolment-refused');
    expect(refusals).toEqual([
      expect.objectContaining({
        target: 'T2001',
        detail: expect.objectContaining({ enrolmentId: enrolled.enrolmentId }),
      }),
    ]);
    expect(String(refusals[0]?.detail?.reason)).toMatch(/SHA-256/);
  });

  it('keeps an enrolment made while the branch is offline and delivers it when the link returns', async () => {
    branch.link.down();
    await waitFor(
      async () =>
        (await system.api.gateways()).find((g) => g.gatewayId === branch.gatewayId)?.online === false,
      'BR-001 offline at the centre',
    );
    const event = await enrolAtKiosk(branch.scenario, {
      reader: 'fp-door',
      manager: 'M3001',
      personId: 'T2001',
      slot: 2,
      finger: 'T2001-L1',
    });
    const { enrolmentId } = event.body as PersonEnrolledBody;
    const outbox = branch.scenario.app!.store.enrolments;
    expect(outbox.get(enrolmentId)?.outcome).toBeUndefined();
    expect(storedTemplates()).toHaveLength(1);
    branch.link.restore();
    await waitFor(() => storedTemplates().length === 2, 'the offline enrolment at the centre', 20_000);
    expect(storedTemplates()).toEqual([templateForFinger('T2001-R2'), templateForFinger('T2001-L1')]);
    await waitFor(() => outbox.get(enrolmentId)?.outcome === 'stored', 'the gateway told it is stored');
  });
});
