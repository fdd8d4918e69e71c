/**
 * The year's statistics from the cases themselves:
 *   GET  /api/staff/statistics?year&agency&layout       both tables, with the 一+二=三+四 check
 *   GET  /api/staff/statistics/csv?year&agency&layout   the same as CSV for Excel
 *   POST /api/staff/statistics/publish                  store the figures under METRICS.md keys
 *   GET/POST /api/staff/reviews, PATCH /api/staff/reviews/:id   行政复议 / 行政诉讼 records
 * Schemas and guards only; the rules are in service.ts, the SQL in store.ts.
 */
import type { FastifyInstance } from 'fastify'
import type { TemplateLayout } from '../../../shared/outcomes'
import type { ReviewRecordDto } from '../../../shared/review/api'
import type { StaffPluginOptions } from '../routes'
import { requireCap } from '../auth'
import { statisticsService } from './service'

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

interface StatsQuery { year: number, agency?: string, layout: TemplateLayout }

export async function staffStatisticsRoutes(app: FastifyInstance, { ctx, options }: StaffPluginOptions): Promise<void> {
  const stats = statisticsService({ db: ctx.db, defaultAgency: options.defaultAgency })

  app.get('/api/staff/statistics', { preValidation: requireCap('readStatistics'), schema: { querystring: statsQuery } }, async (req) => {
    const q = req.query as StatsQuery
    return stats.summary(q.year, q.agency, q.layout)
  })

  app.get('/api/staff/statistics/csv', { preValidation: requireCap('readStatistics'), schema: { querystring: statsQuery } }, async (req, reply) => {
    const q = req.query as StatsQuery
    const csv = await stats.csv(q.year, q.agency, q.layout)
    reply.header('content-type', 'text/csv; charset=utf-8')
    reply.header('content-disposition', `attachment; filename="statistics-${q.year}.csv"`)
    return csv
  })

  app.post('/api/staff/statistics/publish', {
    preValidation: requireCap('publishFigures'),
    schema: { body: { ...statsQuery, additionalProperties: false } },
  }, async (req) => {
    const b = req.body as Partial<StatsQuery> & { year: number }
    return stats.publish(b.year, b.agency, b.layout ?? '2021', { user: req.staff!.user, ip: req.ip })
  })

  app.get('/api/staff/reviews', { preValidation: requireCap('readStatistics') }, async () => ({ records: await stats.listRecords() }))

  app.post('/api/staff/reviews', {
    preValidation: requireCap('recordReviews'),
    schema: { body: { ...reviewBody, required: ['kind', 'filedDate'] } },
  }, async (req, reply) => {
    const record = await stats.createRecord(req.body as Partial<ReviewRecordDto>, { user: req.staff!.user, ip: req.ip })
    reply.status(201)
    return { record }
  })

  app.patch('/api/staff/reviews/:id', {
    preValidation: requireCap('recordReviews'),
    schema: { params: { type: 'object', properties: { id: { type: 'string', format: 'uuid' } } }, body: reviewBody },
  }, async (req) => {
    const record = await stats.updateRecord((req.params as { id: string }).id, req.body as Partial<ReviewRecordDto>, { user: req.staff!.user, ip: req.ip })
    return { record }
  })
}
