/** Reports in the database: the only module that writes the reports table. */
import type { ReportDetail, ReportSummary } from '../shared/api'
import type { Db, Queryable } from './db'

const SUMMARY_COLS = `id, title, agency, year, to_char(published_at, 'YYYY-MM-DD') as "publishedAt", template, region,
  to_char(updated_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') as "updatedAt"`

export async function listReports(db: Queryable, filter: { year?: number } = {}): Promise<ReportSummary[]> {
  const { rows } = filter.year !== undefined
    ? await db.query<ReportSummary>(`select ${SUMMARY_COLS} from reports where year = $1 order by year desc nulls last, id`, [filter.year])
    : await db.query<ReportSummary>(`select ${SUMMARY_COLS} from reports order by year desc nulls last, id`)
  return rows
}

export async function getReport(db: Queryable, id: string): Promise<ReportDetail | null> {
  const { rows } = await db.query<ReportDetail>(`select ${SUMMARY_COLS}, body from reports where id = $1`, [id])
  return rows[0] ?? null
}

export interface ReportInput {
  id: string
  title: string
  agency: string
  year: number | null
  publishedAt: string | null
  template: string
  region?: string | null
  body: string
  sourceName?: string | null
}

/** Inserts or updates a report and records the change for devices, in one transaction. */
export async function upsertReport(db: Db, r: ReportInput): Promise<void> {
  await db.transaction(async (tx) => {
    await tx.query(
      `insert into reports (id, title, agency, year, published_at, template, region, body, source_name)
       values ($1, $2, $3, $4, $5, $6, $7, $8, $9)
       on conflict (id) do update set title = excluded.title, agency = excluded.agency, year = excluded.year,
         published_at = excluded.published_at, template = excluded.template, region = excluded.region,
         body = excluded.body, source_name = excluded.source_name, updated_at = now()`,
      [r.id, r.title, r.agency, r.year, r.publishedAt, r.template, r.region ?? null, r.body, r.sourceName ?? null],
    )
    await tx.query(`insert into change_log (entity, entity_id, op) values ('report', $1, 'put')`, [r.id])
  })
}
