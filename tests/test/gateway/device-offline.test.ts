import type { AlarmRaisedBody } from '@vaultline/shared/contract/event-bodies';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitFor } from '../../src/harness/wait-for.ts';
import { GatewayScenario } from '../../src/scenario/gateway-scenario.ts';
import { eventsSince, kioskView, waitForEventSince } from '../../src/scenario/handover-steps.ts';

/** DEVICE_OFFLINE (DESIGN §4): the hand-over zone's RFID reader loses its line and gets it back. */
let s: GatewayScenario;
beforeAll(async () => {
  s = await GatewayScenario.start({ siteId: 'BR-001' });
});
afterAll(async () => {
  await s?.stop();
});

const zoneReaderOnView = async () => (await kioskView(s)).devices.find((d) => d.device === 'rfid-zone');

describe('a device going offline', () => {
  it('raises DEVICE_OFFLINE when rfid-zone disconnects, and clears it when the line is back', async () => {
    const mark = s.events.length;
    await s.sim.control.setFault('rfid-zone', 'disconnect');
    const raised = await waitForEventSince(s, mark, 'alarm.raised');
    const alarm = raised.body as AlarmRaisedBody;
    expect(alarm).toMatchObject({ kind: 'DEVICE_OFFLINE', severity: 'major', siteId: 'BR-001' });
    expect(alarm.detail).toMatchObject({ device: 'rfid-zone' });
    expect(eventsSince(s, mark, 'device.status').map((e) => e.body)).toContainEqual(
      expect.objectContaining({ device: 'rfid-zone', online: false }),
    );
    expect(await zoneReaderOnView()).toMatchObject({ online: false });

    const back = s.events.length;
    await s.sim.control.setFault('rfid-zone', 'none');
    const cleared = await waitForEventSince(s, back, 'alarm.cleared');
    expect(cleared.body).toMatchObject({ alarmId: alarm.alarmId, kind: 'DEVICE_OFFLINE' });
    expect(eventsSince(s, back, 'device.status').map((e) => e.body)).toContainEqual(
      expect.objectContaining({ device: 'rfid-zone', online: true }),
    );
    await waitFor(async () => (await zoneReaderOnView())?.online, 'kiosk showing rfid-zone online');
    // One outage, one alarm: the probes that kept failing meanwhile raised nothing more.
    expect(s.alarms('DEVICE_OFFLINE')).toHaveLength(1);
    expect(s.alarms()).toHaveLength(1);
  });
});
