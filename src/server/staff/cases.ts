/**
 * Cases as staff see them: an application row plus its case_events, run through the shared clock.
 * Nothing derived is trusted from storage: status, due date and working days left are recomputed
 * from the events with today's calendar data, so a calendar update or a settings change shows at
 * once. The applications row's status and due date are refreshed on every step only so that the
 * applicant's tracking endpoint (which reads that row) shows the current deadline.
 */
import type { DateString, WorkCalendar } from '../../shared/calendar'
import type { CaseEvent, ClockResult, ClockSettings, Receipt, ReceiptChannel } from '../../shared/clock'
import type { CaseHistoryItem, CaseStatus, PublicCaseStatus, QueueItem } from '../../shared/review/api'
import type { Queryable } from '../db'
import { CASE_EVENT_VERSION, computeClock } from '../../shared/clock'

export interface AppRow {
  id: string
  trackingCode: string
  channel: ReceiptChannel
  deviceSubmittedAt: string
  serverReceivedAt: string
  applicantType: string
  orgSubtype: string | null
  nameMasked: string
  idNumberMasked: string
  phoneMasked: string
  general: Record<string, unknown>
}

export interface EventRow {
  seq: number
  applicationId: string
  kind: string
  event: CaseEvent | null
  publicStatus: PublicCaseStatus | null
  agency: string | null
  actor: string | null
  note: string | null
  letter: string | null
  details: Record<string, unknown> | null
  at: string
}

const ISO = (col: string) => `to_char(${col} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`
const APP_COLS = `id::text as id, tracking_code as "trackingCode", channel, ${ISO('device_submitted_at')} as "deviceSubmittedAt",
  ${ISO('server_received_at')} as "serverReceivedAt", applicant_type as "applicantType", org_subtype as "orgSubtype",
  name_masked as "nameMasked", id_number_masked as "idNumberMasked", phone_masked as "phoneMasked", general`

export async function loadApplications(db: Queryable, opts: { id?: string, channel?: string } = {}): Promise<AppRow[]> {
  const { rows } = await db.query<AppRow>(
    `select ${APP_COLS} from applications where ($1::uuid is null or id = $1) and ($2::text is null or channel = $2) order by server_received_at`,
    [opts.id ?? null, opts.channel ?? null],
  )
  return rows
}

export async function loadEvents(db: Queryable, ids?: string[]): Promise<Map<string, EventRow[]>> {
  const { rows } = await db.query<EventRow & { seq: string | number }>(
    `select e.seq, e.application_id::text as "applicationId", e.kind, e.event, e.public_status as "publicStatus", e.agency,
       u.username as actor, e.note, e.letter, e.details, ${ISO('e.created_at')} as at
     from case_events e left join staff_users u on u.id = e.actor_id
     where ($1::uuid[] is null or e.application_id = any($1::uuid[])) order by e.seq`,
    [ids ?? null],
  )
  const out = new Map<string, EventRow[]>()
  for (const r of rows) {
    const list = out.get(r.applicationId) ?? []
    list.push({ ...r, seq: Number(r.seq) })
    out.set(r.applicationId, list)
  }
  return out
}

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
    agency: reg?.agency || String(app.general.agency ?? '') || o.defaultAgency,
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
  const history: CaseHistoryItem[] = events.map(e => ({ seq: e.seq, kind: e.kind, at: e.at, actor: e.actor, note: e.note, publicStatus: e.publicStatus, event: e.event, letter: e.letter }))
  return { item, clock, registered: !!reg, pendingExtension: pending, history }
}

export interface NewEvent {
  applicationId: string
  kind: string
  event: CaseEvent | null
  publicStatus: PublicCaseStatus | null
  publicNote?: string | null
  outcome?: string | null
  agency?: string | null
  actorId: string
  note?: string | null
  letter?: string | null
  details?: Record<string, unknown> | null
  /** When the step happened (ISO instant), for the applicant's history. */
  at: string
}

/** Appends one step: the internal event, the applicant-visible status, and a NOTIFY for live queues. */
export async function appendEvent(tx: Queryable, e: NewEvent): Promise<number> {
  const { rows } = await tx.query<{ seq: string }>(
    `insert into case_events (application_id, kind, event, public_status, agency, actor_id, note, letter, details)
     values ($1, $2, $3, $4, $5, $6, $7, $8, $9) returning seq`,
    [e.applicationId, e.kind, e.event ? JSON.stringify(e.event) : null, e.publicStatus, e.agency ?? null, e.actorId, e.note ?? null, e.letter ?? null, e.details ? JSON.stringify(e.details) : null],
  )
  if (e.publicStatus) {
    await tx.query(
      `insert into application_events (application_id, status, at, outcome, note) values ($1, $2, $3, $4, $5)`,
      [e.applicationId, e.publicStatus, e.at, e.outcome ?? null, e.publicNote ?? null],
    )
    await tx.query('update applications set status = $2 where id = $1', [e.applicationId, e.publicStatus])
  }
  await tx.query(`insert into change_log (entity, entity_id, op) values ('application', $1, 'put')`, [e.applicationId])
  await tx.query(`select pg_notify('applications', $1)`, [e.applicationId])
  return Number(rows[0]!.seq)
}

/** Keeps the tracking endpoint's due date current after a step changed it. */
export async function refreshDueDate(tx: Queryable, id: string, due: DateString | null, provisional: boolean): Promise<void> {
  if (due)
    await tx.query('update applications set due_date = $2, due_date_provisional = $3 where id = $1', [id, due, provisional])
}
