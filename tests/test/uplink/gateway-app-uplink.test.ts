import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { StatusPayload } from '@vaultline/shared/contract/mqtt-payloads';
import { afterEach, describe, expect, it } from 'vitest';
import { startMosquitto } from '../../src/harness/mosquitto.ts';
import { waitFor } from '../../src/harness/wait-for.ts';
import { SITES } from '../../src/scenario/day-plan.ts';
import { GatewayScenario } from '../../src/scenario/gateway-scenario.ts';
import { TestCentre } from './test-centre.ts';

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

describe('a gateway configured with a centre', () => {
  it('takes its plan from the retained topic, reports its devices and delivers its chain', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'vl-app-uplink-'));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    const broker = await startMosquitto({ dir });
    cleanups.push(() => broker.stop());
    const s = await GatewayScenario.start({ siteId: SITES.branchA.siteId, startGateway: false });
    cleanups.push(() => s.stop());
    const centre = await TestCentre.connect(broker.url, s.options.gatewayId, { autoAck: true });
    cleanups.push(() => centre.close());
    await centre.send('plan', s.bundle, true);
    s.config = { ...s.config, centre: { brokerUrl: broker.url, statusMinIntervalMs: 100 } };

    const app = await s.startGateway(false);
    await waitFor(() => app.plans.current()?.version === 1, 'the plan from the centre');
    await waitFor(() => centre.stored.some((e) => e.type === 'plan.accepted'), 'plan.accepted at the centre');
    await waitFor(() => app.uplink?.status().backlog.count === 0, 'the outbox empty');
    const online = (status: StatusPayload) =>
      status.online && status.planVersion === 1 && status.devices['fp-door']?.online === true;
    await waitFor(() => centre.statuses.some(online), 'a status with the plan and the readers online');
    expect(centre.stored.map((e) => e.seq)).toEqual(centre.stored.map((_, i) => i + 1));
    expect(centre.stored.map((e) => e.type)).toContain('device.status');

    await s.stop();
    await waitFor(() => centre.statuses.at(-1)?.online === false, 'offline on a clean stop');
    expect(centre.statuses.at(-1)?.backlog).toBe(0);
  });
});
