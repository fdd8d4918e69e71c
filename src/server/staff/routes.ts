/**
 * Everything under /api/staff: one encapsulated plugin, so the session lookup runs for staff routes
 * only and every child route sees `req.staff`. Each route declares its own guard (requireCap), so a
 * route without one is visible in review; the role × endpoint test walks them all.
 */
import type { FastifyInstance } from 'fastify'
import type { AppContext } from '../platform/context'
import type { StaffOptions } from './auth'
import { staffAdminRoutes } from './admin/routes'
import { DEFAULT_STAFF_OPTIONS, loadSession } from './auth'
import { staffCaseRoutes } from './cases/routes'
import { staffReportRoutes } from './reports/routes'
import { staffSessionRoutes } from './session/routes'
import { staffStatisticsRoutes } from './statistics/routes'
import { staffStreamRoutes } from './stream/routes'

export interface StaffPluginOptions { ctx: AppContext, options: StaffOptions }

export async function staffRoutes(app: FastifyInstance, { ctx }: { ctx: AppContext }): Promise<void> {
  const options: StaffOptions = { ...DEFAULT_STAFF_OPTIONS, ...ctx.staff }
  app.decorateRequest('staff', null)
  app.addHook('onRequest', async (req) => {
    req.staff = await loadSession(ctx.db, req, options.idleMs)
  })
  const opts: StaffPluginOptions = { ctx, options }
  await app.register(staffSessionRoutes, opts)
  await app.register(staffAdminRoutes, opts)
  await app.register(staffCaseRoutes, opts)
  await app.register(staffStatisticsRoutes, opts)
  await app.register(staffReportRoutes, opts)
  await app.register(staffStreamRoutes, opts)
}
