/**
 * 行政复议 / 行政诉讼 records ("appeals") in the database: the only SQL of the appeals domain.
 * The table keeps its first name, review_records: renaming it would need a migration (and a
 * window where old and new servers disagree) for no gain.
 */
import type { AppealRecordDto } from '../../../shared/review/api'
import type { Queryable } from '../../platform/db'

const COLS = `id::text as id, agency, agency_id as "agencyId", kind, to_char(filed_date, 'YYYY-MM-DD') as "filedDate", result,
  to_char(concluded_date, 'YYYY-MM-DD') as "concludedDate", application_id::text as "applicationId", note`

/** The directory agency a record's agency text names (full name first, then short name), as migration 022 linked older rows. */
const AGENCY_OF = (p: string) => `(select a.id from catalog_agencies a where a.name = ${p} or a.short_name = ${p} order by (a.name = ${p}) desc, a.id limit 1)`

/** Every record, newest filing first. */
export async function listAppeals(db: Queryable): Promise<AppealRecordDto[]> {
  return (await db.query<AppealRecordDto>(`select ${COLS} from review_records order by filed_date desc`)).rows
}

export interface NewAppeal extends AppealRecordDto { createdBy: string }

export async function insertAppeal(db: Queryable, r: NewAppeal): Promise<AppealRecordDto> {
  return (await db.query<AppealRecordDto>(
    `insert into review_records (id, agency, agency_id, kind, filed_date, result, concluded_date, application_id, note, created_by)
     values ($1, $2::text, ${AGENCY_OF('$2::text')}, $3, $4, $5, $6, $7, $8, $9) returning ${COLS}`,
    [r.id, r.agency, r.kind, r.filedDate, r.result, r.concludedDate, r.applicationId, r.note, r.createdBy],
  )).rows[0]!
}

/** Applies a patch: absent fields stay; `result` and `concludedDate` may be set back to null. */
export async function updateAppeal(db: Queryable, id: string, b: Partial<AppealRecordDto>): Promise<AppealRecordDto | null> {
  return (await db.query<AppealRecordDto>(
    `update review_records set agency = coalesce($2::text, agency), agency_id = case when $2::text is null then agency_id else ${AGENCY_OF('$2::text')} end, kind = coalesce($3, kind), filed_date = coalesce($4::date, filed_date),
       result = case when $9 then $5 else result end, concluded_date = case when $10 then $6::date else concluded_date end,
       note = coalesce($7, note), application_id = coalesce($8::uuid, application_id), updated_at = now()
     where id = $1 returning ${COLS}`,
    [id, b.agency ?? null, b.kind ?? null, b.filedDate ?? null, b.result ?? null, b.concludedDate ?? null, b.note ?? null, b.applicationId ?? null, 'result' in b, 'concludedDate' in b],
  )).rows[0] ?? null
}
