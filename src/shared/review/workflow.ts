// The case workflow as pure functions: which steps staff may take on a case now, and what taking
// one records. The server plans every step with planStep (inside the transaction that locked the
// case) and the staff page offers the steps availableActions lists, so the rules live once, here.
//
// A step is refused with a reason code, never a message: WORKFLOW_REFUSALS gives each code its
// HTTP status, the field it concerns and { zh, en } text. The order of checks is part of the
// contract (a reviewer deciding an extension on an unregistered case is told "forbidden", not
// "register first"): role, then the date, then the case's state, then the step's own values.
import type { DateString } from '../calendar'
import type { CaseEvent, ClockResult, ClockSettings, Receipt } from '../clock'
import type { OutcomeCode } from '../outcomes'
import type { CaseAction, CaseActionType, CaseHistoryItem, PublicCaseStatus, QueueItem } from './api'
import type { StaffRole } from './roles'
import { chinaDate, isDateString } from '../calendar'
import { CASE_EVENT_VERSION, DEFAULT_CLOCK_SETTINGS } from '../clock'
import { isOutcomeCode } from '../outcomes'
import { CASE_ACTION_TYPES } from './api'
import { can } from './roles'

/** What the workflow reads of a case: a CaseDetail (the case page's data) satisfies it. */
export interface WorkflowCase {
  item: Pick<QueueItem, 'status' | 'agency' | 'receiptDate' | 'serverReceivedAt'>
  general: { deviceSubmittedAt?: unknown }
  clock: Pick<ClockResult, 'paused' | 'pauseReason' | 'abandoned' | 'extensionWorkingDays' | 'consultations' | 'dueDate'> & { reasonablePeriod?: ClockResult['reasonablePeriod'] } & { milestones: Pick<ClockResult['milestones'], 'amendmentRequestBy'> }
  history: readonly Pick<CaseHistoryItem, 'kind'>[]
  pendingExtension: { seq: number, workingDays: number, reason: string } | null
}

/** Who acts and when. `settings` are the agency's clock settings (the extension cap comes from them). */
export interface WorkflowContext {
  role: StaffRole
  /** The acting user's id, recorded as the approver of an extension. */
  actorId: string
  /** The current instant (ISO); a step may be dated earlier, never later. */
  now: string
  settings?: Partial<ClockSettings>
}

/** One step to append to the case: the internal clock event (if any) and what the applicant sees. */
export interface PlannedStep {
  kind: CaseActionType
  /** The clock event; null for steps that do not move the clock (an extension request, a refusal). */
  event: CaseEvent | null
  /** The status the applicant's tracking page shows; null for internal steps. */
  publicStatus: PublicCaseStatus | null
  publicNote?: string | null
  outcome?: OutcomeCode | null
  /** The handling agency (registration only). */
  agency?: string | null
  note: string | null
  letter?: string | null
  details?: Record<string, unknown> | null
  /** When the step happened (ISO instant), for the applicant's history. */
  at: string
}

