/** 网关页面：RECORD_TAMPERED 之后恢复接收（中文）。 */
export const gatewaysZhCN: Record<string, string> = {
  'gateways.resume.title': '因 RECORD_TAMPERED 已停止接收',
  'gateways.resume.intro':
    '中心在这些网关的签名记录链中发现了伪造、分叉或被删除的记录，在管理员调查并作出决定之前，不再保存它们的任何记录。两种处理方式：',
  'gateways.resume.optionA': '(a) 从已验证的链头恢复 ——',
  'gateways.resume.optionAText':
    '中心保留所有已验证的记录，从最后一条继续：请网关从下一个序号重新发送。与该链头衔接的真实记录会被保存；仍不能衔接的记录会再次触发 RECORD_TAMPERED 并再次停止接收。已确认的告警将以您填写的原因处置关闭。可在本页操作。',
  'gateways.resume.optionB': '(b) 重新配置的网关（新密钥）——',
  'gateways.resume.optionBText':
    '网关本身不可信或其记录链已永久断裂时，用 `vaultline-center gateway add` 以新密钥重新配置；不在本页操作。',
  'gateways.resume.forGood':
    '恢复无法修复在网关上断裂的记录链：如果记录在网关上被删除，网关只能重发它现有的记录，缺口仍在，多次重发请求之后会再次触发 RECORD_TAMPERED。这样的网关需要方式 (b)。',
  'gateways.resume.head': '中心已验证的链头：序号 {seq}。恢复后将请网关从序号 {next} 重新发送。',
  'gateways.resume.adminOnly': '只有管理员可以恢复接收。',
  'gateways.resume.ackFirst': '请先确认该网关的 RECORD_TAMPERED 告警：必须有人查看过该发现。',
  'gateways.resume.toAlarms': '打开 RECORD_TAMPERED 告警',
  'gateways.resume.reason': '原因（至少 {min} 个字符：发现了什么，由谁核实）',
  'gateways.resume.reasonPlaceholder': '例如：泄露的代理密码发送了伪造消息；密码已更换，网关已现场检查',
  'gateways.resume.submit': '从已验证链头恢复 {gateway} 的接收',
  'gateways.resume.done':
    '{gateway} 已恢复接收：已请网关从序号 {next} 重新发送。请留意本页：若再次出现 RECORD_TAMPERED，说明记录仍不能衔接。',
  'gateways.resume.doneNoResend': '{gateway} 已恢复接收。重发请求未送达代理；网关会自行重发未确认的事件。',
  'gateways.resume.error.RESUME_FORBIDDEN': '只有管理员可以恢复接收。',
  'gateways.resume.error.RESUME_REASON_REQUIRED': '请填写原因：至少 10 个字符，说明发现了什么、由谁核实。',
  'gateways.resume.error.RESUME_ALARM_NOT_ACKNOWLEDGED':
    '请先确认该网关的 RECORD_TAMPERED 告警，然后再恢复。',
  'gateways.resume.error.RESUME_NOT_STOPPED': '该网关的接收未停止，无需恢复。',
  'gateways.resume.unavailable': '本中心未接入恢复服务；请使用 `vaultline-center gateway resume-ingest`。',
};
