/**
 * Statistics in the database: published figures and the 行政复议 / 行政诉讼 records (table
 * review_records). The only SQL of the statistics domain.
 */
import type { ReviewRecordDto } from '../../../shared/review/api'
import type { Queryable } from '../../platform/db'

const REVIEW_COLS = `id::text as id, agency, kind, to_char(filed_date, 'YYYY-MM-DD') as "filedDate", result,
  to_char(concluded_date, 'YYYY-MM-DD') as "concludedDate", application_id::text as "applicationId", note`

/** Every record, newest filing first. */
export async function listReviewRecords(db: Queryable): Promise<ReviewRecordDto[]> {
  return (await db.query<ReviewRecordDto>(`select ${REVIEW_COLS} from review_records order by filed_date desc`)).rows
}

export interface NewReviewRecord extends ReviewRecordDto { createdBy: string }

export async function insertReviewRecord(db: Queryable, r: NewReviewRecord): Promise<ReviewRecordDto> {
  return (await db.query<ReviewRecordDto>(
    `insert into review_records (id, agency, kind, filed_date, result, concluded_date, application_id, note, created_by)
     values ($1, $2, $3, $4, $5, $6, $7, $8, $9) returning ${REVIEW_COLS}`,
    [r.id, r.agency, r.kind, r.filedDate, r.result, r.concludedDate, r.applicationId, r.note, r.createdBy],
  )).rows[0]!
}

/** Applies a patch: absent fields stay; `result` and `concludedDate` may be set back to null. */
export async function updateReviewRecord(db: Queryable, id: string, b: Partial<ReviewRecordDto>): Promise<ReviewRecordDto | null> {
  return (await db.query<ReviewRecordDto>(
    `update review_records set agency = coalesce($2, agency), kind = coalesce($3, kind), filed_date = coalesce($4::date, filed_date),
       result = case when $9 then $5 else result end, concluded_date = case when $10 then $6::date else concluded_date end,
       note = coalesce($7, note), application_id = coalesce($8::uuid, application_id), updated_at = now()
     where id = $1 returning ${REVIEW_COLS}`,
    [id, b.agency ?? null, b.kind ?? null, b.filedDate ?? null, b.result ?? null, b.concludedDate ?? null, b.note ?? null, b.applicationId ?? null, 'result' in b, 'concludedDate' in b],
  )).rows[0] ?? null
}

/** When the figures of (agency, year) were last published, or null. */
export async function publishedAt(db: Queryable, agency: string, year: number): Promise<string | null> {
  const r = (await db.query<{ n: number, at: string | null }>(
    `select count(*)::int as n, max(published_at)::text as at from published_figures where agency = $1 and year = $2`,
    [agency, year],
  )).rows[0]!
  return r.n ? r.at : null
}

/** Replaces the published figures of (agency, year); call inside the publishing transaction. */
export async function replacePublishedFigures(tx: Queryable, agency: string, year: number, figures: Record<string, number>, by: string): Promise<void> {
  await tx.query('delete from published_figures where agency = $1 and year = $2', [agency, year])
  for (const [key, value] of Object.entries(figures))
    await tx.query('insert into published_figures (agency, year, key, value, published_by) values ($1, $2, $3, $4, $5)', [agency, year, key, value, by])
}