/** Why a step was refused. `conflict`: the case's state forbids it; `invalid`: a value is wrong. */
export const WORKFLOW_REFUSALS = {
  forbidden: { status: 403, field: null, zh: '延期须由负责人批准', en: 'only a supervisor may approve an extension' },
  invalidDate: { status: 400, field: 'at', zh: '日期格式无效', en: 'invalid date' },
  dateInFuture: { status: 400, field: 'at', zh: '日期不能晚于今天', en: 'date in the future' },
  alreadyAnswered: { status: 409, field: null, zh: '该申请已答复，不能再记录办理步骤', en: 'already answered' },
  notRegistered: { status: 409, field: null, zh: '请先登记收到该申请', en: 'register the application first' },
  alreadyRegistered: { status: 409, field: null, zh: '该申请已登记', en: 'already registered' },
  receiptInFuture: { status: 400, field: 'receivedOn', zh: '收到日期不能晚于今天', en: 'receipt date in the future' },
  amendmentAlreadyRequested: { status: 409, field: null, zh: '补正应一次性告知，本案已要求过补正', en: 'amendments must be requested once' },
  noAmendmentPending: { status: 409, field: null, zh: '没有待补正的要求', en: 'no amendment pending' },
  extensionPending: { status: 409, field: null, zh: '已有待批准的延期申请', en: 'an extension request is pending' },
  extensionTooLong: { status: 400, field: 'workingDays', zh: '延期累计不得超过{max}个工作日，还可延长{left}个工作日', en: 'at most {left} more working days' },
  noExtensionPending: { status: 409, field: null, zh: '没有待批准的延期申请', en: 'no extension request pending' },
  consultationRunning: { status: 409, field: null, zh: '征求意见正在进行中', en: 'a consultation is already running' },
  noConsultation: { status: 409, field: null, zh: '没有进行中的征求意见', en: 'no consultation running' },
  noConsultationAwaitingReceipt: { status: 409, field: null, zh: '没有待记录收到日期的征求意见', en: 'no consultation awaiting its receipt date' },
  consultationReceiptOutOfRange: { status: 400, field: 'receivedOn', zh: '收到日期应在发出之日与今天之间', en: 'receipt between sending and today' },
  consultationReceivedBeforeSent: { status: 400, field: 'at', zh: '收到日期不能早于征求意见书发出之日', en: 'receipt before sending' },
  noFeeNotice: { status: 409, field: null, zh: '没有收费通知', en: 'no fee notice' },
  unknownOutcome: { status: 400, field: 'outcome', zh: '无效的办理结果', en: 'unknown outcome' },
  extensionLate: { status: 409, field: null, zh: '答复期限已过，不能再延期（第三十三条）；如确有必要，须由负责人说明理由后办理', en: 'the time limit has passed: no extension (Art. 33) unless a supervisor overrides with a reason' },
  amendmentLate: { status: 409, field: null, zh: '补正须在收到申请之日起7个工作日内一次性告知（第三十条），已超过期限；如确有必要，须由负责人说明理由后办理', en: 'a 补正 request must go out within 7 working days of receipt (Art. 30) unless a supervisor overrides with a reason' },
  reasonsNotRequested: { status: 409, field: null, zh: '请先要求申请人说明理由（第三十五条）', en: 'ask the applicant for reasons first (Art. 35)' },
  reasonablePeriodSet: { status: 409, field: null, zh: '已确定过延迟答复的合理期限', en: 'a longer reply period is already set' },
  reasonablePeriodLate: { status: 409, field: null, zh: '答复期限已过，不能再确定延迟答复期限（第三十五条）；如确有必要，须由负责人说明理由后办理', en: 'the time limit has passed: no longer period (Art. 35) unless a supervisor overrides with a reason' },
  reasonablePeriodNotLater: { status: 400, field: 'dueDate', zh: '合理期限应晚于法定答复期限', en: 'the new date must be later than the statutory one' },
  reasonablePeriodUnknownDue: { status: 409, field: null, zh: '计时暂停中，法定答复期限尚未确定，暂不能确定合理期限', en: 'the clock is paused: the statutory date is not known yet' },
  invalidDueDate: { status: 400, field: 'dueDate', zh: '日期格式无效', en: 'invalid date' },
  overrideForbidden: { status: 403, field: 'override', zh: '只有负责人可以说明理由后办理逾期步骤', en: 'only a supervisor may override a late step' },
} as const satisfies Record<string, { status: 400 | 403 | 409, field: string | null, zh: string, en: string }>

/** A refusal reason code. */
export type WorkflowRefusalCode = keyof typeof WORKFLOW_REFUSALS

/** A refusal with the values its message names (extensionTooLong: `max`, `left`). */
export interface WorkflowRefusal { code: WorkflowRefusalCode, params?: Record<string, number> }

export type PlanResult = { ok: true, step: PlannedStep } | { ok: false, refusal: WorkflowRefusal }

/** A refusal's text in one language, with its values filled in. */
export function refusalText(r: WorkflowRefusal, lang: 'zh' | 'en'): string {
  return WORKFLOW_REFUSALS[r.code][lang].replace(/\{(\w+)\}/g, (_, k: string) => String(r.params?.[k] ?? ''))
}

const refuse = (code: WorkflowRefusalCode, params?: Record<string, number>): PlanResult => ({ ok: false, refusal: params ? { code, params } : { code } })

/** Working days of extension still allowed (Art. 33: 20 in total unless the settings say otherwise). */
export function extensionDaysLeft(c: WorkflowCase, ctx: Pick<WorkflowContext, 'settings'>): number {
  const max = ctx.settings?.maxExtensionWorkingDays ?? DEFAULT_CLOCK_SETTINGS.maxExtensionWorkingDays
  return max - c.clock.extensionWorkingDays
}

