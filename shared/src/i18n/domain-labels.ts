/**
 * Names of the domain's fixed vocabulary (stop kinds, alarm kinds, severities, the facts an alarm carries)
 * in zh-CN and English, in one place: the kiosk, the printed report and the centre's console all say the
 * same words for them.
 */
const zh = {
  'kind.deliver': '派送',
  'kind.collect': '回收',
  'kind.dispatch': '出库',
  'kind.return': '入库',

  'severity.critical': '紧急',
  'severity.major': '重要',
  'severity.minor': '一般',

  'alarm.AUTH_FAILED_5X': '指纹连续 5 次验证失败',
  'alarm.WRONG_BOX': '错箱',
  'alarm.MISSING_BOX': '缺箱',
  'alarm.ROUTE_DEVIATION': '偏离路线',
  'alarm.STOP_SKIPPED': '跳点',
  'alarm.UNSCHEDULED_VEHICLE': '非排班车辆',
  'alarm.UNSCHEDULED_PERSON': '非排班人员',
  'alarm.LATE_ARRIVAL': '车辆迟到',
  'alarm.UNEXPECTED_STOP': '异常停车',
  'alarm.DEVICE_OFFLINE': '设备离线',
  'alarm.GATEWAY_OFFLINE': '网关离线',
  'alarm.RECORD_TAMPERED': '记录被篡改',

  // The keys of an alarm's `detail`, as the kiosk and the console list them beside the alarm.
  'fact.epc': '箱号',
  'fact.reader': '读写设备',
  'fact.device': '设备',
  'fact.personId': '人员',
  'fact.vehicleId': '车辆',
  'fact.plate': '车牌',
  'fact.failures': '失败次数',
  'fact.missing': '缺失',
  'fact.reason': '原因',
  'fact.distanceM': '偏离距离（米）',
  'fact.handoverId': '交接编号',
  'fact.arrivedAtStopSeq': '到达站序',
  'fact.arrivedAtSiteId': '到达网点',
  'fact.backlog': '待上传',
  'fact.expected': '应交',
  'fact.scanned': '已扫',
  'fact.skippedSeq': '跳过站点',
  'fact.stationaryS': '停车时长（秒）',
} as const;

export type DomainLabelKey = keyof typeof zh;

const en: Record<DomainLabelKey, string> = {
  'kind.deliver': 'Delivery',
  'kind.collect': 'Collection',
  'kind.dispatch': 'Dispatch',
  'kind.return': 'Return',

  'severity.critical': 'Critical',
  'severity.major': 'Major',
  'severity.minor': 'Minor',

  'alarm.AUTH_FAILED_5X': 'Fingerprint failed 5 times',
  'alarm.WRONG_BOX': 'Wrong box',
  'alarm.MISSING_BOX': 'Missing box',
  'alarm.ROUTE_DEVIATION': 'Route deviation',
  'alarm.STOP_SKIPPED': 'Stop skipped',
  'alarm.UNSCHEDULED_VEHICLE': 'Unscheduled vehicle',
  'alarm.UNSCHEDULED_PERSON': 'Unscheduled person',
  'alarm.LATE_ARRIVAL': 'Late arrival',
  'alarm.UNEXPECTED_STOP': 'Unexpected stop',
  'alarm.DEVICE_OFFLINE': 'Device offline',
  'alarm.GATEWAY_OFFLINE': 'Gateway offline',
  'alarm.RECORD_TAMPERED': 'Record tampered',

  'fact.epc': 'Box',
  'fact.reader': 'Reader',
  'fact.device': 'Device',
  'fact.personId': 'Person',
  'fact.vehicleId': 'Vehicle',
  'fact.plate': 'Plate',
  'fact.failures': 'Failures',
  'fact.missing': 'Missing',
  'fact.reason': 'Reason',
  'fact.distanceM': 'Distance off route (m)',
  'fact.handoverId': 'Hand-over',
  'fact.arrivedAtStopSeq': 'Arrived at stop',
  'fact.arrivedAtSiteId': 'Arrived at site',
  'fact.backlog': 'Backlog',
  'fact.expected': 'Expected',
  'fact.scanned': 'Scanned',
  'fact.skippedSeq': 'Skipped stop',
  'fact.stationaryS': 'Stopped for (s)',
};

export const DOMAIN_LABELS = { zh, en } as const;

/** A text in both languages, as the report prints its labels and the kiosk carries its prompts. */
export interface Bilingual {
  zh: string;
  en: string;
}

export function domainLabel(key: DomainLabelKey): Bilingual {
  return { zh: zh[key], en: en[key] };
}
