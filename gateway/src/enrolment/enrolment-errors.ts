import { VaultlineError } from '@vaultline/shared';

/** An enrolment action the gateway refuses now; the message says what to do instead. */
export class EnrolmentError extends VaultlineError {}

export const enrolmentRefusals = {
  noCentreKey: () =>
    new EnrolmentError(
      'ENROLMENT_UNAVAILABLE',
      'this gateway has no centre encryption key (set centreEncryptionKey in its config from the provisioning files); enrol at the centre instead',
    ),
  noPlan: () =>
    new EnrolmentError(
      'ENROLMENT_NO_PLAN',
      "no plan is held, so the approving manager cannot be identified; wait for today's plan or import it",
    ),
  handover: () =>
    new EnrolmentError(
      'ENROLMENT_HANDOVER',
      'a hand-over is under way and needs the readers; enrol once it is completed',
    ),
  busy: (reader: string) =>
    new EnrolmentError(
      'ENROLMENT_BUSY',
      `an enrolment is already running on ${reader}; finish or cancel it first`,
    ),
  unknownReader: (reader: string, known: string[]) =>
    new EnrolmentError(
      'ENROLMENT_READER',
      `there is no fingerprint reader "${reader}" here; choose one of: ${known.join(', ')}`,
    ),
  readerOffline: (reader: string) =>
    new EnrolmentError(
      'ENROLMENT_READER_OFFLINE',
      `fingerprint reader ${reader} is offline; check its cable or choose another reader`,
    ),
  wrongStep: (what: string) =>
    new EnrolmentError('ENROLMENT_STEP', `${what} is not possible at this step of the enrolment`),
  badChoice: (problem: string) => new EnrolmentError('ENROLMENT_CHOICE', problem),
  selfApproval: () =>
    new EnrolmentError(
      'ENROLMENT_SELF_APPROVAL',
      'a manager cannot approve their own enrolment; ask another manager to approve it, or enrol at the centre',
    ),
};
