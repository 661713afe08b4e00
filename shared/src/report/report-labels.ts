import type { AlarmKind, Severity } from '../contract/alarm-kinds.ts';
import { type Bilingual, domainLabel } from '../i18n/domain-labels.ts';
import type { PersonRole, StopKind } from '../plan/plan-schema.ts';

/** Labels of the printed report: both languages side by side, as a bank's audit copy reads them. */
export const LABELS = {
  title: { zh: '款箱交接报告', en: 'Cash-box hand-over report' },
  handoverId: { zh: '交接编号', en: 'Hand-over ID' },
  site: { zh: '网点', en: 'Site' },
  gateway: { zh: '网关', en: 'Gateway' },
  run: { zh: '线路 / 站序', en: 'Run / stop' },
  kind: { zh: '交接类型', en: 'Kind' },
  vehicle: { zh: '车辆', en: 'Vehicle' },
  started: { zh: '开始时间', en: 'Started' },
  completed: { zh: '完成时间', en: 'Completed' },
  duration: { zh: '用时', en: 'Duration' },
  crew: { zh: '押运人员', en: 'Escort crew' },
  storedPhoto: { zh: '预留照片', en: 'Stored photo' },
  capturedFace: { zh: '现场抓拍', en: 'Captured face' },
  noImage: { zh: '无图像', en: 'No image' },
  keptAtGateway: { zh: '抓拍保存在网关', en: 'Kept at the gateway' },
  captureId: {
    zh: '抓拍编号（现场抓拍按生物特征保留规定仅存于网关）',
    en: 'Capture id (captures stay at the gateway under biometric retention)',
  },
  captureIdPlain: { zh: '抓拍编号', en: 'Capture id' },
  notReceived: { zh: '尚未从网关收到', en: 'Not yet received from the gateway' },
  employeeNo: { zh: '工号', en: 'Employee no.' },
  leader: { zh: '押运组长', en: 'Escort leader' },
  escort: { zh: '押运员', en: 'Escort' },
  fingerprint: { zh: '指纹比对', en: 'Fingerprint' },
  score: { zh: '得分', en: 'score' },
  photoCheck: { zh: '照片核对', en: 'Photo check' },
  boxes: { zh: '款箱', en: 'Cash boxes' },
  expected: { zh: '应交接', en: 'Expected' },
  scanned: { zh: '已扫描', en: 'Scanned' },
  missing: { zh: '缺失', en: 'Missing' },
  rejected: { zh: '错箱（已拒收）', en: 'Wrong box (rejected)' },
  epc: { zh: '箱号 (EPC)', en: 'Box (EPC)' },
  status: { zh: '状态', en: 'Status' },
  discrepancy: { zh: '差异', en: 'Discrepancy' },
  reason: { zh: '原因', en: 'Reason' },
  approvedBy: { zh: '批准人', en: 'Approved by' },
  confirmations: { zh: '双人确认', en: 'Dual confirmation' },
  alarms: { zh: '交接期间报警', en: 'Alarms during the hand-over' },
  noAlarms: { zh: '无', en: 'None' },
  cleared: { zh: '已解除', en: 'cleared' },
  integrity: { zh: '记录完整性', en: 'Record integrity' },
  seq: { zh: '事件序号', en: 'Event seq' },
  hash: { zh: '记录哈希 (SHA-256)', en: 'Record hash (SHA-256)' },
  integrityNote: {
    zh: '本报告对应网关签名事件链中的交接记录；哈希与序号可由审计人员独立核验。',
    en: "This report renders the hand-over record in the gateway's signed event chain; auditors can verify the hash and sequence independently.",
  },
  signature: { zh: '签字', en: 'Signature' },
  page: { zh: '第 {n} / {total} 页', en: 'Page {n} of {total}' },
} satisfies Record<string, Bilingual>;

export const PHOTO_CHECK: Record<string, Bilingual> = {
  accepted: { zh: '通过', en: 'accepted' },
  rejected: { zh: '未通过', en: 'rejected' },
  pending: { zh: '未核对', en: 'not checked' },
};

export const ROLE: Record<PersonRole, Bilingual> = {
  escort: { zh: '押运员', en: 'Escort' },
  teller: { zh: '网点人员', en: 'Branch staff' },
  'branch-manager': { zh: '网点主管', en: 'Branch manager' },
  'vault-manager': { zh: '金库主管', en: 'Vault manager' },
};

export const SEVERITY: Record<Severity, Bilingual> = {
  critical: domainLabel('severity.critical'),
  major: domainLabel('severity.major'),
  minor: domainLabel('severity.minor'),
};

/** Stop kinds and alarm names come from the shared domain labels, so kiosk, console and paper use the same words. */
export function kindLabel(kind: StopKind): Bilingual {
  return domainLabel(`kind.${kind}`);
}

export function alarmLabel(kind: AlarmKind): Bilingual {
  return domainLabel(`alarm.${kind}`);
}

/** Why a captured face is not in the report: not received yet, or deleted after `days` of retention. */
export function capturedAbsence(reason: 'not-received' | number): Bilingual {
  if (reason === 'not-received') return LABELS.notReceived;
  return { zh: `已按保留期限删除（${reason} 天）`, en: `Deleted after ${reason} days (retention)` };
}

/** `中文 English` on one line. */
export function both(label: Bilingual): string {
  return `${label.zh} ${label.en}`;
}
