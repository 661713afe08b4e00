import type { StopKind } from '@vaultline/shared/plan/plan-schema';
import type { ActiveHandover } from '../handover/handover-types.ts';
import { type Bilingual, bilingual, format, type KioskLang } from './kiosk-strings.ts';

/** Names the prompts need, resolved from the plan by the view builder. */
export interface PromptNames {
  leaderName: string;
  /** Staff member whose password was accepted, if any. */
  passwordOkName?: string;
  /** Password + fingerprint mode: staff enter a password first. */
  staffPassword: boolean;
}

/** The screen's instruction for the current step, in both languages. */
export function handoverPrompt(active: ActiveHandover, names: PromptNames): Bilingual {
  switch (active.phase) {
    case 'crew-auth':
      return crewAuthPrompt(active);
    case 'door':
      return bilingual('prompt.door');
    case 'box-scan':
      return boxScanPrompt(active);
    case 'rescan':
      return bilingual('prompt.rescan', { n: outstanding(active).length });
    case 'confirm':
      return confirmPrompt(active, names);
    case 'discrepancy':
      return active.discrepancy?.reason
        ? bilingual('prompt.discrepancyApprove')
        : bilingual('prompt.discrepancyReason', { n: active.discrepancy?.missing.length ?? 0 });
    case 'completed':
      return bilingual('prompt.completed');
    case 'aborted':
      return bilingual('prompt.aborted');
  }
}

/** Boxes of the manifest not scanned (yet). */
export function outstanding(active: ActiveHandover): string[] {
  const scanned = new Set(active.boxes.scanned);
  return active.boxes.expected.filter((epc) => !scanned.has(epc));
}

/** Vault stops (dispatch, return) are confirmed by vault staff, branch stops by branch staff. */
export function staffSide(kind: StopKind): 'branch' | 'vault' {
  return kind === 'dispatch' || kind === 'return' ? 'vault' : 'branch';
}

function crewAuthPrompt(active: ActiveHandover): Bilingual {
  if (active.crew.some((member) => member.photo === 'rejected')) return bilingual('prompt.photoRejected');
  const waiting = active.crew.filter((member) => !member.verified).length;
  if (waiting > 0) return bilingual('prompt.crewAuth', { n: waiting });
  return bilingual('prompt.photoCheck');
}

function boxScanPrompt(active: ActiveHandover): Bilingual {
  const expected = active.boxes.expected.length;
  if (outstanding(active).length === 0) return bilingual('prompt.boxesDone');
  return bilingual('prompt.boxScan', { scanned: expected - outstanding(active).length, expected });
}

function confirmPrompt(active: ActiveHandover, names: PromptNames): Bilingual {
  const { leader, staff } = active.confirmations;
  const side = staffSide(active.kind);
  const both = (render: (lang: KioskLang, staffWord: string) => string): Bilingual => ({
    zh: render('zh', format('zh', `confirm.staff.${side}`)),
    en: render('en', format('en', `confirm.staff.${side}`)),
  });
  // Leader and staff may confirm in either order; while both are open one prompt names both.
  if (!leader && !staff && !names.staffPassword && !names.passwordOkName) {
    return both((lang, word) =>
      format(lang, 'prompt.confirmBoth', { leader: names.leaderName, staff: word }),
    );
  }
  if (!leader) return bilingual('prompt.confirmLeader', { leader: names.leaderName });
  if (names.passwordOkName) return bilingual('prompt.confirmAfterPassword', { name: names.passwordOkName });
  if (names.staffPassword)
    return both((lang, word) => format(lang, 'prompt.confirmPassword', { staff: word }));
  return both((lang, word) => format(lang, 'prompt.confirmStaff', { staff: word }));
}
