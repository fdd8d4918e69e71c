/**
 * Cases in the database: application rows and their case_events (the only SQL of the cases
 * domain). The applications row's status and due date are refreshed on every step only so that the
 * applicant's tracking endpoint (which reads that row) shows the current deadline.
 */
import type { DateString } from '../../../shared/calendar'
import type { CaseEvent, ReceiptChannel } from '../../../shared/clock'
import type { CaseStatus, PublicCaseStatus, QueueItem } from '../../../shared/review/api'
import type { Queryable } from '../../platform/db'
import type { StaffScope } from '../scope/service'
import type { CaseState } from './view'
import { scopeSql } from '../scope/service'

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
  /** The directory name of the agency the application is addressed to (null: none). */
  agencyName: string | null
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
  name_masked as "nameMasked", id_number_masked as "idNumberMasked", phone_masked as "phoneMasked", general,
  (select c.name from catalog_agencies c where c.id = applications.agency_id) as "agencyName"`

/** Application rows by id (one case page, or a batch being refreshed). */
export async function loadApplications(db: Queryable, ids: string[]): Promise<AppRow[]> {
  const { rows } = await db.query<AppRow>(`select ${APP_COLS} from applications where id = any($1::uuid[]) order by server_received_at`, [ids])
  return rows
}

/** The case events of these applications, in recorded order. */
export async function loadEvents(db: Queryable, ids: string[]): Promise<Map<string, EventRow[]>> {
  const { rows } = await db.query<EventRow & { seq: string | number }>(
    `select e.seq, e.application_id::text as "applicationId", e.kind, e.event, e.public_status as "publicStatus", e.agency,
       u.username as actor, e.note, e.letter, e.details, ${ISO('e.created_at')} as at
     from case_events e left join staff_users u on u.id = e.actor_id
     where e.application_id = any($1::uuid[]) order by e.seq`,
    [ids],
  )
  const out = new Map<string, EventRow[]>()
  for (const r of rows) {
    const list = out.get(r.applicationId) ?? []
    list.push({ ...r, seq: Number(r.seq) })
    out.set(r.applicationId, list)
  }
  return out
}

export interface NewEvent {
  applicationId: string
  kind: string
  event: CaseEvent | null
  publicStatus: PublicCaseStatus | null
  publicNote?: string | null
  outcome?: string | null
  agency?: string | null
  /** The staff member who took the step; null for the applicant's own (a 补正 sent from the app). */
  actorId: string | null
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

/** Locks one case's row for the rest of the transaction, so two staff cannot step it at once (PostgreSQL; PGlite runs one transaction at a time anyway). */
export async function lockCase(tx: Queryable, id: string): Promise<void> {
  await tx.query('select id from applications where id = $1 for update', [id])
}

/** The sealed-at-rest personal data of one application, or null when there is no such application. */
export async function findPersonalEnc(db: Queryable, id: string): Promise<string | null> {
  const { rows } = await db.query<{ personalEnc: string }>('select personal_enc as "personalEnc" from applications where id = $1', [id])
  return rows[0]?.personalEnc ?? null
}

/** Writes a case's cached state (migration 008), computed on `today` with calendar `calendarVersion`. */
export async function writeCaseState(tx: Queryable, id: string, s: CaseState, today: DateString, calendarVersion: string): Promise<void> {
  await tx.query(
    `update applications set case_status = $2, case_agency = $3, case_channel = $4, case_receipt_date = $5, case_due_date = $6,
       case_working_days_left = $7, case_overdue = $8, case_paused = $9, case_provisional = $10, case_extension_pending = $11,
       case_answered_on = $12, case_outcome = $13, case_rank = $14, case_computed_on = $15, case_calendar = $16
     where id = $1`,
    [id, s.status, s.agency, s.channel, s.receiptDate, s.dueDate, s.workingDaysLeft, s.overdue, s.paused, s.provisional, s.extensionPending, s.answeredOn, s.outcome, s.rank, today, calendarVersion],
  )
}

/**
 * Cases whose cached state is out of date: never computed, or open and computed before `today` or
 * with other calendar data. With `all`, every case (after a settings change). At most `limit`.
 */
export async function staleCaseIds(db: Queryable, o: { today: DateString, calendarVersion: string, all?: boolean, after?: string, limit: number }): Promise<string[]> {
  const { rows } = await db.query<{ id: string }>(
    o.all
      ? `select id::text as id from applications where ($1::uuid is null or id > $1) order by id limit $2`
      : `select id::text as id from applications
         where (case_computed_on is null
            or (case_status is distinct from 'answered' and (case_computed_on < $3 or case_calendar is distinct from $4)))
           and ($1::uuid is null or id > $1)
         order by id limit $2`,
    o.all ? [o.after ?? null, o.limit] : [o.after ?? null, o.limit, o.today, o.calendarVersion],
  )
  return rows.map(r => r.id)
}

/** Locks several cases' rows for the rest of the transaction (a refresh must not overwrite a step). */
export async function lockCases(tx: Queryable, ids: string[]): Promise<void> {
  await tx.query('select id from applications where id = any($1::uuid[]) order by id for update', [ids])
}

/** Queue filters, applied in SQL to the cached state. */
export interface QueueQuery {
  status?: CaseStatus | 'active'
  channel?: string
  /** A name cached on cases with no agency id (registered by name before the directory). */
  agency?: string
  /** A directory agency (with the default agency, the cases that have no agency id too). */
  agencyId?: string
  dueWithin?: number
  overdue?: boolean
  /** The start of a tracking code, normalised ('GK-AB12-C'). */
  codePrefix?: string
  /** Keyset: the last row of the previous page. */
  after?: QueueCursor
  limit: number
  /** The caller's agencies (applied in SQL: another agency's case is never read). */
  scope: StaffScope
}

/** A position in the queue's order: rank, working days left (null as 0), received at (µs ISO), id. */
export interface QueueCursor { rank: number, days: number, receivedAt: string, id: string }

export interface QueueRow extends QueueItem { description: string, cursor: QueueCursor }

/** One page of the queue, most urgent first; cases without a running clock after them, then answered, newest first within each. */
export async function queuePage(db: Queryable, q: QueueQuery): Promise<QueueRow[]> {
  const a = q.after
  const scope = scopeSql(q.scope, 12)
  // Added only when asked for, as a plain condition the agency queue index can serve (like scopeSql).
  const n = 12 + scope.params.length
  const byId = q.agencyId === undefined
    ? 'true'
    : q.agencyId === q.scope.defaultAgencyId ? `(agency_id = $${n}::text or agency_id is null)` : `agency_id = $${n}::text`
  const { rows } = await db.query<Omit<QueueRow, 'cursor' | 'summary'> & { rank: number, days: number, receivedAtUs: string }>(
    `select id::text as id, tracking_code as "trackingCode", case_channel as channel, case_agency as agency, case_status as status,
       applicant_type as "applicantType", name_masked as "nameMasked", coalesce(general->>'description', '') as description,
       ${ISO('server_received_at')} as "serverReceivedAt", to_char(case_receipt_date, 'YYYY-MM-DD') as "receiptDate",
       to_char(case_due_date, 'YYYY-MM-DD') as "dueDate", case_working_days_left as "workingDaysLeft", case_overdue as overdue,
       case_paused as paused, case_provisional as provisional, case_extension_pending as "extensionPending",
       case_rank as rank, coalesce(case_working_days_left, 0) as days,
       to_char(server_received_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') as "receivedAtUs"
     from applications
     where case_status is not null
       and ($1::text is null or ($1 = 'active' and case_status <> 'answered') or case_status = $1)
       and ($2::text is null or case_channel = $2)
       and ($3::text is null or (agency_id is null and case_agency = $3))
       and ($4::int is null or (case_status <> 'answered' and case_working_days_left <= $4))
       and ($5::boolean is null or (case_status <> 'answered' and case_overdue = $5))
       and ($6::text is null or tracking_code like $6 || '%')
       and ($7::int is null
         or case_rank > $7
         or (case_rank = $7 and coalesce(case_working_days_left, 0) > $8)
         or (case_rank = $7 and coalesce(case_working_days_left, 0) = $8
             and (server_received_at < $9::timestamptz or (server_received_at = $9::timestamptz and id < $10::uuid))))
       and ${scope.sql}
       and ${byId}
     order by case_rank, coalesce(case_working_days_left, 0), server_received_at desc, id desc
     limit $11`,
    [q.status ?? null, q.channel ?? null, q.agency ?? null, q.dueWithin ?? null, q.overdue ?? null, q.codePrefix ?? null, a?.rank ?? null, a?.days ?? null, a?.receivedAt ?? null, a?.id ?? null, q.limit, ...scope.params, ...(q.agencyId === undefined ? [] : [q.agencyId])],
  )
  return rows.map(({ rank, days, receivedAtUs, ...r }) => ({
    ...r,
    summary: '',
    cursor: { rank: Number(rank), days: Number(days), receivedAt: receivedAtUs, id: r.id },
  }))
}

/**
 * The agency names cached on cases with no agency id within the scope, sorted: the queue's and the
 * statistics page's choices besides the directory's agencies (which are chosen by id), for cases
 * registered by name before the directory.
 */
export async function legacyCaseAgencies(db: Queryable, scope: StaffScope = { agencies: null, defaultAgencyId: null }): Promise<string[]> {
  const sc = scopeSql(scope, 1)
  const { rows } = await db.query<{ agency: string }>(`select distinct case_agency as agency from applications where agency_id is null and case_agency is not null and ${sc.sql} order by 1`, sc.params)
  return rows.map(r => r.agency)
}

/** What the statistics count of a case (shared/statistics StatCase, before the applicant column). */
export interface StatRow { id: string, agency: string, applicantType: string, orgSubtype: string | null, receiptDate: string, answeredOn: string | null, outcome: string | null }

/**
 * Which agency's cases a year's table counts: by directory id or by the case's agency name. By id,
 * a case with no agency id counts when the agency is the default one (`defaultAgencyId`, the staff
 * scope's rule), or, with `legacyNames`, when the name cached on it is one of them (the annual
 * drafts: a case registered by name before the directory stays with the agency of that name).
 */
export type StatAgency = { id: string, defaultAgencyId: string | null, legacyNames?: string[] } | { name: string }

/** The SQL condition on `applications` for a StatAgency, its parameters numbered from `n`. */
export function statAgencySql(agency: StatAgency, n: number, t = 'applications'): { sql: string, params: (string | string[] | null)[] } {
  if (!('id' in agency))
    return { sql: `${t}.case_agency = $${n}::text`, params: [agency.name] }
  // The legacy name match is added only when asked for, so the statistics page's query (and its
  // plan on the agency index, tests/bench/agencies) stays as it was.
  if (agency.legacyNames?.length) {
    return {
      sql: `(${t}.agency_id = $${n}::text or (${t}.agency_id is null and ($${n}::text = $${n + 1}::text or ${t}.case_agency = any($${n + 2}::text[]))))`,
      params: [agency.id, agency.defaultAgencyId, agency.legacyNames],
    }
  }
  return { sql: `(${t}.agency_id = $${n}::text or (${t}.agency_id is null and $${n}::text = $${n + 1}::text))`, params: [agency.id, agency.defaultAgencyId] }
}

/**
 * The cases a year's table of one agency can count: received by the year's end and not closed
 * before it began (plus any answered before received, which the table reports as a problem),
 * within the caller's scope.
 */
export async function statRows(db: Queryable, agency: StatAgency, first: DateString, last: DateString, scope: StaffScope = { agencies: null, defaultAgencyId: null }): Promise<StatRow[]> {
  const by = statAgencySql(agency, 3)
  const sc = scopeSql(scope, 3 + by.params.length)
  const { rows } = await db.query<StatRow>(
    `select id::text as id, case_agency as agency, applicant_type as "applicantType", org_subtype as "orgSubtype",
       to_char(case_receipt_date, 'YYYY-MM-DD') as "receiptDate", to_char(case_answered_on, 'YYYY-MM-DD') as "answeredOn", case_outcome as outcome
     from applications
     where ${by.sql}
       and case_receipt_date <= $2
       and (case_answered_on is null or case_answered_on >= $1 or case_answered_on < case_receipt_date)
       and ${sc.sql}
     order by server_received_at, id`,
    [first, last, ...by.params, ...sc.params],
  )
  return rows
}
