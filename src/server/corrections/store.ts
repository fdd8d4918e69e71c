/**
 * Correction requests (Art. 41) in the database: the only SQL of the corrections domain (migration
 * 024). Insert is idempotent on the client's id; reads for staff take the caller's scope as SQL.
 */
import type { CorrectionOutcome, CorrectionView } from '../../shared/corrections'
import type { Queryable } from '../platform/db'
import type { StaffScope } from '../staff/scope/service'
import { scopeSql } from '../staff/scope/service'

export interface NewCorrectionRow {
  id: string
  trackingCode: string
  agencyId: string
  receivedOn: string
  nameMasked: string
  personalEnc: string
  record: string
  correction: string
  evidence: string | null
  payloadHash: string
}

/** The staff view plus the payload hash that makes a resubmission idempotent. */
export interface CorrectionRow extends CorrectionView {
  payloadHash: string
}

const COLS = `c.id::text as id, c.tracking_code as "trackingCode", c.agency_id as "agencyId", a.name as "agencyName",
  to_char(c.server_received_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') as "serverReceivedAt",
  to_char(c.received_on, 'YYYY-MM-DD') as "receivedOn", c.name_masked as "nameMasked", c.record, c.correction, c.evidence,
  c.status, c.outcome, c.refer_agency_id as "referAgencyId", r.name as "referAgencyName", c.transferred, c.letter,
  to_char(c.answered_on, 'YYYY-MM-DD') as "answeredOn", c.payload_hash as "payloadHash"`
const FROM = `correction_requests c left join catalog_agencies a on a.id = c.agency_id left join catalog_agencies r on r.id = c.refer_agency_id`

/** Stores a new request; `created` false when the id exists (a retry: the stored row comes back). */
export async function insertCorrection(db: Queryable, r: NewCorrectionRow): Promise<{ created: boolean, row: CorrectionRow | null }> {
  const ins = await db.query(
    `insert into correction_requests (id, tracking_code, agency_id, received_on, name_masked, personal_enc, record, correction, evidence, payload_hash)
     values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) on conflict do nothing returning id`,
    [r.id, r.trackingCode, r.agencyId, r.receivedOn, r.nameMasked, r.personalEnc, r.record, r.correction, r.evidence, r.payloadHash],
  )
  return { created: ins.rows.length === 1, row: await findCorrection(db, r.id) }
}

export async function findCorrection(db: Queryable, id: string): Promise<CorrectionRow | null> {
  const { rows } = await db.query<CorrectionRow>(`select ${COLS} from ${FROM} where c.id = $1`, [id])
  return rows[0] ?? null
}

export async function findCorrectionByCode(db: Queryable, code: string): Promise<CorrectionRow | null> {
  const { rows } = await db.query<CorrectionRow>(`select ${COLS} from ${FROM} where c.tracking_code = $1`, [code])
  return rows[0] ?? null
}

export async function correctionPersonal(db: Queryable, id: string, lock = false): Promise<string | null> {
  const { rows } = await db.query<{ p: string }>(`select personal_enc as p from correction_requests where id = $1${lock ? ' for update' : ''}`, [id])
  return rows[0]?.p ?? null
}

/** The caller's requests: open first, then newest; at most `limit`. */
export async function listCorrections(db: Queryable, scope: StaffScope, limit: number): Promise<CorrectionRow[]> {
  const s = scopeSql(scope, 2, 'c')
  const { rows } = await db.query<CorrectionRow>(
    `select ${COLS} from ${FROM} where ${s.sql} order by (c.status = 'answered'), c.server_received_at desc, c.id desc limit $1`,
    [limit, ...s.params],
  )
  return rows
}

export async function saveAnswer(db: Queryable, id: string, a: { outcome: CorrectionOutcome, referAgencyId: string | null, transferred: boolean | null, letter: string, answeredOn: string, by: string }): Promise<void> {
  await db.query(
    `update correction_requests set status = 'answered', outcome = $2, refer_agency_id = $3, transferred = $4, letter = $5, answered_on = $6, answered_by = $7 where id = $1`,
    [id, a.outcome, a.referAgencyId, a.transferred, a.letter, a.answeredOn, a.by],
  )
}

/** Requests received in [first, last] by agency and outcome (the statistics page's own table). */
export async function correctionCounts(db: Queryable, scope: StaffScope, agencyId: string | null, first: string, last: string): Promise<{ outcome: string | null, n: number }[]> {
  const s = scopeSql(scope, 4, 'c')
  const { rows } = await db.query<{ outcome: string | null, n: number | string }>(
    `select c.outcome, count(*) as n from correction_requests c
     where c.received_on between $1 and $2 and ($3::text is null or c.agency_id = $3) and ${s.sql}
     group by c.outcome`,
    [first, last, agencyId, ...s.params],
  )
  return rows.map(r => ({ outcome: r.outcome, n: Number(r.n) }))
}
