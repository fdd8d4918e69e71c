/** Reports in the database: the only module that writes the reports table. */
import type { ReportDetail, ReportFigure, ReportSummary, StaffFigureReview, StaffReportView } from '../../shared/api'
import type { Figure, ImportProblem, SectionNode } from '../../shared/importer'
import type { Db, Queryable } from '../platform/db'
import { createHash } from 'node:crypto'

const SUMMARY_COLS = `id, title, agency, agency_id as "agencyId", year, to_char(published_at, 'YYYY-MM-DD') as "publishedAt", template, region,
  to_char(updated_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') as "updatedAt"`

const DETAIL_COLS = `${SUMMARY_COLS}, body, figures, problems, sections`

const REVIEW_COLS = `key, value, unit, approx, span_start as start, span_end as "end", imported_value as "importedValue",
  status, confirmed_by as "confirmedBy", to_char(confirmed_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') as "confirmedAt",
  published, published_by as "publishedBy", to_char(published_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') as "publishedAt"`

/** Citizens see drafts nowhere: not in the list, not by id, not through sync. */
export async function listReports(db: Queryable, filter: { year?: number } = {}): Promise<ReportSummary[]> {
  const { rows } = filter.year !== undefined
    ? await db.query<ReportSummary>(`select ${SUMMARY_COLS} from reports where visibility = 'public' and year = $1 order by year desc nulls last, id`, [filter.year])
    : await db.query<ReportSummary>(`select ${SUMMARY_COLS} from reports where visibility = 'public' order by year desc nulls last, id`)
  return rows
}

async function reviewsOf(db: Queryable, ids: string[], publishedOnly: boolean): Promise<Map<string, StaffFigureReview[]>> {
  const out = new Map<string, StaffFigureReview[]>()
  if (!ids.length)
    return out
  const { rows } = await db.query<StaffFigureReview & { reportId: string }>(
    `select report_id as "reportId", ${REVIEW_COLS} from report_figures where report_id = any($1) ${publishedOnly ? 'and published' : ''} order by key`,
    [ids],
  )
  for (const { reportId, ...r } of rows)
    out.set(reportId, [...(out.get(reportId) ?? []), { ...r, value: Number(r.value), importedValue: r.importedValue === null ? null : Number(r.importedValue) }])
  return out
}

/**
 * The figures citizens see: each published staff figure replaces the importer's (keeping the
 * importer's span when staff gave none, so "tap to see the sentence" still works).
 */
export function mergeFigures(imported: Record<string, ReportFigure>, published: StaffFigureReview[]): Record<string, ReportFigure> {
  const out: Record<string, ReportFigure> = { ...imported }
  for (const p of published) {
    const base = imported[p.key]
    out[p.key] = {
      value: p.value,
      unit: p.unit,
      approx: p.approx,
      start: p.start ?? base?.start ?? -1,
      end: p.end ?? base?.end ?? -1,
      source: base?.source ?? 'text',
      ...(base?.derived ? { derived: true } : {}),
      confirmed: { by: p.publishedBy ?? p.confirmedBy, at: p.publishedAt ?? p.confirmedAt, status: p.status, importedValue: p.importedValue },
    }
  }
  return out
}

/** Public reports by id with their published figures merged in (the sync payload and GET /api/reports/:id). */
export async function reportDetails(db: Queryable, ids: string[]): Promise<ReportDetail[]> {
  if (!ids.length)
    return []
  const { rows } = await db.query<ReportDetail>(`select ${DETAIL_COLS} from reports where visibility = 'public' and id = any($1)`, [ids])
  const reviews = await reviewsOf(db, rows.map(r => r.id), true)
  return rows.map(r => ({ ...r, figures: mergeFigures(r.figures ?? {}, reviews.get(r.id) ?? []) }))
}

export async function getReport(db: Queryable, id: string): Promise<ReportDetail | null> {
  return (await reportDetails(db, [id]))[0] ?? null
}

/** Every report, drafts too, newest first, for the staff list. */
export async function listStaffReports(db: Queryable): Promise<(ReportSummary & { visibility: 'draft' | 'public', problemCount: number })[]> {
  const { rows } = await db.query<ReportSummary & { visibility: 'draft' | 'public', problemCount: number }>(
    `select ${SUMMARY_COLS}, visibility, jsonb_array_length(problems)::int as "problemCount" from reports order by updated_at desc, id`,
  )
  return rows
}

export async function getStaffReport(db: Queryable, id: string): Promise<StaffReportView | null> {
  const { rows } = await db.query<ReportDetail & { visibility: 'draft' | 'public', uploadedBy: string | null, sourceName: string | null, version: number }>(
    `select ${DETAIL_COLS}, visibility, uploaded_by as "uploadedBy", source_name as "sourceName", version from reports where id = $1`,
    [id],
  )
  const r = rows[0]
  if (!r)
    return null
  const reviews = (await reviewsOf(db, [id], false)).get(id) ?? []
  const imported = r.figures ?? {}
  return { ...r, imported, figures: mergeFigures(imported, reviews.filter(x => x.published)), reviews }
}

