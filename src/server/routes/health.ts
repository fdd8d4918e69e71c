import type { FastifyPluginAsync } from 'fastify'
import type { AppContext } from '../context'

export const healthRoutes: FastifyPluginAsync<{ ctx: AppContext }> = async (app, { ctx }) => {
  app.get('/api/health', async () => {
    await ctx.db.query('select 1')
    return { ok: true, storage: ctx.db.kind, storageDescription: ctx.db.description, version: ctx.version }
  })
}
