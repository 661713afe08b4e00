import { handoverRecordsFrom } from '../api/handover-records.ts';
import type { ConsoleDeps } from './console-context.ts';

/** The console's deps from the centre's parts: records read from the event store, audit into the store. */
export function consoleDepsFrom(parts: Omit<ConsoleDeps, 'records' | 'audit'>): ConsoleDeps {
  const { store, clock } = parts;
  return {
    ...parts,
    records: handoverRecordsFrom(store.events, store.gateways),
    audit: (actor, action, target, detail) =>
      store.audit.append({ at: clock.now(), actor, action, target, detail }),
  };
}
