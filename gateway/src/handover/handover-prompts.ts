import type { AlarmKind } from '@vaultline/shared/contract/alarm-kinds';

/** A voice prompt in both kiosk languages (zh-CN is the default, English switchable). */
export interface Prompt {
  zh: string;
  en: string;
}

const p = (zh: string, en: string): Prompt => ({ zh, en });
const seconds = (ms: number) => Math.ceil(ms / 1000);

/** Every sentence the hand-over engine speaks, in one place so both languages stay in step. */
export const prompts = {
  vehicleArrived: (plate: string) =>
    p(
      `押运车辆 ${plate} 已到达，请押运员依次验证指纹`,
      `Cash vehicle ${plate} has arrived; escorts, please verify your fingerprints one by one`,
    ),
  handoverBusy: (plate: string) =>
    p(
      `另一交接正在进行，车辆 ${plate} 请稍候`,
      `Another hand-over is in progress; vehicle ${plate} please wait`,
    ),
  noDueStop: (plate: string) =>
    p(`车辆 ${plate} 在本网点没有待办交接`, `Vehicle ${plate} has no hand-over due at this site`),
  unknownVehicle: (vehicleId: string) =>
    p(`车辆 ${vehicleId} 不在今日计划中`, `Vehicle ${vehicleId} is not in today's plan`),
  noHandover: () => p('当前没有进行中的交接', 'No hand-over is in progress'),
  readerLocked: (remainingMs: number) =>
    p(
      `指纹验证已锁定，请 ${seconds(remainingMs)} 秒后再试`,
      `Fingerprint reader locked; try again in ${seconds(remainingMs)} s`,
    ),
  crewVerified: (name: string) => p(`押运员 ${name} 验证通过`, `Escort ${name} verified`),
  fingerFailed: () => p('指纹验证失败，请重试', 'Fingerprint not verified; please try again'),
  notOnCrew: (name: string) => p(`${name} 不在本次押运人员名单中`, `${name} is not on this run's crew`),
  photoAccepted: (name: string) => p(`${name} 照片核对通过`, `${name}: photo check passed`),
  photoRejected: (name: string) =>
    p(`${name} 照片核对未通过，请重新验证`, `${name}: photo check failed; verify again`),
  crewRestart: () =>
    p('验证失败次数过多，请全体押运员重新验证', 'Too many failed attempts; every escort must verify again'),
  doorOpening: () =>
    p(
      '人员验证完成，联动门已打开，请进入交接区',
      'Crew verified; the interlock door is open, please enter the hand-over zone',
    ),
  doorRefused: () =>
    p(
      '联动门暂时无法打开，请先关闭另一道门',
      'The interlock door cannot open yet; close the other door first',
    ),
  boxScan: () =>
    p('请将款箱放入交接区扫描', 'Please bring the cash boxes into the hand-over zone for scanning'),
  allBoxesScanned: () =>
    p(
      '款箱已全部扫描，请押运组长和网点人员按指纹确认',
      'All boxes scanned; escort leader and staff, please confirm by fingerprint',
    ),
  boxesNotScanned: () => p('款箱尚未全部扫描', 'Not every box has been scanned yet'),
  rescan: (missing: number, windowMs: number) =>
    p(
      `还有 ${missing} 个款箱未扫描，请在 ${seconds(windowMs)} 秒内重新扫描`,
      `${missing} boxes not scanned yet; re-scan within ${seconds(windowMs)} s`,
    ),
  boxesFound: () => p('缺失款箱已找到', 'The missing boxes were found'),
  discrepancy: () =>
    p(
      '款箱缺失，需由主管输入原因并按指纹批准',
      'Boxes missing: the manager must enter a reason and approve by fingerprint',
    ),
  reasonFirst: () => p('请先输入差异原因', 'Enter the discrepancy reason first'),
  managerNeeded: () => p('需要主管按指纹批准', "The manager's fingerprint is required"),
  discrepancyApproved: () =>
    p(
      '差异已批准，请押运组长和网点人员按指纹确认',
      'Discrepancy approved; escort leader and staff, please confirm by fingerprint',
    ),
  confirmed: (name: string) => p(`${name} 已确认`, `${name} confirmed`),
  leaderOnly: () => p('只有押运组长可以代表押运方确认', 'Only the escort leader confirms for the crew'),
  passwordFirst: () => p('请先输入密码，再按指纹', 'Enter your password first, then your fingerprint'),
  passwordOk: (name: string) =>
    p(`${name} 密码正确，请按指纹`, `${name}: password accepted, now your fingerprint`),
  passwordWrong: () => p('密码错误', 'Wrong password'),
  completed: () => p('交接完成，记录已保存', 'Hand-over complete; the record is saved'),
  aborted: () => p('交接已中止', 'Hand-over aborted'),
} as const;

const ALARM_PROMPTS: Record<AlarmKind, Prompt> = {
  AUTH_FAILED_5X: p('警报：指纹连续验证失败', 'Alarm: repeated fingerprint failures'),
  WRONG_BOX: p('警报：款箱不属于本次交接', 'Alarm: a box does not belong to this hand-over'),
  MISSING_BOX: p('警报：款箱缺失', 'Alarm: boxes missing'),
  ROUTE_DEVIATION: p('警报：车辆偏离路线', 'Alarm: vehicle off its route'),
  STOP_SKIPPED: p('警报：跳点', 'Alarm: a stop was skipped'),
  UNSCHEDULED_VEHICLE: p('警报：未排班车辆', 'Alarm: unscheduled vehicle'),
  UNSCHEDULED_PERSON: p('警报：非本班押运人员', "Alarm: person not on this run's crew"),
  LATE_ARRIVAL: p('警报：车辆迟到', 'Alarm: late arrival'),
  UNEXPECTED_STOP: p('警报：异常停车', 'Alarm: unexpected stop'),
  DEVICE_OFFLINE: p('警报：设备离线', 'Alarm: device offline'),
  GATEWAY_OFFLINE: p('警报：网关离线', 'Alarm: gateway offline'),
  RECORD_TAMPERED: p('警报：记录被篡改', 'Alarm: record tampered'),
};

export const alarmPrompt = (kind: AlarmKind): Prompt => ALARM_PROMPTS[kind];
