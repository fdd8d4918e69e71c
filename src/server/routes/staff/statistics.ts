/**
 * The year's statistics from the cases themselves:
 *   GET  /api/staff/statistics?year&agency&layout       both tables, with the 一+二=三+四 check
 *   GET  /api/staff/statistics/csv?year&agency&layout   the same as CSV for Excel
 *   POST /api/staff/statistics/publish                  store the figures under METRICS.md keys
 *   GET/POST /api/staff/reviews, PATCH /api/staff/reviews/:id   行政复议 / 行政诉讼 records
 * Published figures go to published_figures (agency, year, key): the reports table has no figures
 * column yet; when it does, publishing should write there too.
 */
import type { FastifyInstance } from 'fastify'
import type { StaffPluginOptions } from '.'
import type { TemplateLayout } from '../../../shared/outcomes'
import type { ReviewRecordDto } from '../../../shared/review/api'
import type { StatCase } from '../../../shared/statistics'
import type { Queryable } from '../../db'
import { randomUUID } from 'node:crypto'
import { applicantColumn } from '../../../shared/application'
import { buildRequestTable, buildReviewTable, requestTableCsv, reviewTableCsv, tableFigures } from '../../../shared/statistics'
import { currentCalendar } from '../../calendar/service'
import { notFound } from '../../errors'
import { requireCap } from '../../staff/auth'
import { caseView, loadApplications, loadEvents } from '../../staff/cases'
import { readSettings } from '../../staff/settings'
import { audit } from '../../staff/store'

const statsQuery = {
  type: 'object',
  required: ['year'],
  properties: {
    year: { type: 'integer', minimum: 2008, maximum: 2100 },
    agency: { type: 'string', maxLength: 100 },
    layout: { type: 'string', enum: ['2019', '2021'], default: '2021' },
  },
} as const

const reviewBody = {
  type: 'object',
  properties: {
    agency: { type: 'string', minLength: 1, maxLength: 100 },
    kind: { enum: ['reconsideration', 'lawsuitDirect', 'lawsuitAfterReconsideration'] },
    filedDate: { type: 'string', format: 'date' },
    result: { enum: ['upheld', 'corrected', 'other', null] },
    concludedDate: { anyOf: [{ type: 'string', format: 'date' }, { type: 'null' }] },
    applicationId: { anyOf: [{ type: 'string', format: 'uuid' }, { type: 'null' }] },
    note: { anyOf: [{ type: 'string', maxLength: 1000 }, { type: 'null' }] },
  },
  additionalProperties: false,
} as const

const REVIEW_COLS = `id::text as id, agency, kind, to_char(filed_date, 'YYYY-MM-DD') as "filedDate", result,
  to_char(concluded_date, 'YYYY-MM-DD') as "concludedDate", application_id::text as "applicationId", note`

