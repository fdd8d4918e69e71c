// The applicant-facing names of where an application stands (the device's own states, the
// server's ApplicationStatus and every public status a case step records), and of an answer's
// outcome. One registry, so the tracking page, 我的申请 and the history never build an i18n key
// from a server value: a status added on the server later shows a plain fallback, never its code.
import type { Label } from '../label'
import type { PublicCaseStatus } from '../review/api'
import type { ApplicationStatus } from '../submission/protocol'
import { OUTCOME_GROUPS, OUTCOMES } from '../outcomes'

/** Every status an applicant can see, with its name. */
export const APPLICATION_STATUS = {
  submitted: { zh: '已在设备上提交', en: 'Submitted on the device' },
  received: { zh: '机关已收到', en: 'Received by the agency' },
  registered: { zh: '已登记', en: 'Registered' },
  amendmentRequested: { zh: '需要补正', en: 'Amendment requested' },
  amendmentReceived: { zh: '已收到补正材料', en: 'Amendment received' },
  extended: { zh: '已延期答复', en: 'Time limit extended' },
  consultationStarted: { zh: '正在征求第三方意见', en: 'Consulting a third party' },
  consultationEnded: { zh: '征求意见结束', en: 'Consultation ended' },
  feeNotice: { zh: '已发出收费通知', en: 'Fee notice sent' },
  feePaid: { zh: '已缴费', en: 'Fee paid' },
  answered: { zh: '已答复', en: 'Answered' },
  reasonsRequested: { zh: '请说明申请理由', en: 'Please state your reasons' },
  reasonablePeriod: { zh: '答复期限已延长（申请数量、频次较大）', en: 'Reply date moved later (many applications)' },
} as const satisfies Record<ApplicationStatus | PublicCaseStatus, Label>

/** What an unknown status (a newer server than this app) shows instead of its code. */
const UNKNOWN_STATUS: Label = { zh: '办理中', en: 'In progress' }

/** The name of an applicant-facing status; a plain "in progress" for a code this app does not know. */
export function statusLabel(code: string): Label {
  return Object.hasOwn(APPLICATION_STATUS, code) ? APPLICATION_STATUS[code as keyof typeof APPLICATION_STATUS] : UNKNOWN_STATUS
}

/** The name of an answer's outcome code (a leaf such as 'denied.thirdParty', or a group); null when unknown. */
export function outcomeLabel(code: string): Label | null {
  if (Object.hasOwn(OUTCOMES, code))
    return OUTCOMES[code as keyof typeof OUTCOMES]
  if (Object.hasOwn(OUTCOME_GROUPS, code))
    return OUTCOME_GROUPS[code as keyof typeof OUTCOME_GROUPS].short
  return null
}
