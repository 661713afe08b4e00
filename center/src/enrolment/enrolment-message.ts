import type { KeyObject } from 'node:crypto';
import {
  type PersonEnrolledBody,
  PersonEnrolledBody as PersonEnrolledSchema,
} from '@vaultline/shared/contract/event-bodies';
import type { EventEnvelope } from '@vaultline/shared/contract/event-envelope';
import { EnrolPayload } from '@vaultline/shared/contract/mqtt-payloads';
import { templateSha256 } from '@vaultline/shared/contract/template-digest';
import { check } from '@vaultline/shared/contract/validate';
import { decryptWithX25519 } from '@vaultline/shared/crypto/jwe-x25519';
import { readJsonPayload } from '../ingest/payload-reader.ts';

/** An `enrol` message opened with the centre's key: the template in clear, kept in memory only. */
export interface OpenedEnrolment {
  gatewayId: string;
  enrolmentId: string;
  personId: string;
  slot: number;
  template: Uint8Array;
  templateSha256: string;
}

export type EnrolMessageReading =
  | { ok: true; enrolment: OpenedEnrolment }
  /** Not JSON, or not an EnrolPayload: nothing can be said about it. */
  | { ok: false; invalid: string }
  /** A well-formed message whose template the centre's key cannot open. */
  | { ok: false; enrolmentId: string; personId: string; sealed: string };

/**
 * Reads an `enrol` payload (mqtt-payloads `EnrolPayload`) and decrypts its template with the centre's
 * X25519 key. Never throws; says what is wrong without quoting the template.
 */
export async function openEnrolMessage(
  gatewayId: string,
  payload: Uint8Array,
  centreKey: KeyObject,
): Promise<EnrolMessageReading> {
  const read = readJsonPayload(payload);
  if (!read.ok) return { ok: false, invalid: read.problem };
  const shape = check(EnrolPayload, read.json);
  if (!shape.ok) return { ok: false, invalid: shape.errors[0] ?? 'not an enrol message' };
  const { enrolmentId, personId, slot, templateJwe } = shape.value;
  let template: Uint8Array;
  try {
    template = (await decryptWithX25519(templateJwe, centreKey)).plaintext;
  } catch {
    return {
      ok: false,
      enrolmentId,
      personId,
      sealed:
        "its template cannot be decrypted with the centre's encryption key (sealed to another key, or altered)",
    };
  }
  return {
    ok: true,
    enrolment: { gatewayId, enrolmentId, personId, slot, template, templateSha256: templateSha256(template) },
  };
}

/** The body of a stored `person.enrolled` envelope, or undefined if it does not have that shape. */
export function enrolledBody(envelope: EventEnvelope): PersonEnrolledBody | undefined {
  if (envelope.type !== 'person.enrolled') return undefined;
  const body = check(PersonEnrolledSchema, envelope.body);
  return body.ok ? body.value : undefined;
}

/**
 * Why an opened message does not belong to the signed `person.enrolled` event, or undefined when it does:
 * same gateway, person, slot and template hash. The message is not signed, the chain is: the event decides.
 */
export function enrolmentMismatch(
  enrolment: OpenedEnrolment,
  envelope: EventEnvelope,
  body: PersonEnrolledBody,
): string | undefined {
  if (envelope.gw !== enrolment.gatewayId) {
    return `the event is in the chain of ${envelope.gw}, the message came from ${enrolment.gatewayId}`;
  }
  if (body.templateSha256 !== enrolment.templateSha256) {
    return 'the SHA-256 of the template differs from the one in the signed person.enrolled event';
  }
  if (body.personId !== enrolment.personId || body.slot !== enrolment.slot) {
    return `the message names person ${enrolment.personId} slot ${enrolment.slot}, the signed event ${body.personId} slot ${body.slot}`;
  }
  return undefined;
}