export interface FigureReviewInput { key: string, value: number, unit?: string, approx?: boolean }

/**
 * Records staff confirmations/corrections: 'confirmed' when the value is what the importer read,
 * 'corrected' otherwise. A changed figure is unpublished until the next publish, so what citizens
 * see is always something a person signed off.
 */
export async function reviewFigures(db: Db, id: string, input: FigureReviewInput[], by: string): Promise<void> {
  await db.transaction(async (tx) => {
    const { rows } = await tx.query<{ figures: Record<string, ReportFigure> }>('select figures from reports where id = $1 for update', [id])
    const imported = rows[0]!.figures ?? {}
    // One statement for the whole batch ("confirm all" sends a few hundred); the last entry for a key wins.
    const batch = [...new Map(input.map(f => [f.key, f])).values()].map((f) => {
      const base = imported[f.key]
      return {
        key: f.key,
        value: f.value,
        unit: f.unit ?? base?.unit ?? '件',
        approx: f.approx ?? base?.approx ?? false,
        span_start: base?.start ?? null,
        span_end: base?.end ?? null,
        imported_value: base?.value ?? null,
        status: base && base.value === f.value ? 'confirmed' : 'corrected',
      }
    })
    await tx.query(
      `insert into report_figures (report_id, key, value, unit, approx, span_start, span_end, imported_value, status, confirmed_by, confirmed_at, published, published_by, published_at)
       select $1, x.key, x.value, x.unit, x.approx, x.span_start, x.span_end, x.imported_value, x.status, $3, now(), false, null, null
       from jsonb_to_recordset($2::jsonb) as x(key text, value double precision, unit text, approx boolean, span_start integer, span_end integer, imported_value double precision, status text)
       on conflict (report_id, key) do update set value = excluded.value, unit = excluded.unit, approx = excluded.approx,
         span_start = excluded.span_start, span_end = excluded.span_end, imported_value = excluded.imported_value,
         status = excluded.status, confirmed_by = excluded.confirmed_by, confirmed_at = now(),
         published = false, published_by = null, published_at = null`,
      [id, JSON.stringify(batch), by],
    )
  })
}

/**
 * Makes the report public and publishes every confirmed figure, then tells devices. With
 * `version`, only if that is still the report's version (null otherwise: re-uploaded since).
 */
export async function publishReport(db: Db, id: string, by: string, version?: number): Promise<number | null> {
  return db.transaction(async (tx) => {
    const { rows: made } = await tx.query(`update reports set visibility = 'public', updated_at = now() where id = $1 and ($2::integer is null or version = $2) returning id`, [id, version ?? null])
    if (!made.length)
      return null
    const { rows } = await tx.query(
      `update report_figures set published = true, published_by = $2, published_at = now() where report_id = $1 and not published returning key`,
      [id, by],
    )
    await tx.query(`insert into change_log (entity, entity_id, op) values ('report', $1, 'put')`, [id])
    return rows.length
  })
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
  /** 'draft' for staff uploads until published; omitted = public (seeds, CLI). */
  visibility?: 'draft' | 'public'
  uploadedBy?: string | null
}

/**
 * Inserts or updates a report and records the change for devices, in one transaction. New content
 * (another content hash) is a new version: the confirmations made on the old one are dropped.
 */
export async function upsertReport(db: Db, r: ReportInput): Promise<void> {
  await db.transaction(async (tx) => {
    const { rows: prior } = await tx.query<{ changed: boolean }>('select content_hash is distinct from $2 as changed from reports where id = $1 for update', [r.id, r.contentHash ?? null])
    if (prior[0]?.changed)
      await tx.query('delete from report_figures where report_id = $1', [r.id])
    await tx.query(
      `insert into reports (id, title, agency, year, published_at, template, region, body, source_name,
         figures, problems, sections, format, content_hash, visibility, uploaded_by)
       values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10::jsonb, $11::jsonb, $12::jsonb, $13, $14, $15, $16)
       on conflict (id) do update set title = excluded.title, agency = excluded.agency, year = excluded.year,
         published_at = excluded.published_at, template = excluded.template, region = excluded.region,
         body = excluded.body, source_name = excluded.source_name, figures = excluded.figures,
         problems = excluded.problems, sections = excluded.sections, format = excluded.format,
         content_hash = excluded.content_hash, visibility = excluded.visibility, uploaded_by = excluded.uploaded_by, updated_at = now(),
         version = reports.version + (case when reports.content_hash is distinct from excluded.content_hash then 1 else 0 end)`,
      [r.id, r.title, r.agency, r.year, r.publishedAt, r.template, r.region ?? null, r.body, r.sourceName ?? null, JSON.stringify(r.figures ?? {}), JSON.stringify(r.problems ?? []), JSON.stringify(r.sections ?? []), r.format ?? null, r.contentHash ?? null, r.visibility ?? 'public', r.uploadedBy ?? null],
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
