/**
 * The year's statistics from the cases themselves:
 *   GET  /api/staff/statistics?year&agency&layout       both tables, with the 一+二=三+四 check
 *   GET  /api/staff/statistics/csv?year&agency&layout   the same as CSV for Excel
 *   POST /api/staff/statistics/publish                  store the figures under METRICS.md keys
 * Schemas and guards only; the rules are in service.ts, the SQL in store.ts.
 */
import type { FastifyInstance } from 'fastify'
import type { TemplateLayout } from '../../../shared/outcomes'
import type { StaffPluginOptions } from '../routes'
import { layoutForYear } from '../../../shared/statistics'
import { requireCap } from '../auth'
import { statisticsService } from './service'

const statsQuery = {
  type: 'object',
  required: ['year'],
  properties: {
    year: { type: 'integer', minimum: 2008, maximum: 2100 },
    agency: { type: 'string', maxLength: 100 },
    // Absent: the edition of the year (2019 template for 2019–2020, 2021 after; shared/statistics/layout.ts).
    layout: { type: 'string', enum: ['2019', '2021'] },
  },
} as const

interface StatsQuery { year: number, agency?: string, layout?: TemplateLayout }

export async function staffStatisticsRoutes(app: FastifyInstance, { ctx, options }: StaffPluginOptions): Promise<void> {
  const stats = statisticsService({ db: ctx.db, defaultAgency: options.defaultAgency })

  app.get('/api/staff/statistics', { preValidation: requireCap('readStatistics'), schema: { tags: ['statistics'], summary: 'The year\'s two tables with the 一+二=三+四 check', querystring: statsQuery } }, async (req) => {
    const q = req.query as StatsQuery
    return stats.summary(q.year, q.agency, q.layout ?? layoutForYear(q.year))
  })

  app.get('/api/staff/statistics/csv', { preValidation: requireCap('readStatistics'), schema: { tags: ['statistics'], summary: 'The same tables as CSV for Excel', querystring: statsQuery } }, async (req, reply) => {
    const q = req.query as StatsQuery
    const csv = await stats.csv(q.year, q.agency, q.layout ?? layoutForYear(q.year))
    reply.header('content-type', 'text/csv; charset=utf-8')
    reply.header('content-disposition', `attachment; filename="statistics-${q.year}.csv"`)
    return csv
  })

  app.post('/api/staff/statistics/publish', {
    preValidation: requireCap('publishFigures'),
    schema: { tags: ['statistics'], summary: 'Publish the year\'s figures under METRICS.md keys', body: { ...statsQuery, additionalProperties: false } },
  }, async (req) => {
    const b = req.body as Partial<StatsQuery> & { year: number }
    return stats.publish(b.year, b.agency, b.layout ?? layoutForYear(b.year), { user: req.staff!.user, ip: req.ip })
  })
}
