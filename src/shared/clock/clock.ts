// The statutory deadline clock (条例 Arts. 30–33, 国办函〔2020〕109号) as one pure function of a
// case's events, the working-day calendar and 'today'. Nothing is stored: a deadline is recomputed
// whenever the events or the calendar data change, and the result names the calendar version it used.
//
// Counting rules (see REGULATION.md; the unsettled ones are settings):
// - the answer is due `answerWorkingDays` (20) working days after the clock starts; day 1 is the next
//   working day unless `dayOfReceiptCounted`;
// - the clock starts on the receipt date (Art. 31, per channel) and restarts from zero on the day an
//   amended application (补正) arrives; while waiting for the amendment it does not run;
// - consultation (and, if `feeNoticePausesClock`, a fee notice until payment) pauses it: the day the
//   pause starts still counts, the day it ends is treated like a day of receipt;
// - a consultation lapses on its own: the consulted party has 15 working days from its receipt of
//   the request (Arts. 32, 34); with no reply by then the pause ends on that day and the case goes
//   on (Art. 32: silence does not stop the decision; Art. 34: silence is consent). Without a recorded
//   receipt the days run from sending, and the case is flagged so staff record the receipt;
// - Art. 35: a longer reasonable reply period set by the agency replaces the due date when it is
//   later than the statutory one (asking for the applicant's reasons does not pause the clock);
// - extensions add up to `maxExtensionWorkingDays` (20) in total and need a recorded approval.
// Irregularities (a late 补正 request, an unapproved extension, events out of order …) never throw:
// they come back as `problems` with plain-language messages, and the clock does what the law allows.
import type { DateString, WorkCalendar } from '../calendar'
import type { OutcomeCode } from '../outcomes'
import type { CaseEvent, Instant, Receipt, ReceiptChannel } from './events'
import { addDays, addWorkingDays, chinaDate, compareDates, countWorkingDays, yearOf } from '../calendar'
import { CASE_EVENT_VERSION } from './events'

/** Rules that agencies or later guidance may set differently. */
export interface ClockSettings {
  /** Count the day of receipt as day 1 (default false: day 1 is the next working day). */
  dayOfReceiptCounted: boolean
  /** Whether the reply clock stops from a fee notice until payment (UNVERIFIED in REGULATION.md). */
  feeNoticePausesClock: boolean
  /** Working days to answer (Art. 33: 20). */
  answerWorkingDays: number
  /** Maximum total extension (Art. 33: 20). */
  maxExtensionWorkingDays: number
  /** Working days after receipt within which a 补正 request must go out (Art. 30: 7). */
  amendmentRequestWorkingDays: number
  /** Time given to the applicant to amend when the event does not say (agency practice; UNVERIFIED). */
  amendmentReplyWorkingDays: number
  /** Time the third party has to give its opinion (Art. 32: 15). */
  thirdPartyReplyWorkingDays: number
  /** Time another agency consulted under Art. 34 has to answer (15; silence = consent). */
  agencyReplyWorkingDays: number
  /** Time to pay after a fee notice (国办函〔2020〕109号: 20). */
  feePaymentWorkingDays: number
}

/** Defaults from the regulation; the UNVERIFIED ones are a reasonable reading, to be confirmed per agency. */
export const DEFAULT_CLOCK_SETTINGS = {
  dayOfReceiptCounted: false,
  feeNoticePausesClock: true,
  answerWorkingDays: 20,
  maxExtensionWorkingDays: 20,
  amendmentRequestWorkingDays: 7,
  amendmentReplyWorkingDays: 15,
  thirdPartyReplyWorkingDays: 15,
  agencyReplyWorkingDays: 15,
  feePaymentWorkingDays: 20,
} as const satisfies ClockSettings

/** A computed date and whether it crossed days the calendar data does not cover. */
export interface Milestone {
  date: DateString
  provisional: boolean
}

/** Where a case stands. 'abandoned' means 视为放弃 by the rules; staff still close it with an answer. */
export type ClockState = 'notReceived' | 'running' | 'paused' | 'answered' | 'abandoned'

