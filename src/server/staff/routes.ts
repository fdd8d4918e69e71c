/**
 * Everything under /api/staff: one encapsulated plugin, so the session lookup runs for staff routes
 * only and every child route sees `req.staff`. Each route declares its own guard (requireCap), so a
 * route without one is visible in review; the role × endpoint test walks them all.
 */
import type { FastifyInstance } from 'fastify'
import type { AppContext } from '../platform/context'
import type { StaffOptions } from './auth'
import { annualRoutes } from '../annual/routes'
import { calendarRoutes } from '../calendar/routes'
import { staffCorrectionRoutes } from '../corrections/routes'
import { staffNotifyRoutes } from '../notify/routes'
import { ApiError } from '../platform/errors'
import { staffAdminRoutes } from './admin/routes'
import { staffAppealRoutes } from './appeals/routes'
import { DEFAULT_STAFF_OPTIONS, loadSession } from './auth'
import { staffCaseRoutes } from './cases/routes'
import { staffFileRoutes } from './files/routes'
import { staffPlatformRoutes } from './platform/routes'
import { staffReportRoutes } from './reports/routes'
import { assertCaseInScope, loadScope } from './scope/service'
import { staffSessionRoutes } from './session/routes'
import { staffStatisticsRoutes } from './statistics/routes'
import { staffStreamRoutes } from './stream/routes'

/** Staff routes an anonymous caller may reach. */
const OPEN_ROUTES = new Set(['POST /api/staff/session', 'GET /api/staff/session'])

export interface StaffPluginOptions { ctx: AppContext, options: StaffOptions }

export async function staffRoutes(app: FastifyInstance, { ctx }: { ctx: AppContext }): Promise<void> {
  const options: StaffOptions = { ...DEFAULT_STAFF_OPTIONS, ...ctx.staff }
  app.decorateRequest('staff', null)
  app.decorateRequest('staffScope', null)
  // Before any body is read: an anonymous caller gets 401 without the server taking in its upload
  // (the report upload accepts 5 MB). Only signing in and asking "who am I" are open.
  app.addHook('onRequest', async (req, reply) => {
    req.staff = await loadSession(ctx.db, req, options.idleMs)
    if (!req.staff && !OPEN_ROUTES.has(`${req.method} ${req.routeOptions.url}`)) {
      reply.header('connection', 'close')
      throw new ApiError(401, 'unauthenticated', '请先登录 (sign in first)')
    }
    if (req.staff)
      req.staffScope = await loadScope(ctx.db, req.staff.user, options.defaultAgency)
  })
  // Every route that takes an application id (`/api/staff/applications/:id…`, whoever adds it):
  // another agency's case is a 404, after the guard (401/403) and the id's validation (400).
  app.addHook('preHandler', async (req) => {
    if (req.staffScope && req.routeOptions.url?.startsWith('/api/staff/applications/:id'))
      await assertCaseInScope(ctx.db, req.staffScope, (req.params as { id: string }).id)
  })
  const opts: StaffPluginOptions = { ctx, options }
  await app.register(staffSessionRoutes, opts)
  await app.register(staffAdminRoutes, opts)
  await app.register(staffCaseRoutes, opts)
  await app.register(staffFileRoutes, opts)
  await app.register(staffStatisticsRoutes, opts)
  await app.register(staffAppealRoutes, opts)
  await app.register(staffReportRoutes, opts)
  await app.register(staffStreamRoutes, opts)
  await app.register(staffPlatformRoutes, opts)
  await app.register(staffNotifyRoutes, opts)
  await app.register(calendarRoutes, opts)
  await app.register(annualRoutes, opts)
  await app.register(staffCorrectionRoutes, opts)
}
