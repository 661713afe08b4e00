import { describe, expect, it } from 'vitest';
import { type BrokerPrincipal, mayPublish, maySubscribe } from '../../src/broker/broker-acl.ts';

const gateway: BrokerPrincipal = { role: 'gateway', id: 'gw-a' };
const vehicle: BrokerPrincipal = { role: 'vehicle', id: 'v-01' };
const centre: BrokerPrincipal = { role: 'centre' };

describe('broker topic rights', () => {
  it('lets a gateway publish only its own events, status, enrol and face', () => {
    expect(mayPublish(gateway, 'vl/v1/gw/gw-a/events')).toBe(true);
    expect(mayPublish(gateway, 'vl/v1/gw/gw-a/status')).toBe(true);
    expect(mayPublish(gateway, 'vl/v1/gw/gw-a/enrol')).toBe(true);
    expect(mayPublish(gateway, 'vl/v1/gw/gw-a/face')).toBe(true);
    for (const topic of [
      'vl/v1/gw/gw-b/events',
      'vl/v1/gw/gw-b/enrol',
      'vl/v1/gw/gw-b/face',
      'vl/v1/gw/gw-a/face/x',
      'vl/v1/gw/gw-a/ack',
      'vl/v1/gw/gw-a/plan',
      'vl/v1/gw/gw-a/cmd',
      'vl/v1/vehicle/gw-a/pos',
      'vl/v1/gw/gw-a/events/x',
      '$SYS/broker/uptime',
    ]) {
      expect(mayPublish(gateway, topic), topic).toBe(false);
    }
  });

  it('lets a gateway subscribe only to its own ack, cmd and plan, without wildcards', () => {
    for (const leaf of ['ack', 'cmd', 'plan'])
      expect(maySubscribe(gateway, `vl/v1/gw/gw-a/${leaf}`)).toBe(true);
    for (const filter of [
      'vl/v1/gw/gw-b/ack',
      'vl/v1/gw/gw-a/#',
      'vl/v1/gw/+/plan',
      'vl/v1/gw/gw-a/events',
      '#',
    ]) {
      expect(maySubscribe(gateway, filter), filter).toBe(false);
    }
  });

  it('lets a vehicle publish only its own position and subscribe to nothing', () => {
    expect(mayPublish(vehicle, 'vl/v1/vehicle/v-01/pos')).toBe(true);
    expect(mayPublish(vehicle, 'vl/v1/vehicle/v-02/pos')).toBe(false);
    expect(mayPublish(vehicle, 'vl/v1/gw/v-01/events')).toBe(false);
    expect(maySubscribe(vehicle, 'vl/v1/vehicle/v-01/pos')).toBe(false);
  });

  it('lets the centre do everything outside $SYS', () => {
    expect(mayPublish(centre, 'vl/v1/gw/gw-a/plan')).toBe(true);
    expect(maySubscribe(centre, 'vl/v1/gw/+/events')).toBe(true);
    expect(mayPublish(centre, '$SYS/x')).toBe(false);
  });
});