/** Why the clock is not running. */
export type PauseReason = 'amendment' | 'consultation' | 'fee'

/** Irregularities the clock noticed, with plain messages. */
export const CLOCK_PROBLEMS = {
  noReceipt: { zh: '该事件发生在申请登记收到之前，已忽略。', en: 'Event before the application was received; ignored.' },
  duplicateReceipt: { zh: '申请已登记收到，重复的收到记录已忽略。', en: 'The application was already received; the repeated receipt is ignored.' },
  badDate: { zh: '事件日期格式无效，已忽略。', en: 'The event has an invalid date; ignored.' },
  unsupportedVersion: { zh: '无法识别的事件版本，已忽略。', en: 'Unknown event version; ignored.' },
  outOfOrder: { zh: '事件日期早于前一事件，请核对记录顺序。', en: 'Event dated before the previous one; check the history.' },
  beforeReceipt: { zh: '事件日期早于收到申请之日，已忽略。', en: 'Event dated before the receipt date; ignored.' },
  afterAnswer: { zh: '申请已答复，之后的事件已忽略。', en: 'The case is answered; later events are ignored.' },
  amendmentRequestLate: { zh: '补正通知晚于收到申请后7个工作日。', en: 'The amendment request went out later than 7 working days after receipt.' },
  amendmentRepeated: { zh: '补正应一次性告知，本案多次要求补正。', en: 'Amendments must be requested all at once; this case has more than one request.' },
  amendmentNotRequested: { zh: '未要求补正却记录了补正材料，已忽略。', en: 'Amendment received without a request; ignored.' },
  extensionNotApproved: { zh: '延期未记录负责人同意，未计入期限。', en: 'Extension without a recorded approval; not applied.' },
  extensionTooLong: { zh: '延期累计超过20个工作日，超出部分未计入。', en: 'Extensions exceed 20 working days in total; the excess is not applied.' },
  extensionInvalid: { zh: '延期天数无效，已忽略。', en: 'Invalid number of extension days; ignored.' },
  extensionAfterDue: { zh: '延期决定晚于原答复期限。', en: 'The extension was decided after the deadline it extends.' },
  consultationNotStarted: { zh: '没有进行中的征求意见，结束记录已忽略。', en: 'No consultation in progress; the end is ignored.' },
  consultationReceiptUnknown: { zh: '未记录第三方收到征求意见书的日期，答复期限暂从发出之日起算。', en: 'The consulted party\'s receipt is not recorded; its reply period is counted from sending.' },
  reasonablePeriodNotLater: { zh: '第三十五条确定的答复期限不晚于法定期限，未采用。', en: 'The Art. 35 reply date is not later than the statutory one; not applied.' },
  feeNotNoticed: { zh: '没有收费通知却记录了缴费，已忽略。', en: 'Payment without a fee notice; ignored.' },
} as const

/** A problem code. */
export type ClockProblemCode = keyof typeof CLOCK_PROBLEMS

/** One irregularity, pointing at the event (index in the input) where it was noticed. */
export interface ClockProblem {
  code: ClockProblemCode
  eventIndex: number | null
  message: string
  messageEn: string
}

/**
 * One consultation and where it stands: `pending` (within its reply period), `replied`, or lapsed
 * without a reply in time: `noReply` (third party, Art. 32) or `deemedConsent` (agency, Art. 34).
 */
export interface ConsultationStatus {
  party: 'thirdParty' | 'agency'
  ref: string | null
  sentOn: DateString
  receivedOn: DateString | null
  replyBy: Milestone
  /** The day the pause ended: the reply, the lapse (= replyBy) or the answer. */
  endedOn: DateString | null
  /** The day a reply was recorded, even a late one. */
  repliedOn: DateString | null
  state: 'pending' | 'replied' | 'noReply' | 'deemedConsent'
}

