/** Reports in the database: the only module that writes the reports table. */
import type { ReportDetail, ReportSummary } from '../shared/api'
import type { Figure, ImportProblem, SectionNode } from '../shared/importer'
import type { Db, Queryable } from './db'
import { createHash } from 'node:crypto'

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
  /** What the importer read (stored as jsonb); omitted fields keep their defaults. */
  figures?: Record<string, Figure>
  problems?: ImportProblem[]
  sections?: SectionNode[]
  format?: string | null
  contentHash?: string | null
}

/** Inserts or updates a report and records the change for devices, in one transaction. */
export async function upsertReport(db: Db, r: ReportInput): Promise<void> {
  await db.transaction(async (tx) => {
    await tx.query(
      `insert into reports (id, title, agency, year, published_at, template, region, body, source_name,
         figures, problems, sections, format, content_hash)
       values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10::jsonb, $11::jsonb, $12::jsonb, $13, $14)
       on conflict (id) do update set title = excluded.title, agency = excluded.agency, year = excluded.year,
         published_at = excluded.published_at, template = excluded.template, region = excluded.region,
         body = excluded.body, source_name = excluded.source_name, figures = excluded.figures,
         problems = excluded.problems, sections = excluded.sections, format = excluded.format,
         content_hash = excluded.content_hash, updated_at = now()`,
      [r.id, r.title, r.agency, r.year, r.publishedAt, r.template, r.region ?? null, r.body, r.sourceName ?? null, JSON.stringify(r.figures ?? {}), JSON.stringify(r.problems ?? []), JSON.stringify(r.sections ?? []), r.format ?? null, r.contentHash ?? null],
    )
    await tx.query(`insert into change_log (entity, entity_id, op) values ('report', $1, 'put')`, [r.id])
  })
}

/**
 * The id a (re-)imported report is stored under. Identity is agency + year covered: an agency
 * publishes one annual report per year, and the same report saved again from another page (other
 * chrome, another encoding) must update the stored one rather than add a second. A content hash
 * would duplicate exactly in that case. When agency or year could not be read, the content hash
 * is all there is. An existing report with the same agency and year (a seeded one, say) keeps its id.
 */
export async function reportIdFor(db: Queryable, r: { agency: string, year: number | null }, contentHash: string, known: boolean): Promise<string> {
  if (known && r.year !== null) {
    const { rows } = await db.query<{ id: string }>('select id from reports where agency = $1 and year = $2 order by created_at limit 1', [r.agency, r.year])
    if (rows[0])
      return rows[0].id
    return `r-${createHash('sha256').update(`${r.agency}\u0000${r.year}`).digest('hex').slice(0, 16)}`
  }
  return `h-${contentHash.slice(0, 16)}`
}
