import type { DateString } from '../calendar'
import type { ClockResult, ClockSettings, ReceiptChannel } from '../clock'
// The staff review API (version 1): what the queue, the case page and the statistics page exchange
// with the server. Case actions are a discriminated union; each becomes one row of the case's history.
import type { FeeBasis } from '../fees'
import type { OutcomeCode } from '../outcomes'
import type { StaffRole } from './roles'

/** Where a case stands, for the queue's status filter. */
export type CaseStatus
  = | 'new' // received from a device, not yet registered by staff
    | 'open' // registered, clock running
    | 'awaitingAmendment' // 补正 requested, waiting for the applicant
    | 'paused' // consultation or fee notice
    | 'abandoned' // 视为放弃 by the rules: close it with an 其他处理 answer
    | 'answered'

/** Case statuses with their names on staff screens, in queue-filter order. */
export const CASE_STATUS = {
  new: { zh: '待登记', en: 'To register' },
  open: { zh: '办理中', en: 'In progress' },
  awaitingAmendment: { zh: '待补正', en: 'Awaiting amendment' },
  paused: { zh: '暂停计时', en: 'Clock paused' },
  abandoned: { zh: '视为放弃', en: 'Abandoned' },
  answered: { zh: '已答复', en: 'Answered' },
} as const satisfies Record<CaseStatus, { zh: string, en: string }>

export const CASE_STATUSES = Object.keys(CASE_STATUS) as readonly CaseStatus[]

/** Statuses the applicant's tracking history shows (never staff names or internal notes). */
export type PublicCaseStatus
  = | 'registered' | 'amendmentRequested' | 'amendmentReceived' | 'extended'
    | 'consultationStarted' | 'consultationEnded' | 'feeNotice' | 'feePaid' | 'answered'
    | 'reasonsRequested' | 'reasonablePeriod'

export interface StaffUserInfo {
  id: string
  username: string
  displayName: string
  role: StaffRole
  createdAt: string
}

export interface SessionResponse { user: StaffUserInfo, csrfToken: string }

/** One row of the queue. */
export interface QueueItem {
  id: string
  trackingCode: string
  channel: ReceiptChannel
  agency: string
  status: CaseStatus
  applicantType: string
  nameMasked: string
  /** The information sought, shortened. */
  summary: string
  serverReceivedAt: string
  receiptDate: DateString | null
  dueDate: DateString | null
  workingDaysLeft: number | null
  overdue: boolean
  paused: boolean
  provisional: boolean
  extensionPending: boolean
}

export interface QueueResponse {
  items: QueueItem[]
  calendarVersion: string
  /** The agency filter's directory choices within the account's scope, by id (filter with `agencyId`). */
  agencyOptions: { id: string, name: string }[]
  /** Names on cases with no agency id, registered by name before the directory (filter with `agency`). */
  agencies: string[]
  /** Pass as `after` for the next page; null on the last page. */
  next: string | null
}

/** One step in a case's history as staff see it. */
export interface CaseHistoryItem {
  seq: number
  kind: string
  at: string
  actor: string | null
  note: string | null
  publicStatus: PublicCaseStatus | null
  event: unknown
  letter: string | null
  /** A supervisor's override of a late step (Arts. 30, 33): which limit, and why. */
  override?: { code: string, reason: string } | null
  /** What the step sent or decided, for the case page: the 补正 text, an extension's days and decision. */
  sent?: { items?: string, workingDays?: number, approve?: boolean, reason?: string, text?: string, dueDate?: string }
}

export interface CaseDetail {
  item: QueueItem
  general: Record<string, unknown>
  masked: { name: string, idNumber: string, phone: string }
  clock: ClockResult
  history: CaseHistoryItem[]
  /** The pending extension request awaiting a supervisor, if any. */
  pendingExtension: { seq: number, workingDays: number, reason: string, requestedBy: string | null } | null
  /**
   * The 按件 count of 国办函〔2020〕109号, computed by the server: this is the applicant's
   * `nthInMonth`-th application to the agency in `month` (YYYY-MM). Null for applications stored
   * before the server kept the applicant's keyed identity: staff type the count for those.
   */
  feeCount?: { nthInMonth: number, month: string } | null
  /** The clock settings the case was computed with: the case page offers steps by the same rules (workflow.ts). */
  settings: Partial<ClockSettings>
}