/** Everything the review screens need to show about a case's deadline. */
export interface ClockResult {
  state: ClockState
  channel: ReceiptChannel | null
  /** Date of receipt under Art. 31. */
  receiptDate: DateString | null
  /** The day the 20-day count runs from: the receipt date, or the day the amended application arrived. */
  clockStart: DateString | null
  /** 20 plus approved extensions. */
  limitWorkingDays: number
  extensionWorkingDays: number
  /** Null while the clock cannot know it (waiting for 补正, or paused before the limit was reached). */
  dueDate: DateString | null
  /**
   * Working days from `today` (exclusive) to the due date (inclusive): 0 on the due date, negative once
   * working days have passed it (it is still 0 on a weekend right after it: trust `overdue`); frozen
   * while paused; null when closed or unknown.
   */
  workingDaysLeft: number | null
  paused: boolean
  pauseReason: PauseReason | null
  /** Open case: today is after the due date. Answered case: it was answered after the due date. */
  overdue: boolean
  /** Some date here was computed across days the calendar data does not cover: recompute when it does. */
  provisional: boolean
  /** The due date itself was counted across such days (what the applicant's tracking page marks 暂定). */
  dueDateProvisional: boolean
  calendarVersion: string
  abandoned: 'amendmentOverdue' | 'feeUnpaid' | null
  answeredOn: DateString | null
  outcome: OutcomeCode | null
  milestones: {
    /** Last day to send a 补正 request (7 working days after receipt). */
    amendmentRequestBy: Milestone | null
    /** Last day for the applicant to send the amendment. */
    amendmentReplyBy: Milestone | null
    /** Last day for the consulted party's reply (latest consultation). */
    consultationReplyBy: Milestone | null
    /** Last day to pay the fee (latest fee notice). */
    feePayBy: Milestone | null
    /** The due date without extensions. */
    originalDueDate: Milestone | null
  }
  /** Every consultation in order, with its reply period and outcome. */
  consultations: ConsultationStatus[]
  /**
   * Art. 35: the longer reasonable reply period the agency set, and the statutory due date it
   * replaced (`applied` false when it was not later, so the statutory date stands).
   */
  reasonablePeriod: { dueDate: DateString, reason: string, setOn: DateString, statutoryDueDate: DateString | null, applied: boolean } | null
  problems: ClockProblem[]
}

/** Inputs besides the events. */
export interface ClockOptions {
  calendar: WorkCalendar
  /** The day to measure from: a China date or an instant. */
  today: Instant
  settings?: Partial<ClockSettings>
}

/** The date of receipt under Art. 31 for a receipt record. */
export function receiptDate(receipt: Receipt): DateString {
  switch (receipt.channel) {
    case 'inPerson': return chinaDate(receipt.submittedAt)
    case 'post': return chinaDate(receipt.signedForAt)
    case 'online': return chinaDate(receipt.serverReceivedAt)
    case 'fax': return chinaDate(receipt.confirmedAt)
  }
}

interface Pause {
  start: DateString
  end: DateString | null
  reason: 'consultation' | 'fee'
  ref: string | null
  party?: 'thirdParty' | 'agency'
  receivedOn?: DateString | null
  repliedOn?: DateString | null
  index?: number
}

function safeDate(value: unknown): DateString | null {
  try {
    return typeof value === 'string' ? chinaDate(value) : null
  }
  catch {
    return null
  }
}

function eventDate(e: CaseEvent): DateString | null {
  if (e.type === 'received') {
    try {
      return receiptDate(e.receipt)
    }
    catch {
      return null
    }
  }
  return safeDate(e.at)
}

function yearsCovered(cal: WorkCalendar, from: DateString, to: DateString): boolean {
  const [a, b] = compareDates(from, to) <= 0 ? [from, to] : [to, from]
  for (let y = yearOf(a); y <= yearOf(b); y++) {
    if (!cal.covers(`${y}-01-01`))
      return false
  }
  return true
}