/** Whether the case's state allows a step of this type at all (values aside); null when it does. */
function precondition(c: WorkflowCase, type: CaseActionType, ctx: WorkflowContext): WorkflowRefusalCode | null {
  if (type === 'decideExtension' && !can(ctx.role, 'approveExtension'))
    return 'forbidden'
  const status = c.item.status
  if (status === 'answered')
    return 'alreadyAnswered'
  const registered = c.history.some(h => h.kind === 'register')
  if (type !== 'register' && !registered)
    return 'notRegistered'
  const consulting = c.clock.paused && c.clock.pauseReason === 'consultation'
  switch (type) {
    case 'register':
      return registered ? 'alreadyRegistered' : null
    case 'requestAmendment':
      return c.history.some(h => h.kind === 'requestAmendment') ? 'amendmentAlreadyRequested' : null
    case 'amendmentReceived':
      return status === 'awaitingAmendment' || (status === 'abandoned' && c.clock.abandoned === 'amendmentOverdue') ? null : 'noAmendmentPending'
    case 'requestExtension':
      return c.pendingExtension ? 'extensionPending' : extensionDaysLeft(c, ctx) <= 0 ? 'extensionTooLong' : null
    case 'decideExtension':
      return c.pendingExtension ? null : 'noExtensionPending'
    case 'consultationStarted':
      return consulting ? 'consultationRunning' : null
    case 'consultationReceived':
      return c.clock.consultations.some(k => k.receivedOn === null && k.repliedOn === null) ? null : 'noConsultationAwaitingReceipt'
    // A reply may come after the period lapsed and the clock resumed (Art. 32): still recorded.
    case 'consultationEnded':
      return c.clock.consultations.some(k => k.repliedOn === null) ? null : 'noConsultation'
    case 'feePaid':
      return c.history.some(h => h.kind === 'feeNotice') ? null : 'noFeeNotice'
    case 'requireReasons':
      return null
    case 'setReasonablePeriod':
      return !c.history.some(h => h.kind === 'requireReasons') ? 'reasonsNotRequested' : c.history.some(h => h.kind === 'setReasonablePeriod') ? 'reasonablePeriodSet' : null
    case 'feeNotice':
    case 'answer':
      return null
  }
}

/**
 * The steps the acting user may take on the case now, in the order the case page offers them. A
 * step past its time limit today (Arts. 30, 33) is offered only to a role that may override it
 * with a reason: anyone else would only be refused.
 */
export function availableActions(c: WorkflowCase, ctx: WorkflowContext): CaseActionType[] {
  const today = chinaDate(ctx.now)
  const mayOverride = can(ctx.role, 'overrideLateStep')
  return CASE_ACTION_TYPES.filter(t => precondition(c, t, ctx) === null && (mayOverride || lateFor(c, t, today) === null))
}

/**
 * The checks that need no case, only who acts and when: the role, then the step's date. planStep
 * runs them first; the server also runs them before it locks the case, so a refused role costs no
 * lock and is told so even about a case that does not exist.
 */
export function checkAction(action: CaseAction, ctx: WorkflowContext): WorkflowRefusal | null {
  if (action.type === 'decideExtension' && !can(ctx.role, 'approveExtension'))
    return { code: 'forbidden' }
  const at = action.at ?? ctx.now
  if (!isDateString(at) && Number.isNaN(Date.parse(at)))
    return { code: 'invalidDate' }
  if (chinaDate(isDateString(at) ? `${at}T12:00:00+08:00` : at) > chinaDate(ctx.now))
    return { code: 'dateInFuture' }
  return null
}

/**
 * The step `action` records on the case, or why it is refused. Dates given as a day are taken at
 * noon China time, so they stay on that day in every time zone.
 */
