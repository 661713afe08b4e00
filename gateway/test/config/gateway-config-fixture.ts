/**
 * The smallest config a gateway accepts: its id and site, a data folder, no devices, and the device
 * roles by name. No centre key, no uplink, default kiosk; tests add the sections they are about.
 */
export const MINIMAL_GATEWAY_CONFIG = {
  gatewayId: 'gw-branch-a',
  siteId: 'BR-001',
  dataDir: 'data',
  devices: {},
  roles: {
    crewReader: 'fp1',
    confirmReader: 'fp2',
    vehicleReaders: [],
    boxReaders: ['r1'],
    camera: 'cam',
    doorController: 'door',
  },
};
