import type { FastifyPluginAsync } from 'fastify'
import type { SyncPageCache } from '../sync/cache'
import type { AppContext } from './context'
import { syncHead } from '../sync/store'

export const healthRoutes: FastifyPluginAsync<{ ctx: AppContext, cache: SyncPageCache }> = async (app, { ctx, cache }) => {
  app.get('/api/health', async () => {
    const { mark } = await syncHead(ctx.db)
    const { pages, bytes, warmedMark } = cache.stats
    return {
      ok: true,
      storage: ctx.db.kind,
      version: ctx.version,
      // Whether a first download would find every page ready (src/server/sync/cache.ts).
      syncCache: { pages, bytes, warm: warmedMark === mark },
    }
  })
}