/** Computes a case's deadline and status from its events (in recorded order). */
export function computeClock(events: readonly CaseEvent[], options: ClockOptions): ClockResult {
  const cal = options.calendar
  const s: ClockSettings = { ...DEFAULT_CLOCK_SETTINGS, ...options.settings }
  const today = chinaDate(options.today)
  const problems: ClockProblem[] = []
  const flag = (code: ClockProblemCode, eventIndex: number | null) =>
    problems.push({ code, eventIndex, message: CLOCK_PROBLEMS[code].zh, messageEn: CLOCK_PROBLEMS[code].en })
  // Day 1 is the day after `base`: with the day of receipt counted, base is the day before.
  const baseOf = (d: DateString) => (s.dayOfReceiptCounted ? addDays(d, -1) : d)
  const after = (from: DateString, n: number, skip?: (d: DateString) => boolean): Milestone => {
    const r = addWorkingDays(cal, baseOf(from), n, skip)
    return { date: r.date, provisional: !r.covered }
  }

  let channel: ReceiptChannel | null = null
  let received: DateString | null = null
  let start: DateString | null = null
  let amendment: { replyBy: Milestone, receivedOn: DateString | null } | null = null
  let amendmentRequests = 0
  let extension = 0
  const extensions: { on: DateString, index: number, before: number }[] = []
  const pauses: Pause[] = []
  let fee: { payBy: Milestone, paidOn: DateString | null } | null = null
  let answered: { on: DateString, outcome: OutcomeCode } | null = null
  let reasonable: { dueDate: DateString, reason: string, setOn: DateString, index: number } | null = null
  let previous: DateString | null = null

  for (const [i, e] of events.entries()) {
    if (e.v !== CASE_EVENT_VERSION) {
      flag('unsupportedVersion', i)
      continue
    }
    if (answered) {
      flag('afterAnswer', i)
      continue
    }
    const on = eventDate(e)
    if (on === null) {
      flag('badDate', i)
      continue
    }
    if (e.type === 'received') {
      if (received !== null) {
        flag('duplicateReceipt', i)
        continue
      }
      received = on
      start = on
      previous = on
      channel = e.receipt.channel
      continue
    }
    if (received === null) {
      flag('noReceipt', i)
      continue
    }
    if (compareDates(on, received) < 0) {
      flag('beforeReceipt', i)
      continue
    }
    if (previous !== null && compareDates(on, previous) < 0)
      flag('outOfOrder', i)
    previous = on

    switch (e.type) {
      case 'amendmentRequested': {
        amendmentRequests++
        if (amendmentRequests > 1)
          flag('amendmentRepeated', i)
        if (compareDates(on, after(received, s.amendmentRequestWorkingDays).date) > 0)
          flag('amendmentRequestLate', i)
        const n = e.replyWithinWorkingDays
        const days = typeof n === 'number' && Number.isInteger(n) && n >= 0 ? n : s.amendmentReplyWorkingDays
        amendment = { replyBy: after(on, days), receivedOn: null }
        continue
      }
      case 'amendmentReceived':
        if (!amendment || amendment.receivedOn !== null) {
          flag('amendmentNotRequested', i)
          continue
        }
        amendment.receivedOn = on
        start = on
        continue
      case 'extended': {
        if (!Number.isInteger(e.workingDays) || e.workingDays <= 0) {
          flag('extensionInvalid', i)
          continue
        }
        if (!e.approval || typeof e.approval.by !== 'string' || e.approval.by.trim() === '') {
          flag('extensionNotApproved', i)
          continue
        }
        const room = s.maxExtensionWorkingDays - extension
        if (e.workingDays > room)
          flag('extensionTooLong', i)
        extensions.push({ on, index: i, before: extension })
        extension += Math.max(0, Math.min(e.workingDays, room))
        continue
      }
      case 'consultationStarted': {
        const got = e.receivedAt === undefined ? null : safeDate(e.receivedAt)
        pauses.push({ start: on, end: null, reason: 'consultation', ref: e.ref ?? null, party: e.party, receivedOn: got !== null && compareDates(got, on) >= 0 ? got : null, repliedOn: null, index: i })
        continue
      }
      case 'consultationReceived': {
        const open = [...pauses].reverse().find(p => p.reason === 'consultation' && p.repliedOn === null && (e.ref === undefined || p.ref === e.ref))
        if (!open) {
          flag('consultationNotStarted', i)
          continue
        }
        open.receivedOn = on
        continue
      }
      case 'consultationEnded': {
        const open = pauses.find(p => p.reason === 'consultation' && p.repliedOn === null && (e.ref === undefined || p.ref === e.ref))
        if (!open) {
          flag('consultationNotStarted', i)
          continue
        }
        open.end = on
        open.repliedOn = on
        continue
      }
      case 'feeNotice':
        fee = { payBy: after(on, s.feePaymentWorkingDays), paidOn: null }
        if (s.feeNoticePausesClock)
          pauses.push({ start: on, end: null, reason: 'fee', ref: null })
        continue
      case 'feePaid': {
        if (!fee || fee.paidOn !== null) {
          flag('feeNotNoticed', i)
          continue
        }
        fee.paidOn = on
        const open = pauses.find(p => p.reason === 'fee' && p.end === null)
        if (open)
          open.end = on
        continue
      }
      case 'reasonablePeriod':
        reasonable = { dueDate: e.dueDate, reason: e.reason, setOn: on, index: i }
        continue
      case 'answered':
        answered = { on, outcome: e.outcome }
    }
  }

  // Consultations end by a reply or lapse at the end of the consulted party's reply period, counted
  // from its receipt of the request (from sending while the receipt is not recorded).
  const consultations: ConsultationStatus[] = []
  for (const p of pauses) {
    if (p.reason !== 'consultation')
      continue
    const replyBy = after(p.receivedOn ?? p.start, p.party === 'agency' ? s.agencyReplyWorkingDays : s.thirdPartyReplyWorkingDays)
    const replied = p.repliedOn ?? null
    let state: ConsultationStatus['state'] = 'pending'
    if (replied !== null && compareDates(replied, replyBy.date) <= 0) {
      state = 'replied'
    }
    else if (compareDates(replied ?? answered?.on ?? today, replyBy.date) > 0) {
      // No reply in time: the pause ends on the last day of the period, whatever came later.
      p.end = replyBy.date
      state = p.party === 'agency' ? 'deemedConsent' : 'noReply'
    }
    if (!p.receivedOn && state !== 'replied')
      flag('consultationReceiptUnknown', p.index ?? null)
    consultations.push({
      party: p.party ?? 'thirdParty',
      ref: p.ref,
      sentOn: p.start,
      receivedOn: p.receivedOn ?? null,
      replyBy,
      endedOn: state === 'pending' ? (answered?.on ?? null) : p.end,
      repliedOn: replied,
      state,
    })
  }
  const consultationReplyBy = consultations.at(-1)?.replyBy ?? null

  const result: ClockResult = {
    state: 'notReceived',
    channel,
    receiptDate: received,
    clockStart: start,
    limitWorkingDays: s.answerWorkingDays + extension,
    extensionWorkingDays: extension,
    dueDate: null,
    workingDaysLeft: null,
    paused: false,
    pauseReason: null,
    overdue: false,
    provisional: false,
    dueDateProvisional: false,
    calendarVersion: cal.version,
    abandoned: null,
    answeredOn: answered?.on ?? null,
    outcome: answered?.outcome ?? null,
    milestones: { amendmentRequestBy: null, amendmentReplyBy: null, consultationReplyBy, feePayBy: null, originalDueDate: null },
    consultations,
    reasonablePeriod: null,
    problems,
  }
  if (received === null || start === null)
    return result
  const amend = amendment
  const feeState = fee
  const closed = answered
  const clockStart: DateString = start

  result.milestones.amendmentRequestBy = after(received, s.amendmentRequestWorkingDays)
  result.milestones.amendmentReplyBy = amend?.replyBy ?? null
  result.milestones.feePayBy = feeState?.payBy ?? null

  // An answer closes whatever is still open.
  if (closed) {
    for (const p of pauses) {
      if (p.end === null)
        p.end = closed.on
    }
  }
  const counted = s.dayOfReceiptCounted
  const skip = (d: DateString) => pauses.some(p => compareDates(d, p.start) > 0 && (p.end === null || (counted ? compareDates(d, p.end) < 0 : compareDates(d, p.end) <= 0)))
  const base = baseOf(clockStart)
  const waitingForAmendment = amend !== null && amend.receivedOn === null
  const openPause = pauses.find(p => p.end === null) ?? null

  const dueAfter = (limit: number): Milestone | null => {
    if (openPause) {
      const before = compareDates(openPause.start, base) > 0 ? countWorkingDays(cal, base, openPause.start, skip) : 0
      if (before < limit)
        return null
    }
    const r = addWorkingDays(cal, base, limit, skip)
    return { date: r.date, provisional: !r.covered }
  }

  let due: Milestone | null = null
  if (!waitingForAmendment) {
    due = dueAfter(result.limitWorkingDays)
    result.milestones.originalDueDate = dueAfter(s.answerWorkingDays)
    for (const x of extensions) {
      const dueThen = dueAfter(s.answerWorkingDays + x.before)
      if (dueThen && compareDates(x.on, dueThen.date) > 0)
        flag('extensionAfterDue', x.index)
    }
  }
  // Art. 35: the agency's longer reasonable period replaces the statutory date, only ever later.
  const rp = reasonable as { dueDate: DateString, reason: string, setOn: DateString, index: number } | null
  if (rp) {
    const applied = due !== null && compareDates(rp.dueDate, due.date) > 0
    result.reasonablePeriod = { dueDate: rp.dueDate, reason: rp.reason, setOn: rp.setOn, statutoryDueDate: due?.date ?? null, applied }
    if (due !== null && !applied)
      flag('reasonablePeriodNotLater', rp.index)
    if (applied)
      due = { date: rp.dueDate, provisional: false }
  }
  result.dueDate = due?.date ?? null
  result.dueDateProvisional = due?.provisional ?? false

  if (closed) {
    result.state = 'answered'
    result.overdue = due !== null && compareDates(closed.on, due.date) > 0
  }
  else if (waitingForAmendment && compareDates(today, amend.replyBy.date) > 0) {
    result.state = 'abandoned'
    result.abandoned = 'amendmentOverdue'
  }
  else if (feeState && feeState.paidOn === null && compareDates(today, feeState.payBy.date) > 0) {
    result.state = 'abandoned'
    result.abandoned = 'feeUnpaid'
  }
  else if (waitingForAmendment || openPause) {
    result.state = 'paused'
    result.paused = true
    result.pauseReason = waitingForAmendment ? 'amendment' : openPause!.reason
    if (!waitingForAmendment && openPause) {
      if (due) {
        result.workingDaysLeft = countWorkingDays(cal, openPause.start, due.date, skip)
        result.overdue = compareDates(today, due.date) > 0
      }
      else {
        const used = compareDates(openPause.start, base) > 0 ? countWorkingDays(cal, base, openPause.start, skip) : 0
        result.workingDaysLeft = result.limitWorkingDays - used
        if (!yearsCovered(cal, base, openPause.start))
          result.provisional = true
      }
    }
  }
  else {
    result.state = 'running'
    if (due) {
      result.workingDaysLeft = countWorkingDays(cal, today, due.date, skip)
      // Only the days the due date was counted across decide whether it is provisional: a date
      // fixed by official data stays firm when viewed from a year the calendar does not cover yet.
      result.overdue = compareDates(today, due.date) > 0
    }
  }

  const ms = result.milestones
  if (due?.provisional || [ms.amendmentRequestBy, ms.amendmentReplyBy, ms.consultationReplyBy, ms.feePayBy, ms.originalDueDate].some(m => m?.provisional))
    result.provisional = true
  return result
}
