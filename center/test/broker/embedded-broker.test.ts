import { startEmbeddedBroker } from '../../src/broker/embedded-broker.ts';
import { CENTRE } from './broker-fixture.ts';
import { brokerSuite } from './broker-suite.ts';

brokerSuite(
  'embedded aedes broker with the store’s credentials',
  { publish: 'closes', subscribeQos: 128 },
  async (world) =>
    startEmbeddedBroker({ users: world.handle.store, centre: CENTRE, port: 0, host: '127.0.0.1' }),
);