export function planStep(c: WorkflowCase, action: CaseAction, ctx: WorkflowContext): PlanResult {
  const early = checkAction(action, ctx)
  if (early)
    return { ok: false, refusal: early }
  const at = action.at ?? ctx.now
  const atInstant = isDateString(at) ? `${at}T12:00:00+08:00` : at
  const atDate = chinaDate(atInstant)
  const today = chinaDate(ctx.now)
  const blocked = precondition(c, action.type, ctx)
  if (blocked === 'extensionTooLong')
    return tooLong(c, ctx)
  if (blocked)
    return refuse(blocked)

  // Steps the law no longer allows once a time limit has passed (Arts. 30, 33): refused, unless a
  // supervisor gives a reason (recorded with the step, audited, shown on the case).
  const late = lateStep(c, action, atDate)
  const override = 'override' in action && action.override ? action.override : null
  if (override && !can(ctx.role, 'overrideLateStep'))
    return refuse('overrideForbidden')
  if (late && !override)
    return refuse(late)
  const overridden = late && override ? { override: { code: late, reason: override.reason, by: ctx.actorId } } : {}

  const base = { at: atInstant, note: 'note' in action ? action.note ?? null : null }
  const step = (s: Omit<PlannedStep, 'at' | 'note'>): PlanResult => ({ ok: true, step: { ...base, ...s } })
  switch (action.type) {
    case 'register': {
      const day: DateString = action.receivedOn ?? c.item.receiptDate ?? atDate
      if (day > today)
        return refuse('receiptInFuture')
      const instant = `${day}T12:00:00+08:00`
      const deviceAt = typeof c.general.deviceSubmittedAt === 'string' ? c.general.deviceSubmittedAt : undefined
      const receipt: Receipt = action.channel === 'online'
        ? { channel: 'online', serverReceivedAt: action.receivedOn ? instant : c.item.serverReceivedAt }
        : action.channel === 'inPerson'
          ? { channel: 'inPerson', submittedAt: action.receivedOn ? instant : deviceAt ?? c.item.serverReceivedAt }
          : action.channel === 'post' ? { channel: 'post', signedForAt: day } : { channel: 'fax', confirmedAt: day }
      return step({ kind: 'register', event: { v: CASE_EVENT_VERSION, type: 'received', receipt }, publicStatus: 'registered', agency: action.agency ?? c.item.agency })
    }
    case 'requestAmendment':
      return step({ kind: 'requestAmendment', event: { v: CASE_EVENT_VERSION, type: 'amendmentRequested', at: atInstant, ...(action.replyWithinWorkingDays ? { replyWithinWorkingDays: action.replyWithinWorkingDays } : {}) }, publicStatus: 'amendmentRequested', publicNote: action.items, details: { items: action.items, ...overridden } })
    case 'amendmentReceived':
      return step({ kind: 'amendmentReceived', event: { v: CASE_EVENT_VERSION, type: 'amendmentReceived', at: atInstant }, publicStatus: 'amendmentReceived' })
    case 'requestExtension':
      if (action.workingDays > extensionDaysLeft(c, ctx))
        return tooLong(c, ctx)
      return step({ kind: 'requestExtension', event: null, publicStatus: null, details: { workingDays: action.workingDays, reason: action.reason, ...overridden } })
    case 'decideExtension': {
      const p = c.pendingExtension!
      const event: CaseEvent | null = action.approve
        ? { v: CASE_EVENT_VERSION, type: 'extended', at: atInstant, workingDays: p.workingDays, approval: { by: ctx.actorId, at: atInstant }, reason: p.reason }
        : null
      return step({ kind: 'decideExtension', event, publicStatus: action.approve ? 'extended' : null, publicNote: action.approve ? `延长${p.workingDays}个工作日` : null, details: { approve: action.approve, requestSeq: p.seq, workingDays: p.workingDays, ...overridden } })
    }
    case 'consultationStarted':
      // Arts. 32/34: the party's 15 working days run from its receipt of the request.
      if (action.receivedOn !== undefined && (!isDateString(action.receivedOn) || action.receivedOn < atDate || action.receivedOn > today))
        return refuse('consultationReceiptOutOfRange')
      return step({ kind: 'consultationStarted', event: { v: CASE_EVENT_VERSION, type: 'consultationStarted', at: atInstant, party: action.party, ...(action.ref ? { ref: action.ref } : {}), ...(action.receivedOn ? { receivedAt: action.receivedOn } : {}) }, publicStatus: 'consultationStarted' })
    case 'consultationReceived':
      if (c.clock.consultations.every(k => k.receivedOn !== null || k.repliedOn !== null || atDate < k.sentOn))
        return refuse('consultationReceivedBeforeSent')
      return step({ kind: 'consultationReceived', event: { v: CASE_EVENT_VERSION, type: 'consultationReceived', at: atInstant }, publicStatus: null })
    case 'consultationEnded':
      return step({ kind: 'consultationEnded', event: { v: CASE_EVENT_VERSION, type: 'consultationEnded', at: atInstant }, publicStatus: 'consultationEnded' })
    case 'feeNotice':
      return step({ kind: 'feeNotice', event: { v: CASE_EVENT_VERSION, type: 'feeNotice', at: atInstant, amountYuan: action.amountYuan }, publicStatus: 'feeNotice', publicNote: `${action.amountYuan}元` })
    case 'feePaid':
      return step({ kind: 'feePaid', event: { v: CASE_EVENT_VERSION, type: 'feePaid', at: atInstant }, publicStatus: 'feePaid' })
    // Art. 35 does not say that asking for reasons stops the clock, so it does not (docs/law.md).
    case 'requireReasons':
      return step({ kind: 'requireReasons', event: null, publicStatus: 'reasonsRequested', publicNote: action.text, details: { text: action.text } })
    case 'setReasonablePeriod': {
      if (!isDateString(action.dueDate))
        return refuse('invalidDueDate')
      if (c.clock.dueDate === null)
        return refuse('reasonablePeriodUnknownDue')
      if (action.dueDate <= c.clock.dueDate)
        return refuse('reasonablePeriodNotLater')
      const event: CaseEvent = { v: CASE_EVENT_VERSION, type: 'reasonablePeriod', at: atInstant, dueDate: action.dueDate, reason: action.reason }
      return step({ kind: 'setReasonablePeriod', event, publicStatus: 'reasonablePeriod', publicNote: reasonablePeriodNote(action.dueDate, action.reason), details: { dueDate: action.dueDate, reason: action.reason, statutoryDueDate: c.clock.dueDate, ...overridden } })
    }
    case 'answer':
      if (!isOutcomeCode(action.outcome))
        return refuse('unknownOutcome')
      return step({ kind: 'answer', event: { v: CASE_EVENT_VERSION, type: 'answered', at: atInstant, outcome: action.outcome }, publicStatus: 'answered', outcome: action.outcome, letter: action.letter })
  }
}

