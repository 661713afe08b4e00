import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FaceCapturedBody } from '@vaultline/shared/contract/event-bodies';
import type { EventEnvelope } from '@vaultline/shared/contract/event-envelope';
import type { FacePayload } from '@vaultline/shared/contract/mqtt-payloads';
import { parseTopic } from '@vaultline/shared/contract/mqtt-topics';
import { sha256Hex } from '@vaultline/shared/crypto/sha256-hex';
import { FakeClock } from '@vaultline/shared/time/fake-clock';
import { FaceCaptures } from '../../src/faces/face-captures.ts';
import { IngestService } from '../../src/ingest/ingest-service.ts';
import { openCentreStore } from '../../src/store/open-store.ts';
import { TestGateway } from '../ingest/chain-fixture.ts';
import { TINY_JPEG } from '../records/record-fixture.ts';

export const GATEWAY = 'gw-BR-001';
export const HANDOVER = 'H-20261123-0001';

/** Another picture from the same camera: the same JPEG with different pixel data. */
export function otherJpeg(): Uint8Array {
  const jpeg = Uint8Array.from(TINY_JPEG);
  jpeg.set(randomBytes(16), jpeg.length - 40);
  return jpeg;
}

/**
 * A real centre store (sealed at rest), a registered gateway signing a real chain, the real ingest
 * feeding FaceCaptures, and a publisher recording the answers on the gateway's `cmd` topic.
 */
export function faceWorld(options: { retentionDays?: number } = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'vl-faces-'));
  const clock = new FakeClock();
  const atRestKey = Uint8Array.from(randomBytes(32));
  const store = openCentreStore(join(dir, 'center.db'), { clock, atRestKey });
  const gateway = new TestGateway(GATEWAY, 'BR-001');
  store.gateways.register(gateway.registration);
  const answers: Array<Record<string, unknown>> = [];
  const publisher = {
    publish: async (topic: string, payload: string) => {
      const cmd = JSON.parse(payload);
      if (parseTopic(topic)?.kind === 'cmd' && String(cmd.cmd).startsWith('face')) answers.push(cmd);
    },
  };
  const faces = new FaceCaptures({
    faces: store.faces,
    events: store.events,
    audit: store.audit,
    publisher,
    retentionDays: options.retentionDays ?? 90,
    clock,
    resendDelayMs: 60_000,
    maxResendRequests: 2,
  });
  const ingest = new IngestService({
    registry: store.gateways,
    events: store.events,
    publisher,
    clock,
    onStored: (gatewayId, envelopes) => faces.onGatewayEvents(gatewayId, envelopes),
  });
  const body = (captureId: string, jpeg: Uint8Array, personId = 'E1001'): FaceCapturedBody => ({
    handoverId: HANDOVER,
    captureId,
    personId,
    reader: 'fp-door',
    jpegSha256: sha256Hex(jpeg),
    bytes: jpeg.length,
  });
  /** The gateway signs `face.captured` (stamped now) and the centre ingests it. */
  const capturedEvent = async (fields: FaceCapturedBody): Promise<EventEnvelope> => {
    const envelope = gateway.append('face.captured', fields, new Date(clock.now()).toISOString());
    await ingest.receive(GATEWAY, Buffer.from(JSON.stringify(envelope)));
    return envelope;
  };
  const message = (fields: Omit<FacePayload, 'jpegBase64'>, jpeg: Uint8Array) =>
    faces.receive(
      GATEWAY,
      Buffer.from(JSON.stringify({ ...fields, jpegBase64: Buffer.from(jpeg).toString('base64') })),
    );
  const audit = (action: string) => store.audit.list().filter((entry) => entry.action === action);
  return {
    store,
    atRestKey,
    clock,
    faces,
    answers,
    body,
    capturedEvent,
    message,
    audit,
    dispose: () => {
      faces.stop();
      store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
