/** Messages of the gateways page's resume after RECORD_TAMPERED, in English. */
export const gatewaysEn: Record<string, string> = {
  'gateways.resume.title': 'Ingest stopped by RECORD_TAMPERED',
  'gateways.resume.intro':
    'The centre found a forged, forked or removed record in these gateways’ signed chains and stores nothing more from them until an administrator decides, after the investigation. Two ways out:',
  'gateways.resume.optionA': '(a) Resume from the verified head —',
  'gateways.resume.optionAText':
    'the centre keeps every record it verified and continues from its last one: the gateway is asked to send again from the next seq. Genuine records that link to that head are stored; records that still do not link raise RECORD_TAMPERED again and stop ingest again. The acknowledged alarm is resolved with your reason. Offered here.',
  'gateways.resume.optionB': '(b) A re-provisioned gateway (new keys) —',
  'gateways.resume.optionBText':
    'when the gateway itself cannot be trusted or its chain is broken for good, it is set up again with new keys with `vaultline-center gateway add`; that is not done on this page.',
  'gateways.resume.forGood':
    'Resuming cannot repair a chain that is broken at the gateway: if records were removed there, the gateway sends again what it has, the hole stays, and RECORD_TAMPERED is raised again after the resend requests. Such a gateway needs (b).',
  'gateways.resume.head':
    'Centre’s verified head: seq {seq}. A resume asks the gateway to send again from seq {next}.',
  'gateways.resume.adminOnly': 'Only an administrator can resume ingest.',
  'gateways.resume.ackFirst':
    'Acknowledge its RECORD_TAMPERED alarm first: someone must have looked at the finding.',
  'gateways.resume.toAlarms': 'Open the RECORD_TAMPERED alarms',
  'gateways.resume.reason': 'Reason (at least {min} characters: what was found, who checked it)',
  'gateways.resume.reasonPlaceholder':
    'e.g. forged message from a leaked broker password; password rotated, gateway checked on site',
  'gateways.resume.submit': 'Resume ingest of {gateway} from the verified head',
  'gateways.resume.done':
    'Ingest of {gateway} resumed: the gateway was asked to send again from seq {next}. Watch this page: a new RECORD_TAMPERED means the records still do not link.',
  'gateways.resume.doneNoResend':
    'Ingest of {gateway} resumed. The resend request did not reach the broker; the gateway sends its unacknowledged events again on its own.',
  'gateways.resume.error.RESUME_FORBIDDEN': 'Only an administrator can resume ingest.',
  'gateways.resume.error.RESUME_REASON_REQUIRED':
    'Write the reason: at least 10 characters saying what was found and who checked it.',
  'gateways.resume.error.RESUME_ALARM_NOT_ACKNOWLEDGED':
    'Acknowledge the gateway’s RECORD_TAMPERED alarm first, then resume.',
  'gateways.resume.error.RESUME_NOT_STOPPED': 'Ingest of this gateway is not stopped; nothing to resume.',
  'gateways.resume.unavailable':
    'This centre has no resume service wired in; use `vaultline-center gateway resume-ingest`.',
};
