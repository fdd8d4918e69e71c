/**
 * The audit log in plain words: each action the server records (`audit_log.action`) with its
 * `{ zh, en }` name, and its details as "name: value" lines instead of raw JSON. An action not in
 * the registry (added later) still shows as words: "其他操作 (other)" plus its details, never the code.
 */
import type { Label } from '../label'
import { STAFF_ROLES } from './roles'

/** Every audit action the server writes, by its code. */
export const AUDIT_ACTIONS: Record<string, Label> = {
  'signIn': { zh: '登录', en: 'Signed in' },
  'signIn.refused': { zh: '登录被拒绝', en: 'Sign-in refused' },
  'signOut': { zh: '退出', en: 'Signed out' },
  'signOutEverywhere': { zh: '退出所有设备', en: 'Signed out everywhere' },
  'user.create': { zh: '创建账户', en: 'Account created' },
  'user.update': { zh: '修改账户', en: 'Account changed' },
  'settings.update': { zh: '修改期限设置', en: 'Clock settings changed' },
  'personal.reveal': { zh: '查看申请人个人信息', en: 'Applicant\'s personal data shown' },
  'statistics.publish': { zh: '发布年度统计数据', en: 'Year\'s figures published' },
  'review.create': { zh: '登记复议或诉讼', en: 'Reconsideration or lawsuit recorded' },
  'review.update': { zh: '更新复议或诉讼', en: 'Reconsideration or lawsuit updated' },
  'report.upload': { zh: '上传年度报告', en: 'Annual report uploaded' },
  'report.figures': { zh: '核对年度报告数据', en: 'Report figures checked' },
  'report.publish': { zh: '发布年度报告', en: 'Annual report published' },
  'notify.send': { zh: '发送通知', en: 'Notification sent' },
  'notify.resend': { zh: '重发通知', en: 'Notification resent' },
  'kiosk.create': { zh: '登记自助终端', en: 'Kiosk registered' },
  'kiosk.enrol': { zh: '自助终端接入', en: 'Kiosk enrolled' },
  'kiosk.revoke': { zh: '停用自助终端', en: 'Kiosk revoked' },
  'kiosk.settings': { zh: '修改自助终端设置', en: 'Kiosk settings changed' },
  'calendar.load': { zh: '载入工作日历', en: 'Working calendar loaded' },
  'case.register': { zh: '登记申请', en: 'Application registered' },
  'case.requestAmendment': { zh: '要求补正', en: 'Amendment requested' },
  'case.amendmentReceived': { zh: '收到补正材料', en: 'Amendment received' },
  'case.requestExtension': { zh: '申请延期', en: 'Extension requested' },
  'case.decideExtension': { zh: '审批延期', en: 'Extension decided' },
  'case.consultationStarted': { zh: '开始征求意见', en: 'Consultation started' },
  'case.consultationReceived': { zh: '收到征求意见', en: 'Consultation reply received' },
  'case.consultationEnded': { zh: '结束征求意见', en: 'Consultation ended' },
  'case.feeNotice': { zh: '发出收费通知', en: 'Fee notice sent' },
  'case.feePaid': { zh: '收到费用', en: 'Fee paid' },
  'case.answer': { zh: '作出答复', en: 'Answered' },
}

const OTHER: Label = { zh: '其他操作', en: 'Other action' }

/** The name of an audit action; unknown codes get a generic name (the code never reaches the screen). */
export function auditActionLabel(action: string): Label {
  return AUDIT_ACTIONS[action] ?? (action.startsWith('case.') ? { zh: '办理步骤', en: 'Case step' } : OTHER)
}

/** Detail keys written by the server, named. */
const DETAIL_NAMES: Record<string, Label> = {
  username: { zh: '用户名', en: 'User name' },
  role: { zh: '角色', en: 'Role' },
  disabled: { zh: '停用', en: 'Disabled' },
  passwordReset: { zh: '重置密码', en: 'Password reset' },
  via: { zh: '方式', en: 'Via' },
  reason: { zh: '理由', en: 'Reason' },
  year: { zh: '年度', en: 'Year' },
  fields: { zh: '项目', en: 'Fields' },
  feeNoticePausesClock: { zh: '收费通知暂停计时', en: 'Fee notice pauses the clock' },
  dayOfReceiptCounted: { zh: '收到当日计入期限', en: 'Day of receipt counted' },
  amendmentReplyWorkingDays: { zh: '补正答复期限（工作日）', en: 'Amendment reply (working days)' },
  outcome: { zh: '答复结果', en: 'Outcome' },
  note: { zh: '备注', en: 'Note' },
}

const VALUE_NAMES: Record<string, Label> = {
  true: { zh: '是', en: 'yes' },
  false: { zh: '否', en: 'no' },
  cli: { zh: '服务器命令行', en: 'server command line' },
  STAFF_DEMO: { zh: '演示模式', en: 'demo mode' },
  ...STAFF_ROLES,
}

function words(key: string): string {
  // camelCase → "camel case": an unknown key still reads as words, never as an identifier.
  return key.replace(/([a-z])([A-Z])/g, '$1 $2').replace(/[._]/g, ' ').toLowerCase()
}

/** Audit details as "name: value" lines in `lang`; nested values are flattened, nulls skipped. */
export function auditDetailLines(details: unknown, lang: keyof Label): string[] {
  if (details === null || details === undefined)
    return []
  if (typeof details !== 'object')
    return [String(details)]
  const out: string[] = []
  for (const [k, v] of Object.entries(details as Record<string, unknown>)) {
    if (v === null || v === undefined)
      continue
    const name = DETAIL_NAMES[k]?.[lang] ?? words(k)
    const value = Array.isArray(v)
      ? v.map(x => typeof x === 'object' ? auditDetailLines(x, lang).join('，') : String(x)).join('、')
      : typeof v === 'object'
        ? auditDetailLines(v, lang).join('；')
        : (VALUE_NAMES[String(v)]?.[lang] ?? String(v))
    out.push(`${name}${lang === 'zh' ? '：' : ': '}${value}`)
  }
  return out
}
