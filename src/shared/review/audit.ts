// The audit log in plain words: every action the server records (`audit(...)` calls, and
// `case.<type>` for each case step), the kinds of thing an entry is about, and the detail fields
// worth showing with their names. The audit page shows these labels and never the codes; an action
// or field this app does not know yet reads as "其他操作" / stays in the collapsed full record.
// tests/unit/labels.test.ts fails when a server file records an action that is not listed here.
import type { Label } from '../label'
import type { CaseActionType } from './api'
import { OUTCOMES } from '../outcomes'
import { STAFF_ROLES } from './roles'

/** Case steps as the audit log names them (`case.<type>`). */
const CASE_STEPS = {
  register: { zh: '登记收到', en: 'Registered receipt' },
  requestAmendment: { zh: '要求补正', en: 'Requested amendment' },
  amendmentReceived: { zh: '收到补正材料', en: 'Amendment received' },
  requestExtension: { zh: '申请延期', en: 'Requested an extension' },
  decideExtension: { zh: '延期审批', en: 'Decided an extension' },
  consultationStarted: { zh: '开始征求意见', en: 'Started a consultation' },
  consultationReceived: { zh: '记录对方收到征求意见书', en: 'Recorded consultation receipt' },
  consultationEnded: { zh: '征求意见结束', en: 'Ended a consultation' },
  feeNotice: { zh: '发出收费通知', en: 'Sent a fee notice' },
  feePaid: { zh: '记录已缴费', en: 'Recorded payment' },
  requireReasons: { zh: '要求申请人说明理由（第三十五条）', en: 'Asked the applicant for reasons (Art. 35)' },
  setReasonablePeriod: { zh: '确定延迟答复的合理期限（第三十五条）', en: 'Set a longer reasonable reply period (Art. 35)' },
  answer: { zh: '答复', en: 'Answered' },
} as const satisfies Record<CaseActionType, Label>

/** Every audit action with its name. */
export const AUDIT_ACTIONS: Record<string, Label> = {
  'signIn': { zh: '登录', en: 'Signed in' },
  'signOut': { zh: '退出登录', en: 'Signed out' },
  'signOutEverywhere': { zh: '在所有设备上退出', en: 'Signed out everywhere' },
  'user.create': { zh: '创建账号', en: 'Created an account' },
  'user.update': { zh: '修改账号', en: 'Changed an account' },
  'settings.update': { zh: '修改设置', en: 'Changed settings' },
  'personal.reveal': { zh: '查看申请人完整信息', en: 'Viewed the applicant\'s full details' },
  'calendar.load': { zh: '载入放假安排', en: 'Loaded a holiday schedule' },
  'kiosk.create': { zh: '添加自助终端', en: 'Added a kiosk' },
  'kiosk.enrol': { zh: '自助终端完成登记', en: 'Kiosk enrolled' },
  'kiosk.revoke': { zh: '停用自助终端', en: 'Revoked a kiosk' },
  'kiosk.agencies': { zh: '修改自助终端服务的机关', en: 'Changed a kiosk\'s agencies' },
  'kiosk.settings': { zh: '修改终端设置', en: 'Changed kiosk settings' },
  'notify.send': { zh: '发送通知', en: 'Sent a notification' },
  'notify.resend': { zh: '重发通知', en: 'Resent a notification' },
  'report.upload': { zh: '上传年度报告', en: 'Uploaded an annual report' },
  'report.figures': { zh: '核对报告数字', en: 'Checked report figures' },
  'report.publish': { zh: '发布年度报告', en: 'Published an annual report' },
  'review.create': { zh: '登记复议或诉讼', en: 'Recorded an appeal' },
  'review.update': { zh: '更新复议或诉讼', en: 'Updated an appeal' },
  'statistics.publish': { zh: '发布年度统计', en: 'Published the year\'s statistics' },
  'agency.save': { zh: '保存机关信息', en: 'Saved an agency' },
  'agency.import': { zh: '批量导入机关', en: 'Imported agencies' },
  'annual.generate': { zh: '生成年度报告草稿', en: 'Drafted an annual report' },
  'annual.edit': { zh: '修改年度报告草稿', en: 'Edited an annual report draft' },
  'annual.publish': { zh: '发布年度报告草稿', en: 'Published an annual report draft' },
  ...Object.fromEntries(Object.entries(CASE_STEPS).map(([k, v]) => [`case.${k}`, v])),
  // Case files (docs/journeys.md): the applicant's 补正 from the app, the answer's documents, the mailing number.
  'case.applicantAmendment': { zh: '申请人在线提交补正', en: 'Applicant sent an amendment online' },
  'case.attachFile': { zh: '添加答复文件', en: 'Attached an answer document' },
  'case.detachFile': { zh: '删除答复文件', en: 'Removed an answer document' },
  'case.mailing': { zh: '登记邮寄单号', en: 'Recorded a postal tracking number' },
  // Correction requests (Art. 41, docs/law.md).
  'correction.answer': { zh: '答复更正申请', en: 'Answered a correction request' },
}

const OTHER_ACTION: Label = { zh: '其他操作', en: 'Other action' }

/** The name of an audit action; "other action" for one this app does not know. */
export function auditActionLabel(action: string): Label {
  return Object.hasOwn(AUDIT_ACTIONS, action) ? AUDIT_ACTIONS[action]! : OTHER_ACTION
}

