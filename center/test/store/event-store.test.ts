import { GENESIS_HASH } from '@vaultline/shared/contract/event-envelope';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ChainForkError, ChainLinkError } from '../../src/store/store-errors.ts';
import { fork, TestGateway } from '../ingest/chain-fixture.ts';
import { openTestStore } from './store-fixture.ts';

describe('EventStoreRepo', () => {
  let handle: ReturnType<typeof openTestStore>;
  let gw: TestGateway;
  beforeEach(() => {
    handle = openTestStore();
    gw = new TestGateway();
    handle.store.gateways.register(gw.registration);
  });
  afterEach(() => handle.dispose());

  it('starts every gateway at the genesis head', () => {
    expect(handle.store.events.head('gw-unknown')).toEqual({
      gatewayId: 'gw-unknown',
      lastSeq: 0,
      lastHash: GENESIS_HASH,
      tampered: false,
    });
  });

  it('stores envelopes as received and moves the head, surviving a reopen', () => {
    const envs = gw.emit(3);
    expect(handle.store.events.appendVerified(gw.gatewayId, envs, 42)).toBe(3);
    const store = handle.reopen();
    expect(store.events.head(gw.gatewayId)).toEqual({
      gatewayId: gw.gatewayId,
      lastSeq: 3,
      lastHash: envs[2]?.hash,
      tampered: false,
    });
    expect(store.events.get(gw.gatewayId, 2)).toEqual(envs[1]);
    expect(store.events.range(gw.gatewayId, 1, 3)).toEqual(envs);
  });

  it('treats an already stored envelope as a no-op', () => {
    const envs = gw.emit(3);
    handle.store.events.appendVerified(gw.gatewayId, envs.slice(0, 2), 1);
    expect(handle.store.events.appendVerified(gw.gatewayId, envs, 2)).toBe(1);
    expect(handle.store.events.appendVerified(gw.gatewayId, envs, 3)).toBe(0);
    expect(handle.store.events.range(gw.gatewayId, 1, 10)).toEqual(envs);
  });

  it('refuses a second version of a stored seq (a fork) and rolls back the whole call', () => {
    const envs = gw.emit(2);
    handle.store.events.appendVerified(gw.gatewayId, envs.slice(0, 1), 1);
    const more = gw.emit(1);
    const attempt = () =>
      handle.store.events.appendVerified(gw.gatewayId, [fork(gw, envs[0]!), envs[1]!, ...more], 2);
    expect(attempt).toThrow(ChainForkError);
    expect(handle.store.events.head(gw.gatewayId).lastSeq).toBe(1);
  });

  it('refuses a gap or a wrong prev, storing nothing of the call', () => {
    const envs = gw.emit(4);
    expect(() => handle.store.events.appendVerified(gw.gatewayId, [envs[0]!, envs[2]!], 1)).toThrow(
      ChainLinkError,
    );
    expect(handle.store.events.head(gw.gatewayId).lastSeq).toBe(0);
    const relinked = { ...envs[1]!, prev: envs[2]!.hash };
    expect(() => handle.store.events.appendVerified(gw.gatewayId, [envs[0]!, relinked], 1)).toThrow(
      /prev is not the head hash/,
    );
    expect(handle.store.events.get(gw.gatewayId, 1)).toBeUndefined();
  });

  it('keeps chains of different gateways apart', () => {
    const other = new TestGateway('gw-branch-b', 'site-b');
    handle.store.gateways.register(other.registration);
    handle.store.events.appendVerified(gw.gatewayId, gw.emit(2), 1);
    handle.store.events.appendVerified(other.gatewayId, other.emit(1), 1);
    expect(handle.store.events.heads().map((h) => [h.gatewayId, h.lastSeq])).toEqual([
      ['gw-branch-a', 2],
      ['gw-branch-b', 1],
    ]);
    expect(() => handle.store.events.appendVerified(gw.gatewayId, other.emit(1), 1)).toThrow(ChainLinkError);
  });

  it('marks a chain tampered (also before any event) until an operator clears it', () => {
    handle.store.events.markTampered(gw.gatewayId);
    expect(handle.reopen().events.head(gw.gatewayId).tampered).toBe(true);
    handle.store.events.appendVerified(gw.gatewayId, gw.emit(1), 1);
    expect(handle.store.events.head(gw.gatewayId)).toMatchObject({ lastSeq: 1, tampered: true });
    handle.store.events.clearTampered(gw.gatewayId);
    expect(handle.store.events.head(gw.gatewayId).tampered).toBe(false);
  });

  it('lists events of a type newest first, filtered by gateway and time', () => {
    gw.emit(2, 'door.opened');
    gw.emit(2, 'handover.completed');
    handle.store.events.appendVerified(gw.gatewayId, gw.chain, 1);
    const completed = handle.store.events.byType('handover.completed');
    expect(completed.map((e) => e.seq)).toEqual([4, 3]);
    const since = Date.parse(gw.chain[3]!.ts);
    expect(handle.store.events.byType('handover.completed', { since }).map((e) => e.seq)).toEqual([4]);
    expect(handle.store.events.byType('handover.completed', { gatewayId: 'gw-other' })).toEqual([]);
    expect(handle.store.events.byType('door.opened', { limit: 1 }).map((e) => e.seq)).toEqual([2]);
  });
});
