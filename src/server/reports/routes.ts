import type { FastifyPluginAsync } from 'fastify'
import type { AppContext } from '../platform/context'
import { badField, notFound } from '../platform/errors'
import { getReport, listReports } from './store'

const ID = /^[\w-]{1,64}$/

export const reportRoutes: FastifyPluginAsync<{ ctx: AppContext }> = async (app, { ctx }) => {
  app.get('/api/reports', async (req) => {
    const q = req.query as Record<string, unknown>
    let year: number | undefined
    if (q.year !== undefined) {
      year = Number(q.year)
      if (typeof q.year !== 'string' || !/^\d{4}$/.test(q.year))
        throw badField('year', '年份应为四位数字，例如 2015 (year must be four digits)')
    }
    return { reports: await listReports(ctx.db, { year }) }
  })

  app.get('/api/reports/:id', async (req) => {
    const { id } = req.params as { id: string }
    if (!ID.test(id))
      throw badField('id', '报告编号格式不正确 (malformed report id)')
    const report = await getReport(ctx.db, id)
    if (!report)
      throw notFound(`报告 ${id}`)
    return report
  })
}
