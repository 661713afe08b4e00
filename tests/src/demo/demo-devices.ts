import { join } from 'node:path';
import type { DevicesConfig } from '@vaultline/gateway/devices/device-set';

/** The simulated hardware of one branch's cash area: the interlock door, the hand-over zone, a handheld. */
export function demoSimulatorDevices(workDir: string) {
  const dev = (name: string) => join(workDir, 'dev', name);
  return [
    { id: 'fp-door', kind: 'fingerprint', transport: 'serial', link: dev('fp-door') },
    {
      id: 'fp-teller',
      kind: 'fingerprint',
      transport: 'ble',
      address: 'C0:FF:EE:00:00:02',
      name: 'VL-FP-TELLER',
    },
    { id: 'cam-door', kind: 'camera', transport: 'serial', link: dev('cam-door'), baud: 115_200 },
    {
      id: 'mantrap',
      kind: 'relay',
      transport: 'serial',
      link: dev('mantrap-relay'),
      contactLink: dev('mantrap-contact'),
    },
    { id: 'rfid-zone', kind: 'rfid', transport: 'serial', link: dev('rfid-zone') },
    {
      id: 'rfid-handheld',
      kind: 'rfid',
      transport: 'ble',
      address: 'C0:FF:EE:00:00:01',
      name: 'Nordic_UART_CW',
    },
  ];
}

/** The gateway's view of the same hardware: endpoints only, exactly as for real devices. */
export function demoGatewayDevices(workDir: string, dbusAddress: string | undefined): DevicesConfig {
  const dev = (name: string) => join(workDir, 'dev', name);
  return {
    ble: { dbusAddress },
    fingerprint: [
      { id: 'fp-door', endpoint: dev('fp-door') },
      { id: 'fp-teller', endpoint: 'ble:C0:FF:EE:00:00:02' },
    ],
    camera: [{ id: 'cam-door', endpoint: dev('cam-door'), baud: 115_200, imageSize: '320x240' }],
    door: [{ id: 'mantrap', relayEndpoint: dev('mantrap-relay'), contactEndpoint: dev('mantrap-contact') }],
    rfid: [
      { id: 'rfid-zone', endpoint: dev('rfid-zone'), dedupWindowMs: 60_000 },
      { id: 'rfid-handheld', endpoint: 'ble:C0:FF:EE:00:00:01', dedupWindowMs: 60_000 },
    ],
  };
}

/** Two escorts of today's run and what their fingers are called in the simulator. */
export const DEMO_CREW = [
  { personId: 'E1001', name: '张伟 Zhang Wei', finger: 'zhang-wei-R1', label: 'E1001 ZHANG WEI' },
  { personId: 'E1002', name: '李娜 Li Na', finger: 'li-na-R1', label: 'E1002 LI NA' },
];

/** Cash box EPCs (96-bit) of the delivery, and one that belongs to another branch. */
export const DEMO_BOXES = [
  'E2801160600002A0000B0001',
  'E2801160600002A0000B0002',
  'E2801160600002A0000B0003',
];
export const FOREIGN_BOX = 'E2801160600002A0000C0099';
