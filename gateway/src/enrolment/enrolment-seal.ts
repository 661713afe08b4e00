import type { KeyObject } from 'node:crypto';
import type { PersonEnrolledBody } from '@vaultline/shared/contract/event-bodies';
import type { EnrolPayload } from '@vaultline/shared/contract/mqtt-payloads';
import { templateSha256 } from '@vaultline/shared/contract/template-digest';
import { encryptToX25519 } from '@vaultline/shared/crypto/jwe-x25519';

export interface EnrolledFinger {
  enrolmentId: string;
  personId: string;
  slot: number;
  template: Uint8Array;
  /** The manager who approved it. */
  approvedBy: string;
  reader: string;
}

/**
 * The two halves of an enrolment: the signed chain's `person.enrolled` (the template's SHA-256, never the
 * template) and the `enrol` message with the template encrypted to the centre's X25519 key (JWE,
 * `jwe-x25519.ts`). After this the clear template is no longer needed anywhere on the gateway.
 */
export async function sealEnrolment(
  enrolled: EnrolledFinger,
  centreEncryptionKey: KeyObject,
): Promise<{ body: PersonEnrolledBody; payload: EnrolPayload }> {
  const { enrolmentId, personId, slot, template, approvedBy, reader } = enrolled;
  const body: PersonEnrolledBody = {
    enrolmentId,
    personId,
    slot,
    templateSha256: templateSha256(template),
    approvedBy,
    reader,
  };
  const payload: EnrolPayload = {
    enrolmentId,
    personId,
    slot,
    templateJwe: await encryptToX25519(template, centreEncryptionKey),
  };
  return { body, payload };
}
