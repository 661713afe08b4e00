import { templateForFinger } from '@vaultline/firmware-sim/devices/fingerprint/finger-templates';
import type { EnrolPrompt } from '@vaultline/gateway/devices/fingerprint/fingerprint-enrolment';
import { FingerprintReader } from '@vaultline/gateway/devices/fingerprint/fingerprint-reader';
import { silentLogger, systemClock } from '@vaultline/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { linkTo } from '../../src/harness/gateway-links.ts';
import { type SimHarness, startSimulators } from '../../src/harness/sim-harness.ts';
import { waitFor } from '../../src/harness/wait-for.ts';

/** Enrolment at a branch reader: the real driver over a socat pty pair to the simulated module. */
let sim: SimHarness;
let reader: FingerprintReader;
beforeAll(async () => {
  sim = await startSimulators([
    { id: 'fp-enrol', kind: 'fingerprint', transport: 'serial', link: 'fp-enrol' },
  ]);
  reader = new FingerprintReader({
    id: 'fp-enrol',
    link: linkTo(sim, 'fp-enrol', 57600),
    clock: systemClock,
    logger: silentLogger,
    pollIntervalMs: 50,
    requestTimeoutMs: 500,
  });
  await reader.start();
  await waitFor(() => reader.health.isOnline, 'fp-enrol online');
});
afterAll(async () => {
  await reader?.stop();
  await sim?.stop();
});

/** A person at the reader doing what each prompt says, through the simulator's control API. */
function follow(first: string, second: string | null) {
  const prompts: EnrolPrompt[] = [];
  let acting = Promise.resolve();
  const onPrompt = (prompt: EnrolPrompt) => {
    prompts.push(prompt);
    const finger = prompt === 'lift-finger' ? null : prompt === 'place-finger' ? first : second;
    acting = acting.then(() => sim.control.placeFinger('fp-enrol', finger)).then(() => undefined);
  };
  return { prompts, onPrompt, done: () => acting };
}

describe('FingerprintReader.enrol over a pty', () => {
  it('uploads the combined template of the finger placed twice', async () => {
    const person = follow('T2001-R1', 'T2001-R1');
    const outcome = await reader.enrol({ onPrompt: person.onPrompt, waitMs: 5_000 });
    await person.done();
    expect(outcome).toEqual({ kind: 'enrolled', template: templateForFinger('T2001-R1') });
    expect(person.prompts).toEqual(['place-finger', 'lift-finger', 'place-again']);
    const state = (await sim.control.device('fp-enrol')).state as { templateCount: number };
    expect(state.templateCount).toBe(0);
  });

  it('tells two different fingers apart from a person who never comes back', async () => {
    const swapped = follow('T2001-R1', 'T2001-L2');
    expect(await reader.enrol({ onPrompt: swapped.onPrompt, waitMs: 5_000 })).toEqual({
      kind: 'fingers-differ',
    });
    await swapped.done();
    const gone = follow('T2001-R1', null);
    expect(await reader.enrol({ onPrompt: gone.onPrompt, waitMs: 600 })).toEqual({
      kind: 'no-finger',
      capture: 2,
    });
    await gone.done();
  });

  it('reports a timeout when the module falls silent', async () => {
    await sim.control.placeFinger('fp-enrol', 'T2001-R1');
    await sim.control.setFault('fp-enrol', 'silent');
    try {
      expect(await reader.enrol({ waitMs: 3_000 })).toEqual({ kind: 'timeout' });
    } finally {
      await sim.control.setFault('fp-enrol', 'none');
      await sim.control.placeFinger('fp-enrol', null);
    }
    await waitFor(() => reader.health.isOnline, 'fp-enrol back online', 10_000);
  });
});
