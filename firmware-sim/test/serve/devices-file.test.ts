import { describe, expect, it } from 'vitest';
import { DevicesFileError, parseDevices } from '../../src/serve/devices-file.ts';

describe('parseDevices', () => {
  it('accepts the documented entry forms and fills the default baud per kind', () => {
    const devices = parseDevices([
      { id: 'fp-door', kind: 'fingerprint', transport: 'serial', link: '/tmp/x/fp' },
      { id: 'rfid-hand', kind: 'rfid', transport: 'ble', address: 'aa:bb:cc:dd:ee:01' },
      { id: 'cam', kind: 'camera', transport: 'tcp', port: 4001, baud: 115200 },
      { id: 'door', kind: 'relay', transport: 'serial', link: '/tmp/x/relay', contactLink: '/tmp/x/contact' },
    ]);
    expect(devices.map((d) => d.baud)).toEqual([57600, 115200, 115200, 9600]);
    expect(devices[1]?.address).toBe('AA:BB:CC:DD:EE:01');
  });

  it.each([
    [[], /non-empty JSON array/],
    [[{ id: 'a b', kind: 'camera', transport: 'serial', link: '/x' }], /"id"/],
    [[{ id: 'a', kind: 'scale', transport: 'serial', link: '/x' }], /"kind" must be fingerprint/],
    [[{ id: 'a', kind: 'camera', transport: 'usb' }], /"transport"/],
    [[{ id: 'a', kind: 'camera', transport: 'serial', link: 'relative' }], /"link" must be an absolute path/],
    [[{ id: 'a', kind: 'rfid', transport: 'ble', address: 'nope' }], /"address" must be a MAC/],
    [[{ id: 'a', kind: 'relay', transport: 'ble', address: 'AA:BB:CC:DD:EE:FF' }], /door hardware is wired/],
    [[{ id: 'a', kind: 'camera', transport: 'tcp', port: 70000 }], /"port"/],
    [[{ id: 'a', kind: 'camera', transport: 'tcp', port: 1, protocol: 'em4100' }], /"protocol"/],
    [
      [
        { id: 'a', kind: 'camera', transport: 'tcp', port: 1 },
        { id: 'a', kind: 'camera', transport: 'tcp', port: 2 },
      ],
      /used twice/,
    ],
  ])('refuses %j with a message naming the problem', (input, message) => {
    expect(() => parseDevices(input)).toThrow(DevicesFileError);
    expect(() => parseDevices(input)).toThrow(message);
  });
});
