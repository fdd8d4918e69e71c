/**
 * Cases in the database: application rows and their case_events (the only SQL of the cases
 * domain). The applications row's status and due date are refreshed on every step only so that the
 * applicant's tracking endpoint (which reads that row) shows the current deadline.
 */
import type { DateString } from '../../../shared/calendar'
import type { CaseEvent, ReceiptChannel } from '../../../shared/clock'
import type { PublicCaseStatus } from '../../../shared/review/api'
import type { Queryable } from '../../platform/db'

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

/** Locks one case's row for the rest of the transaction, so two staff cannot step it at once (PostgreSQL; PGlite runs one transaction at a time anyway). */
export async function lockCase(tx: Queryable, id: string): Promise<void> {
  await tx.query('select id from applications where id = $1 for update', [id])
}

/** The sealed-at-rest personal data of one application, or null when there is no such application. */
export async function findPersonalEnc(db: Queryable, id: string): Promise<string | null> {
  const { rows } = await db.query<{ personalEnc: string }>('select personal_enc as "personalEnc" from applications where id = $1', [id])
  return rows[0]?.personalEnc ?? null
}