/** The decrypted personal part (audited on every reveal). */
export interface RevealResponse {
  personal: { name: string, idNumber: string, phone: string | null, address: string | null, email: string | null, contactName: string | null }
}

/** A date-only or instant string for when a step happened; defaults to now on the server. */
interface When { at?: string }

/**
 * A supervisor's override of a step the law no longer allows (an extension after the due date, a
 * 补正 request after 7 working days): the reason is recorded with the step and audited.
 */
export interface LateOverride { reason: string }

/** Everything staff can do to a case. */
export type CaseAction
  = | When & { type: 'register', channel: ReceiptChannel, receivedOn?: DateString, agency?: string, note?: string }
    | When & { type: 'requestAmendment', items: string, replyWithinWorkingDays?: number, note?: string, override?: LateOverride }
    | When & { type: 'amendmentReceived', note?: string }
    | When & { type: 'requestExtension', workingDays: number, reason: string, override?: LateOverride }
    | When & { type: 'decideExtension', approve: boolean, note?: string, override?: LateOverride }
    /** `at`: the day the request went out; `receivedOn`: the day the party received it (Arts. 32, 34). */
    | When & { type: 'consultationStarted', party: 'thirdParty' | 'agency', ref?: string, receivedOn?: DateString, note?: string }
    /** The consulted party's receipt, recorded later; `at` is the day it received the request. */
    | When & { type: 'consultationReceived', note?: string }
    | When & { type: 'consultationEnded', note?: string }
    /** `basis` and `reduction`: the 109号 calculation the server checks the amount against (shared/fees). */
    | When & { type: 'feeNotice', amountYuan: number, basis?: FeeBasis, reduction?: { yuan: number, reason: string }, note?: string }
    | When & { type: 'feePaid', note?: string }
    /** Art. 35: ask the applicant to state the reasons for a clearly excessive volume or frequency (the clock keeps running). */
    | When & { type: 'requireReasons', text: string, note?: string }
    /** Art. 35: the reasons were judged reasonable; answer by `dueDate` (later than the statutory date), telling `reason`. */
    | When & { type: 'setReasonablePeriod', dueDate: DateString, reason: string, note?: string, override?: LateOverride }
    | When & { type: 'answer', outcome: OutcomeCode, letter: string, note?: string, referTo?: string }

export type CaseActionType = CaseAction['type']

export const CASE_ACTION_TYPES: readonly CaseActionType[] = [
  'register',
  'requestAmendment',
  'amendmentReceived',
  'requestExtension',
  'decideExtension',
  'consultationStarted',
  'consultationReceived',
  'consultationEnded',
  'feeNotice',
  'feePaid',
  'requireReasons',
  'setReasonablePeriod',
  'answer',
]

/** Server-sent event payloads on /api/staff/stream. */
export type StaffStreamMessage
  = | { type: 'hello', calendarVersion: string }
    | { type: 'application', id: string }

/** A recorded 行政复议 or 行政诉讼 (an "appeal" in code; the API's first name was "review"). */
export interface AppealRecordDto {
  id: string
  agency: string
  /** The directory agency the record belongs to (from `agency` when it names one; migration 022); the statistics find it by this. */
  agencyId?: string | null
  kind: 'reconsideration' | 'lawsuitDirect' | 'lawsuitAfterReconsideration'
  filedDate: DateString
  result: 'upheld' | 'corrected' | 'other' | null
  concludedDate: DateString | null
  applicationId: string | null
  note: string | null
}

/** One agency's row of the platform overview (GET /api/staff/platform/overview). */
export interface PlatformOverviewRow {
  /** Directory id; null for applications with no agency when the directory has no default agency. */
  agencyId: string | null
  name: string
  /** Cases received in the year. */
  cases: number
  open: number
  /** Open cases past their due date today. */
  overdue: number
  answered: number
  /** Answered on or before the due date. */
  onTime: number
  /** onTime / answered, null when none is answered yet. */
  onTimeRate: number | null
}

/** The platform overview: a row per agency and the sum over agencies. */
export interface PlatformOverview {
  year: number
  agencies: PlatformOverviewRow[]
  total: Omit<PlatformOverviewRow, 'agencyId' | 'name'>
}
