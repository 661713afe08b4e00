import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadGatewayIdentity } from '@vaultline/gateway/identity/gateway-identity';
import { verifyChain } from '@vaultline/shared/contract/chain-verifier';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitFor } from '../../src/harness/wait-for.ts';
import { tamperPayload } from '../../src/scenario/bundle-tamper.ts';
import { VEHICLES } from '../../src/scenario/day-plan.ts';
import { runGatewayCli } from '../../src/scenario/gateway-process.ts';
import { GatewayScenario } from '../../src/scenario/gateway-scenario.ts';

/**
 * Days without network (DESIGN §3 offline operation): the signed plan comes on removable media and is
 * imported with `vaultline-gateway plan import <file>` while the gateway runs with no plan at all.
 */
let s: GatewayScenario;
beforeAll(async () => {
  s = await GatewayScenario.start({ siteId: 'BR-001', startGateway: false });
  await s.startGateway(false);
});
afterAll(async () => {
  await s?.stop();
});

const importFile = (name: string, content: string) => {
  const file = join(s.dir, name);
  writeFileSync(file, content);
  return runGatewayCli(['plan', 'import', file, '--config', s.configFile]);
};

describe('offline plan import from a file', () => {
  it('refuses a tampered file with a non-zero exit and says why', async () => {
    expect(s.app!.plans.current()).toBeNull();
    const run = await importFile('plan-tampered.jws', tamperPayload(s.bundle));
    expect(run.code).not.toBe(0);
    expect(run.stderr).toContain('plan bundle refused');
    expect(run.stderr).toContain('signature does not verify');
    expect(s.app!.store.plans.current()).toBeNull();
  });

  it('imports a signed file; the running gateway picks it up and a hand-over can start', async () => {
    const run = await importFile('plan.jws', s.bundle);
    expect(run).toMatchObject({ code: 0 });
    expect(run.stdout).toContain(`plan ${s.sitePlan.planId} version 1`);

    const app = s.app!;
    await waitFor(
      () => app.plans.current()?.version === 1,
      'the running gateway picking up the plan',
      20_000,
    );
    await s.templatesLoaded();
    await s.vehicleArrives(VEHICLES[0]!.tagEpc);
    const arrived = await s.waitForEvent('vehicle.arrived');
    expect(arrived.body).toMatchObject({ vehicleId: 'V1', runId: 'R1', stopSeq: 2 });
    await s.touch('fp-door', s.fingerOf('E1001'));
    await s.waitForEvent('crew.verified', (e) => e.body.personId === 'E1001');

    // Both processes appended to one chain: the CLI's plan.accepted sits in it, gap-free and verifiable.
    const chain = [...app.store.events.all()];
    expect(chain.map((e) => e.seq)).toEqual(chain.map((_, i) => i + 1));
    expect(chain.filter((e) => e.type === 'plan.accepted').map((e) => e.body)).toEqual([
      expect.objectContaining({ version: 1, source: 'file' }),
    ]);
    const { signingPublicKey } = loadGatewayIdentity(s.config.dataDir);
    expect(verifyChain(chain, signingPublicKey, { expectedFirstSeq: 1, signatures: 'every' })).toMatchObject({
      ok: true,
    });
  });
});
