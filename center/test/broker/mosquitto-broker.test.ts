import { writeMosquittoFiles } from '../../src/broker/mosquitto-config.ts';
import { CENTRE, startMosquitto } from './broker-fixture.ts';
import { brokerSuite } from './broker-suite.ts';

brokerSuite(
  'real Mosquitto with the generated password and ACL files',
  { publish: 'drops', subscribeQos: 1 },
  async (world) => {
    const files = writeMosquittoFiles(world.handle.store, world.handle.dir, CENTRE);
    return startMosquitto({ dir: world.handle.dir, ...files });
  },
);