export async function staffStatisticsRoutes(app: FastifyInstance, { ctx, options }: StaffPluginOptions): Promise<void> {
  const { db } = ctx

  async function tables(q: Queryable, year: number, agencyIn: string | undefined, layout: TemplateLayout) {
    const agency = agencyIn || options.defaultAgency
    const apps = await loadApplications(q)
    const events = await loadEvents(q)
    const o = { calendar: await currentCalendar(q), today: new Date().toISOString(), settings: await readSettings(q), defaultAgency: options.defaultAgency }
    const cases: StatCase[] = []
    const agencies = new Set<string>([options.defaultAgency])
    for (const a of apps) {
      const v = caseView(a, events.get(a.id) ?? [], o)
      agencies.add(v.item.agency)
      if (!v.clock.receiptDate)
        continue
      cases.push({
        id: a.id,
        agencyId: v.item.agency,
        column: applicantColumn(a.applicantType as 'natural' | 'organization', a.orgSubtype as never),
        receivedDate: v.clock.receiptDate,
        answeredDate: v.clock.answeredOn,
        outcome: v.clock.outcome,
      })
    }
    const reviews = (await q.query<ReviewRecordDto>(`select ${REVIEW_COLS} from review_records`)).rows
    const requests = buildRequestTable(cases, { year, agency, agencyId: agency, layout })
    const reviewTable = buildReviewTable(reviews.map(r => ({ ...r, agencyId: r.agency, id: r.id })), { year, agency, agencyId: agency })
    return { requests, reviews: reviewTable, agencies: [...agencies].sort() }
  }

  app.get('/api/staff/statistics', { preValidation: requireCap('readStatistics'), schema: { querystring: statsQuery } }, async (req) => {
    const q = req.query as { year: number, agency?: string, layout: TemplateLayout }
    const t = await tables(db, q.year, q.agency, q.layout)
    const published = (await db.query<{ n: number, at: string | null }>(
      `select count(*)::int as n, max(published_at)::text as at from published_figures where agency = $1 and year = $2`,
      [t.requests.agency, q.year],
    )).rows[0]!
    return { ...t, figures: tableFigures(t.requests, t.reviews), publishedAt: published.n ? published.at : null }
  })

  app.get('/api/staff/statistics/csv', { preValidation: requireCap('readStatistics'), schema: { querystring: statsQuery } }, async (req, reply) => {
    const q = req.query as { year: number, agency?: string, layout: TemplateLayout }
    const t = await tables(db, q.year, q.agency, q.layout)
    // Two tables, one file: a blank line between them (Excel shows both on one sheet).
    const csv = `${requestTableCsv(t.requests)}\r\n${reviewTableCsv(t.reviews).replace(/^\uFEFF/, '')}`
    reply.header('content-type', 'text/csv; charset=utf-8')
    reply.header('content-disposition', `attachment; filename="statistics-${q.year}.csv"`)
    return csv
  })

  app.post('/api/staff/statistics/publish', {
    preValidation: requireCap('publishFigures'),
    schema: { body: { ...statsQuery, additionalProperties: false } },
  }, async (req) => {
    const b = req.body as { year: number, agency?: string, layout?: TemplateLayout }
    const t = await tables(db, b.year, b.agency, b.layout ?? '2021')
    const figures = tableFigures(t.requests, t.reviews)
    await db.transaction(async (tx) => {
      await tx.query('delete from published_figures where agency = $1 and year = $2', [t.requests.agency, b.year])
      for (const [key, value] of Object.entries(figures))
        await tx.query('insert into published_figures (agency, year, key, value, published_by) values ($1, $2, $3, $4, $5)', [t.requests.agency, b.year, key, value, req.staff!.user.id])
      await audit(tx, { actor: req.staff!.user, action: 'statistics.publish', targetType: 'statistics', targetId: `${t.requests.agency}/${b.year}`, ip: req.ip, details: { figures: Object.keys(figures).length, checkOk: t.requests.check.ok } })
    })
    return { ok: true, agency: t.requests.agency, year: b.year, figures, check: t.requests.check }
  })

  app.get('/api/staff/reviews', { preValidation: requireCap('readStatistics') }, async () => ({
    records: (await db.query<ReviewRecordDto>(`select ${REVIEW_COLS} from review_records order by filed_date desc`)).rows,
  }))

  app.post('/api/staff/reviews', {
    preValidation: requireCap('recordReviews'),
    schema: { body: { ...reviewBody, required: ['kind', 'filedDate'] } },
  }, async (req, reply) => {
    const b = req.body as Partial<ReviewRecordDto>
    const id = randomUUID()
    const record = await db.transaction(async (tx) => {
      const r = (await tx.query<ReviewRecordDto>(
        `insert into review_records (id, agency, kind, filed_date, result, concluded_date, application_id, note, created_by)
         values ($1, $2, $3, $4, $5, $6, $7, $8, $9) returning ${REVIEW_COLS}`,
        [id, b.agency ?? options.defaultAgency, b.kind, b.filedDate, b.result ?? null, b.concludedDate ?? null, b.applicationId ?? null, b.note ?? null, req.staff!.user.id],
      )).rows[0]!
      await audit(tx, { actor: req.staff!.user, action: 'review.create', targetType: 'reviewRecord', targetId: id, ip: req.ip, details: { kind: b.kind, result: b.result ?? null } })
      return r
    })
    reply.status(201)
    return { record }
  })

  app.patch('/api/staff/reviews/:id', {
    preValidation: requireCap('recordReviews'),
    schema: { params: { type: 'object', properties: { id: { type: 'string', format: 'uuid' } } }, body: reviewBody },
  }, async (req) => {
    const { id } = req.params as { id: string }
    const b = req.body as Partial<ReviewRecordDto>
    const record = await db.transaction(async (tx) => {
      const r = (await tx.query<ReviewRecordDto>(
        `update review_records set agency = coalesce($2, agency), kind = coalesce($3, kind), filed_date = coalesce($4::date, filed_date),
           result = case when $9 then $5 else result end, concluded_date = case when $10 then $6::date else concluded_date end,
           note = coalesce($7, note), application_id = coalesce($8::uuid, application_id), updated_at = now()
         where id = $1 returning ${REVIEW_COLS}`,
        [id, b.agency ?? null, b.kind ?? null, b.filedDate ?? null, b.result ?? null, b.concludedDate ?? null, b.note ?? null, b.applicationId ?? null, 'result' in b, 'concludedDate' in b],
      )).rows[0]
      if (r)
        await audit(tx, { actor: req.staff!.user, action: 'review.update', targetType: 'reviewRecord', targetId: id, ip: req.ip, details: b })
      return r
    })
    if (!record)
      throw notFound('记录')
    return { record }
  })
}
