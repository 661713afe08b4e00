/**
 * Child process of crash-recovery.test.ts: appends batches of events, each in one transaction with the
 * engine state and a face capture, and prints the last committed seq after every commit, until it is
 * killed. Arguments: <store path> <PKCS#8 PEM key file> <gateway id> <batch size>.
 */
import { createPrivateKey } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { EventType } from '@vaultline/shared/contract/event-bodies';
import { openGatewayStore } from '../../src/store/open-store.ts';
import { counterIds, sampleEngineState } from './store-fixture.ts';

/** Safety net: an orphaned child (its parent died before killing it) stops on its own. */
const MAX_BATCHES = 200_000;
const TYPES: EventType[] = ['vehicle.arrived', 'crew.verified', 'alarm.raised', 'box.scanned', 'door.opened'];

const [path, keyFile, gatewayId, batchArg] = process.argv.slice(2);
if (!path || !keyFile || !gatewayId || !batchArg)
  throw new Error('usage: <store> <key.pem> <gateway id> <batch size>');
const batchSize = Number(batchArg);
const privateKey = createPrivateKey(readFileSync(keyFile));
const store = openGatewayStore(path);
const signer = { gatewayId, privateKey, newId: counterIds(store.events.lastSeq() + 1) };
const jpeg = new Uint8Array(4096).fill(0xa5);

for (let batch = 0; batch < MAX_BATCHES; batch++) {
  const lastSeq = store.transaction(() => {
    const base = store.events.lastSeq();
    const items = Array.from({ length: batchSize }, (_, i) => ({
      type: TYPES[(base + i) % TYPES.length] as EventType,
      body: { n: base + i + 1, pad: 'x'.repeat(200) },
      ts: Date.now(),
    }));
    const appended = store.events.append(items, signer);
    const last = appended.at(-1)?.seq ?? base;
    store.engineState.save(sampleEngineState([`upTo:${last}`]));
    store.faces.insert({ captureId: `c${last}`, reader: 'fp-door', jpeg, capturedAt: Date.now() });
    return last;
  });
  // Pipes are written synchronously on Linux, so the parent sees exactly the seqs already committed.
  process.stdout.write(`${lastSeq}\n`);
}
store.close();