/** What an entry is about. */
export const AUDIT_TARGETS: Record<string, Label> = {
  agency: { zh: '机关', en: 'Agency' },
  application: { zh: '申请', en: 'Application' },
  annualDraft: { zh: '年度报告草稿', en: 'Annual report draft' },
  calendarYear: { zh: '放假安排', en: 'Holiday schedule' },
  correctionRequest: { zh: '更正申请', en: 'Correction request' },
  kiosk: { zh: '自助终端', en: 'Kiosk' },
  report: { zh: '年度报告', en: 'Annual report' },
  reviewRecord: { zh: '复议或诉讼', en: 'Appeal' },
  settings: { zh: '设置', en: 'Settings' },
  staffUser: { zh: '账号', en: 'Account' },
  statistics: { zh: '年度统计', en: 'Statistics' },
}

/** The name of a target type, or null when unknown (then only its id is shown). */
export function auditTargetLabel(type: string | null): Label | null {
  return type && Object.hasOwn(AUDIT_TARGETS, type) ? AUDIT_TARGETS[type]! : null
}

const YES: Label = { zh: '是', en: 'Yes' }
const NO: Label = { zh: '否', en: 'No' }
const VIA: Record<string, Label> = { cli: { zh: '命令行', en: 'Command line' }, STAFF_DEMO: { zh: '演示账号', en: 'Demo account' } }

/** Detail fields shown with a name; each value is formatted for a reader (a label or plain text). */
const DETAIL_FIELDS: Record<string, { label: Label, value: (v: unknown) => Label | string | null }> = {
  seq: { label: { zh: '办理步骤', en: 'Step' }, value: v => typeof v === 'number' ? String(v) : null },
  outcome: { label: { zh: '答复结果', en: 'Outcome' }, value: v => typeof v === 'string' && Object.hasOwn(OUTCOMES, v) ? OUTCOMES[v as keyof typeof OUTCOMES] : null },
  approve: { label: { zh: '批准', en: 'Approved' }, value: v => typeof v === 'boolean' ? (v ? YES : NO) : null },
  disabled: { label: { zh: '停用', en: 'Disabled' }, value: v => typeof v === 'boolean' ? (v ? YES : NO) : null },
  passwordReset: { label: { zh: '重设密码', en: 'Password reset' }, value: v => typeof v === 'boolean' ? (v ? YES : NO) : null },
  username: { label: { zh: '用户名', en: 'Username' }, value: v => typeof v === 'string' ? v : null },
  role: { label: { zh: '角色', en: 'Role' }, value: v => typeof v === 'string' && Object.hasOwn(STAFF_ROLES, v) ? STAFF_ROLES[v as keyof typeof STAFF_ROLES] : null },
  via: { label: { zh: '方式', en: 'Via' }, value: v => typeof v === 'string' && Object.hasOwn(VIA, v) ? VIA[v]! : null },
  reason: { label: { zh: '原因', en: 'Reason' }, value: v => typeof v === 'string' ? v : null },
  number: { label: { zh: '邮寄单号', en: 'Tracking number' }, value: v => typeof v === 'string' ? v : null },
  name: { label: { zh: '名称', en: 'Name' }, value: v => typeof v === 'string' ? v : null },
  hall: { label: { zh: '大厅', en: 'Hall' }, value: v => typeof v === 'string' ? v : null },
  figures: { label: { zh: '数字', en: 'Figures' }, value: v => typeof v === 'number' ? String(v) : null },
  version: { label: { zh: '版本', en: 'Version' }, value: v => typeof v === 'number' || typeof v === 'string' ? String(v) : null },
  year: { label: { zh: '年度', en: 'Year' }, value: v => typeof v === 'number' ? String(v) : null },
  dueDate: { label: { zh: '答复期限', en: 'Reply by' }, value: v => typeof v === 'string' ? v : null },
  created: { label: { zh: '新建', en: 'New' }, value: v => typeof v === 'boolean' ? (v ? YES : NO) : null },
  active: { label: { zh: '启用', en: 'Active' }, value: v => typeof v === 'boolean' ? (v ? YES : NO) : null },
  rows: { label: { zh: '行数', en: 'Rows' }, value: v => typeof v === 'number' ? String(v) : null },
  imported: { label: { zh: '已导入', en: 'Imported' }, value: v => typeof v === 'number' ? String(v) : null },
  rejected: { label: { zh: '有错误的行', en: 'Rows with errors' }, value: v => typeof v === 'number' ? String(v) : null },
}

/** A detail shown on the audit page: its name and its value (a label to pick a language from, or text). */
export interface AuditDetail { key: string, label: Label, value: Label | string }

/** The details worth showing, named; the rest stays in the entry's full record. */
export function auditDetails(details: unknown): AuditDetail[] {
  if (!details || typeof details !== 'object' || Array.isArray(details))
    return []
  const out: AuditDetail[] = []
  for (const [key, raw] of Object.entries(details as Record<string, unknown>)) {
    const field = Object.hasOwn(DETAIL_FIELDS, key) ? DETAIL_FIELDS[key]! : null
    const value = field?.value(raw)
    if (field && value !== null && value !== undefined && value !== '')
      out.push({ key, label: field.label, value })
  }
  return out
}
