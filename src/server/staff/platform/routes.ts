/**
 * GET /api/staff/platform/overview?year   per agency: cases, open, overdue, on-time rate, and the sum
 *                                         (the platform role sees every agency, others their own)
 */
import type { FastifyInstance } from 'fastify'
import type { PlatformOverview } from '../../../shared/review/api'
import type { StaffPluginOptions } from '../routes'
import { requireCap } from '../auth'
import { platformService } from './service'

export async function staffPlatformRoutes(app: FastifyInstance, { ctx, options }: StaffPluginOptions): Promise<void> {
  const platform = platformService({ db: ctx.db, defaultAgency: options.defaultAgency })
  app.get('/api/staff/platform/overview', {
    preValidation: requireCap('readStatistics'),
    schema: {
      tags: ['statistics'],
      summary: 'Per agency: the year\'s cases, open, overdue and on-time rate, and the sum over agencies',
      querystring: { type: 'object', required: ['year'], properties: { year: { type: 'integer', minimum: 2008, maximum: 2100 } } },
    },
  }, async (req): Promise<PlatformOverview> => platform.overview((req.query as { year: number }).year, req.staffScope!))
}
