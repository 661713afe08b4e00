import { waitFor } from '../harness/wait-for.ts';
import { deliveryWithWrongBox } from '../system/branch-day.ts';
import { LiveStreamClient } from '../system/live-stream-client.ts';
import { SystemScenario } from '../system/system-scenario.ts';

const say = (text = '') => process.stdout.write(`${text}\n`);

/**
 * Act two of the demo: the centre with its embedded broker, a branch gateway on simulated devices, and a
 * delivery with a wrong box — seen from the branch (kiosk) and from the monitoring centre (API, live
 * stream), where a duty officer acknowledges and resolves the alarm.
 */
export async function runSystemAct(
  step: (n: number, title: string) => void,
  firstStep: number,
): Promise<void> {
  const system = await SystemScenario.start({ broker: 'embedded', gateways: [{ siteId: 'BR-001' }] });
  try {
    const branch = system.gateway('BR-001');
    const app = system.app;
    step(firstStep, 'The monitoring centre and a branch gateway come up');
    say(
      `   centre: broker ${system.brokerUrl} (embedded), API ${app.apiUrl}/api/v1 (OpenAPI at /api/v1/openapi.json)`,
    );
    say(`   branch BR-001: gateway ${branch.gatewayId}, kiosk ${branch.scenario.app!.kiosk.url}`);
    await system.online(branch.gatewayId);
    say(`   [centre] gateway ${branch.gatewayId} online`);

    step(firstStep + 1, 'A delivery at the branch, with a box of another branch brought in by mistake');
    const stream = await LiveStreamClient.open(`${app.apiUrl}/api/v1/stream`, system.api.token);
    const { alarm, completed } = await deliveryWithWrongBox(branch.scenario, async (raised) => {
      const started = Date.now();
      const body = raised.body as { kind: string; detail: { epc?: string } };
      say(
        `   [gateway] alarm ${body.kind}: box ${body.detail.epc ?? ''} belongs elsewhere — rejected at once`,
      );
      await waitFor(() => stream.alarms('WRONG_BOX').length > 0, 'alarm on the centre stream');
      say(
        `   [centre] live stream: WRONG_BOX from ${branch.gatewayId} (${Date.now() - started} ms after the gateway recorded it)`,
      );
    });
    const record = completed.body as { handoverId: string; boxes: { scanned: string[]; rejected: string[] } };
    say(
      `   [gateway] hand-over ${record.handoverId} completed: ${record.boxes.scanned.length} boxes, rejected ${record.boxes.rejected.join(', ')}`,
    );
    await system.synced(branch.gatewayId);
    const chain = system.centreChain(branch.gatewayId);
    say(
      `   [centre] ${chain.length} signed events of ${branch.gatewayId} verified and stored (seq 1…${chain.at(-1)?.seq})`,
    );
    const records = await system.api.handovers({ siteId: 'BR-001' });
    say(`   [centre] GET /handovers?siteId=BR-001 → ${records.length} record(s)`);

    step(firstStep + 2, 'The duty officer acknowledges and resolves the alarm');
    const [open] = await system.api.alarms({ kind: 'WRONG_BOX' });
    if (!open) throw new Error('the WRONG_BOX alarm did not reach the centre API');
    const acked = await system.api.acknowledge(open.alarmId);
    say(`   [centre] ${acked.kind} ${acked.alarmId}: ${acked.state}`);
    const resolved = await system.api.resolve(
      open.alarmId,
      'Box returned to the crew for BR-002; branch manager informed.',
    );
    say(
      `   [centre] ${resolved.kind} ${resolved.alarmId}: ${resolved.state} — "Box returned to the crew for BR-002; branch manager informed."`,
    );
    stream.close();
    void alarm;
  } finally {
    await system.stop();
  }
}
