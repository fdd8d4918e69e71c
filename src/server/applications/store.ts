/**
 * Applications in the database: the only module that writes the applications tables.
 * Insert is idempotent on the device's id: `on conflict do nothing`, then the existing row is
 * read back; a conflict on the tracking code alone (another id, only a crafted one can) comes back
 * as `{ conflict: 'trackingCode' }`, so no caller ever sees a database error code. Concurrent
 * inserts of one id serialise on the primary key (PostgreSQL makes the second wait for the first to
 * commit; PGlite runs transactions one at a time), so exactly one row exists and every caller
 * learns whether it was the one that created it.
 */
import type { ApplicationDates, ApplicationStatus, StatusEvent, SubmissionChannel } from '../../shared/submission'
import type { Db, Queryable } from '../platform/db'

export interface NewApplicationRow {
  id: string
  trackingCode: string
  payloadHash: string
  channel: SubmissionChannel
  deviceId: string | null
  dates: ApplicationDates
  applicantType: string
  orgSubtype: string | null
  idType: string
  nameMasked: string
  idNumberMasked: string
  phoneMasked: string
  phone4Hash: string
  /** The keyed identity for the monthly 按件 count (applicant-key.ts). */
  applicantKey: string
  personalEnc: string
  dataKeyId: string
  sealKid: string
  general: unknown
  /** The directory agency it is addressed to (null: queued before agencies existed). */
  agencyId: string | null
  /** The enrolled kiosk that signed it; a flag and the claim when its claimed time was not believed. */
  kiosk?: { id: string | null, flag: string | null, claimedAt: string | null }
}

export interface StoredApplicationSummary extends ApplicationDates {
  id: string
  trackingCode: string
  payloadHash: string
  channel: SubmissionChannel
  status: ApplicationStatus
  phone4Hash: string
  agencyId: string | null
}

const SUMMARY = `id::text as id, tracking_code as "trackingCode", payload_hash as "payloadHash", channel, status,
  phone4_hash as "phone4Hash", agency_id as "agencyId",
  to_char(device_submitted_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') as "deviceSubmittedAt",
  to_char(server_received_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') as "serverReceivedAt",
  to_char(received_on, 'YYYY-MM-DD') as "receivedOn", to_char(due_date, 'YYYY-MM-DD') as "dueDate",
  due_date_provisional as "dueDateProvisional"`

export async function findApplication(db: Queryable, id: string): Promise<StoredApplicationSummary | null> {
  const { rows } = await db.query<StoredApplicationSummary>(`select ${SUMMARY} from applications where id = $1`, [id])
  return rows[0] ?? null
}

export async function findByTrackingCode(db: Queryable, code: string): Promise<StoredApplicationSummary | null> {
  const { rows } = await db.query<StoredApplicationSummary>(`select ${SUMMARY} from applications where tracking_code = $1`, [code])
  return rows[0] ?? null
}

export async function applicationHistory(db: Queryable, id: string): Promise<StatusEvent[]> {
  const { rows } = await db.query<StatusEvent & { outcome: string | null, note: string | null }>(
    `select status, to_char(at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') as at, outcome, note
     from application_events where application_id = $1 order by seq`,
    [id],
  )
  return rows.map(r => ({ status: r.status, at: r.at, ...(r.outcome ? { outcome: r.outcome } : {}), ...(r.note ? { note: r.note } : {}) }))
}

/**
 * Stores a new application with its first two events and a change-log row, notifies listeners
 * (the staff queue) and runs `afterInsert` (notification outbox), all in one transaction: when this resolves, the row is committed.
 * Returns the stored row and whether this call created it, or the conflict that refused it.
 */
export type InsertApplicationResult = { created: boolean, row: StoredApplicationSummary } | { conflict: 'trackingCode' }

export async function insertApplication(db: Db, r: NewApplicationRow, afterInsert?: (tx: Queryable) => Promise<void>): Promise<InsertApplicationResult> {
  return db.transaction(async (tx) => {
    const ins = await tx.query<StoredApplicationSummary>(
      `insert into applications (id, tracking_code, payload_hash, channel, device_id, device_submitted_at, server_received_at,
         received_on, due_date, due_date_provisional, status, applicant_type, org_subtype, id_type, name_masked,
         id_number_masked, phone_masked, phone4_hash, personal_enc, data_key_id, seal_kid, general,
         kiosk_id, receipt_flag, claimed_submitted_at, agency_id, applicant_key)
       values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, 'received', $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22, $23, $24, $25, $26)
       on conflict do nothing
       returning ${SUMMARY}`,
      [r.id, r.trackingCode, r.payloadHash, r.channel, r.deviceId, r.dates.deviceSubmittedAt, r.dates.serverReceivedAt, r.dates.receivedOn, r.dates.dueDate, r.dates.dueDateProvisional, r.applicantType, r.orgSubtype, r.idType, r.nameMasked, r.idNumberMasked, r.phoneMasked, r.phone4Hash, r.personalEnc, r.dataKeyId, r.sealKid, JSON.stringify(r.general), r.kiosk?.id ?? null, r.kiosk?.flag ?? null, r.kiosk?.claimedAt ?? null, r.agencyId, r.applicantKey],
    )
    const created = ins.rows.length === 1
    if (created) {
      await tx.query(
        `insert into application_events (application_id, status, at) values ($1, 'submitted', $2), ($1, 'received', $3)`,
        [r.id, r.dates.deviceSubmittedAt, r.dates.serverReceivedAt],
      )
      await tx.query(`insert into change_log (entity, entity_id, op) values ('application', $1, 'put')`, [r.id])
      // Delivered on commit only, so a listener never sees an application that was rolled back.
      await tx.query(`select pg_notify('applications', $1)`, [r.id])
      // The applicant's "received" message, queued with the row it announces.
      await afterInsert?.(tx)
    }
    // The new row comes back from the insert itself; only a conflict needs the stored one read.
    if (created)
      return { created, row: ins.rows[0]! }
    const row = await findApplication(tx, r.id)
    return row ? { created, row } : { conflict: 'trackingCode' }
  })
}

/** Rows in the applications table (tests and the benchmark). */
export async function countApplications(db: Queryable): Promise<number> {
  return (await db.query<{ n: number }>('select count(*)::int as n from applications')).rows[0]!.n
}
