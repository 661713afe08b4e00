import { encodeSceneJpeg } from '@vaultline/firmware-sim/devices/camera/scene-image';
import type { FaceCapturedBody } from '@vaultline/shared/contract/event-bodies';
import type { FacePayload } from '@vaultline/shared/contract/mqtt-payloads';
import { topics } from '@vaultline/shared/contract/mqtt-topics';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitFor } from '../../src/harness/wait-for.ts';
import { deliveryWithWrongBox } from '../../src/system/branch-day.ts';
import { connectAs } from '../../src/system/broker-clients.ts';
import { type SystemGateway, SystemScenario } from '../../src/system/system-scenario.ts';

/**
 * Face captures reach the centre, end to end: the real centre with its embedded broker and the BR-001
 * gateway on simulated devices (camera included). R1's delivery at BR-001 captures both escorts at the
 * crew door; each capture goes to the centre after its signed `face.captured`, and the centre keeps it,
 * sealed, only because the chain's SHA-256 matches. A forged face message is refused.
 */
let system: SystemScenario;
let branch: SystemGateway;
let captures: FaceCapturedBody[];

beforeAll(async () => {
  system = await SystemScenario.start({ broker: 'embedded', gateways: [{ siteId: 'BR-001' }] });
  branch = system.gateway('BR-001');
});
afterAll(async () => {
  await system?.stop();
});

const gatewayJpeg = (captureId: string) => branch.scenario.app!.store.faces.get(captureId)?.jpeg;
const centreJpeg = (captureId: string) => system.app.store.faces.jpeg(branch.gatewayId, captureId);
const sameBytes = (a: Uint8Array | undefined, b: Uint8Array | undefined) =>
  a !== undefined && b !== undefined && Buffer.from(a).equals(Buffer.from(b));

describe('face captures of a delivery at BR-001, at the centre', () => {
  it("holds both escorts' captures, byte for byte as the gateway took them, once the chain vouches for them", async () => {
    const { completed } = await deliveryWithWrongBox(branch.scenario);
    const handoverId = completed.body.handoverId as string;
    await system.synced(branch.gatewayId);
    captures = system
      .centreChain(branch.gatewayId)
      .filter((e) => e.type === 'face.captured' && e.body.handoverId === handoverId)
      .map((e) => e.body as FaceCapturedBody);
    const escorts = new Set(captures.map((c) => c.personId));
    expect(escorts).toEqual(new Set(['E1001', 'E1002']));

    const outbox = branch.scenario.app!.store.faceOutbox;
    await waitFor(
      () => captures.every((c) => outbox.get(c.captureId)?.outcome === 'stored'),
      'the gateway told each capture is stored',
    );
    for (const capture of captures) {
      expect(
        sameBytes(centreJpeg(capture.captureId), gatewayJpeg(capture.captureId)),
        capture.captureId,
      ).toBe(true);
      expect(system.app.store.faces.get(branch.gatewayId, capture.captureId)).toMatchObject({
        handoverId,
        personId: capture.personId,
        jpegSha256: capture.jpegSha256,
        bytes: capture.bytes,
      });
    }
    expect(system.app.store.faces.ofHandover(branch.gatewayId, handoverId).map((f) => f.captureId)).toEqual(
      captures.map((c) => c.captureId),
    );
    expect(system.app.faces.metrics()).toMatchObject({ stored: captures.length, refused: 0, invalid: 0 });
    expect(outbox.unsettled()).toEqual([]);
  });

  it('refuses a forged face message whose image differs from the signed one, and keeps the genuine capture', async () => {
    const genuine = captures.find((c) => c.personId === 'E1001')!;
    const impostor = await connectAs(system.brokerUrl, branch.login, 'impostor');
    try {
      const forged: FacePayload = {
        captureId: genuine.captureId,
        handoverId: genuine.handoverId!,
        personId: 'E1001',
        jpegBase64: Buffer.from(
          encodeSceneJpeg(
            { label: 'MALLORY', caption: 'FORGED', timestamp: '', width: 160, height: 120 },
            80,
          ),
        ).toString('base64'),
      };
      await impostor.publishAsync(topics.gatewayFace(branch.gatewayId), JSON.stringify(forged), { qos: 1 });
      await waitFor(() => system.app.faces.metrics().refused === 1, 'the forgery refused');
    } finally {
      await impostor.endAsync();
    }
    expect(sameBytes(centreJpeg(genuine.captureId), gatewayJpeg(genuine.captureId))).toBe(true);
    const refusals = system.app.store.audit.list().filter((e) => e.action === 'face.refused');
    expect(refusals).toEqual([
      expect.objectContaining({
        actor: `branch:${branch.gatewayId}`,
        target: genuine.captureId,
        detail: expect.objectContaining({ gatewayId: branch.gatewayId, personId: 'E1001' }),
      }),
    ]);
    expect(String(refusals[0]?.detail?.reason)).toMatch(/SHA-256/);
  });
});