/**
 * The applicant's own 补正 arriving through the app: the same amendmentReceived step staff record for
 * one that came by post (the reply clock restarts from this day, Art. 30), allowed in the same case
 * states. `now` is the server's time of receipt; the step names the stored amendment.
 */
export function planApplicantAmendment(c: WorkflowCase, now: string, amendmentId: string): PlanResult {
  const blocked = precondition(c, 'amendmentReceived', { role: 'reviewer', actorId: '', now })
  if (blocked)
    return refuse(blocked)
  return { ok: true, step: { kind: 'amendmentReceived', at: now, note: null, event: { v: CASE_EVENT_VERSION, type: 'amendmentReceived', at: now }, publicStatus: 'amendmentReceived', details: { amendmentId, byApplicant: true } } }
}

/** What the applicant's tracking page says about an Art. 35 period, in plain words. */
export function reasonablePeriodNote(dueDate: DateString, reason: string): string {
  return `因申请数量、频次明显超过合理范围，本机关依照《政府信息公开条例》第三十五条，将答复期限确定为${dueDate}。理由：${reason}`
}

/** The time limit a step comes too late for, if any: only steps that would move the clock count. */
function lateStep(c: WorkflowCase, action: CaseAction, atDate: DateString): 'extensionLate' | 'amendmentLate' | 'reasonablePeriodLate' | null {
  if (action.type === 'decideExtension' && !action.approve)
    return null
  return lateFor(c, action.type, atDate)
}

/**
 * The time limit a step of this type dated `atDate` would come too late for (an extension or an
 * Art. 35 longer period after the due date, Art. 33; a 补正 request after its 7 working days,
 * Art. 30), or null. The case page asks a supervisor for the override reason exactly when this is not null.
 */
export function lateFor(c: WorkflowCase, type: CaseActionType, atDate: DateString): 'extensionLate' | 'amendmentLate' | 'reasonablePeriodLate' | null {
  const due = c.clock.dueDate
  if (type === 'setReasonablePeriod' && due !== null && atDate > due)
    return 'reasonablePeriodLate'
  if ((type === 'requestExtension' || type === 'decideExtension') && due !== null && atDate > due)
    return 'extensionLate'
  const by = c.clock.milestones.amendmentRequestBy
  if (type === 'requestAmendment' && by && atDate > by.date)
    return 'amendmentLate'
  return null
}

function tooLong(c: WorkflowCase, ctx: WorkflowContext): PlanResult {
  const max = ctx.settings?.maxExtensionWorkingDays ?? DEFAULT_CLOCK_SETTINGS.maxExtensionWorkingDays
  return refuse('extensionTooLong', { max, left: Math.max(0, extensionDaysLeft(c, ctx)) })
}
