/**
 * Cases as staff see them: an application row plus its case_events, run through the shared clock.
 * Nothing derived is trusted from storage: status, due date and working days left are recomputed
 * from the events with today's calendar data, so a calendar update or a settings change shows at
 * once. Pure: no SQL, no HTTP.
 */
import type { WorkCalendar } from '../../../shared/calendar'
import type { CaseEvent, ClockResult, ClockSettings, Receipt } from '../../../shared/clock'
import type { CaseHistoryItem, CaseStatus, QueueItem } from '../../../shared/review/api'
import type { AppRow, EventRow } from './store'
import { CASE_EVENT_VERSION, computeClock } from '../../../shared/clock'

/** The receipt the device's submission implies, used until staff register the case. */
export function impliedReceipt(app: AppRow): Receipt {
  return app.channel === 'inPerson'
    ? { channel: 'inPerson', submittedAt: app.deviceSubmittedAt, serverReceivedAt: app.serverReceivedAt }
    : { channel: 'online', serverReceivedAt: app.serverReceivedAt, deviceSubmittedAt: app.deviceSubmittedAt }
}

export interface CaseView {
  item: QueueItem
  clock: ClockResult
  registered: boolean
  pendingExtension: { seq: number, workingDays: number, reason: string, requestedBy: string | null } | null
  history: CaseHistoryItem[]
}

export interface ViewOptions { calendar: WorkCalendar, today: string, settings: Partial<ClockSettings>, defaultAgency: string }

/** Clock events in recorded order: the registration's receipt (or the implied one) first. */
export function clockEvents(app: AppRow, events: readonly EventRow[]): CaseEvent[] {
  const reg = events.find(e => e.kind === 'register')
  const received: CaseEvent = reg?.event ?? { v: CASE_EVENT_VERSION, type: 'received', receipt: impliedReceipt(app) }
  return [received, ...events.filter(e => e.kind !== 'register' && e.event).map(e => e.event!)]
}

export function caseView(app: AppRow, events: readonly EventRow[], o: ViewOptions): CaseView {
  const clock = computeClock(clockEvents(app, events), { calendar: o.calendar, today: o.today, settings: o.settings })
  const reg = events.find(e => e.kind === 'register')
  const lastReq = events.findLast(e => e.kind === 'requestExtension')
  const lastDecision = events.findLast(e => e.kind === 'decideExtension')
  const pending = lastReq && (!lastDecision || lastDecision.seq < lastReq.seq) && clock.state !== 'answered'
    ? { seq: lastReq.seq, workingDays: Number(lastReq.details?.workingDays ?? 0), reason: String(lastReq.details?.reason ?? ''), requestedBy: lastReq.actor }
    : null
  let status: CaseStatus
  if (clock.state === 'answered')
    status = 'answered'
  else if (clock.state === 'abandoned')
    status = 'abandoned'
  else if (!reg)
    status = 'new'
  else if (clock.paused && clock.pauseReason === 'amendment')
    status = 'awaitingAmendment'
  else if (clock.paused)
    status = 'paused'
  else
    status = 'open'
  const description = String(app.general.description ?? '')
  const item: QueueItem = {
    id: app.id,
    trackingCode: app.trackingCode,
    channel: clock.channel ?? app.channel,
    agency: reg?.agency || app.agencyName || String(app.general.agency ?? '') || o.defaultAgency,
    status,
    applicantType: app.applicantType,
    nameMasked: app.nameMasked,
    summary: description.length > 60 ? `${description.slice(0, 60)}…` : description,
    serverReceivedAt: app.serverReceivedAt,
    receiptDate: clock.receiptDate,
    dueDate: clock.dueDate,
    workingDaysLeft: clock.workingDaysLeft,
    overdue: clock.overdue,
    paused: clock.paused,
    provisional: clock.provisional,
    extensionPending: !!pending,
  }
  const history: CaseHistoryItem[] = events.map(e => ({ seq: e.seq, kind: e.kind, at: e.at, actor: e.actor, note: e.note, publicStatus: e.publicStatus, event: e.event, letter: e.letter, override: overrideOf(e.details), ...sentOf(e.details) }))
  return { item, clock, registered: !!reg, pendingExtension: pending, history }
}

/** What the applications row caches of a case (migration 008): the queue and statistics read it. */
export interface CaseState {
  status: CaseStatus
  agency: string
  channel: string
  receiptDate: string | null
  dueDate: string | null
  workingDaysLeft: number | null
  overdue: boolean
  paused: boolean
  provisional: boolean
  extensionPending: boolean
  answeredOn: string | null
  outcome: string | null
  /** Queue order: 0 clock running, 1 no running clock (waiting, abandoned), 2 answered. */
  rank: 0 | 1 | 2
}

/** The cached state of a computed case; the queue sorts by `rank`, then working days left. */
export function caseState(v: CaseView): CaseState {
  const i = v.item
  return {
    status: i.status,
    agency: i.agency,
    channel: i.channel,
    receiptDate: i.receiptDate,
    dueDate: i.dueDate,
    workingDaysLeft: i.workingDaysLeft,
    overdue: i.overdue,
    paused: i.paused,
    provisional: i.provisional,
    extensionPending: i.extensionPending,
    answeredOn: v.clock.answeredOn,
    outcome: v.clock.outcome,
    rank: i.status === 'answered' ? 2 : i.workingDaysLeft === null ? 1 : 0,
  }
}

/** The late-step override recorded in a step's details (shared/review/workflow.ts), if any. */
function overrideOf(details: Record<string, unknown> | null): { code: string, reason: string } | null {
  const o = details?.override as { code?: unknown, reason?: unknown } | undefined
  return o && typeof o.code === 'string' && typeof o.reason === 'string' ? { code: o.code, reason: o.reason } : null
}

/**
 * What a step sent or decided, from its recorded details (workflow.ts planStep): the 补正 items told
 * to the applicant, an extension's requested days and reason, and a supervisor's decision. The case
 * page shows them; without this, staff saw "要求补正" but not what was asked.
 */
function sentOf(details: Record<string, unknown> | null): Pick<CaseHistoryItem, 'sent'> {
  if (!details)
    return {}
  const sent: NonNullable<CaseHistoryItem['sent']> = {}
  if (typeof details.items === 'string')
    sent.items = details.items
  if (typeof details.workingDays === 'number')
    sent.workingDays = details.workingDays
  if (typeof details.approve === 'boolean')
    sent.approve = details.approve
  if (typeof details.reason === 'string')
    sent.reason = details.reason
  if (typeof details.text === 'string')
    sent.text = details.text
  if (typeof details.dueDate === 'string')
    sent.dueDate = details.dueDate
  return Object.keys(sent).length ? { sent } : {}
}
