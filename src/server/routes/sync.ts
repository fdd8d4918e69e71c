import type { FastifyPluginAsync } from 'fastify'
import type { AppContext } from '../context'
import { parseCursor, START_CURSOR, SYNC_LIMIT_DEFAULT, SYNC_LIMIT_MAX } from '../../shared/sync/protocol'
import { badField } from '../errors'
import { changesSinceJson } from '../sync-store'

/** Pull sync: `GET /api/sync/changes?since=<cursor>&limit=<n>` (src/shared/sync/protocol.ts). */
export const syncRoutes: FastifyPluginAsync<{ ctx: AppContext }> = async (app, { ctx }) => {
  app.get('/api/sync/changes', async (req, reply) => {
    const q = req.query as Record<string, unknown>
    const since = q.since ?? START_CURSOR
    const cursor = typeof since === 'string' ? parseCursor(since) : undefined
    if (!cursor)
      throw badField('since', '同步游标格式不正确，请从头同步 (since: malformed cursor; omit it to start over)')
    let limit = SYNC_LIMIT_DEFAULT
    if (q.limit !== undefined) {
      if (typeof q.limit !== 'string' || !/^\d{1,5}$/.test(q.limit) || Number(q.limit) < 1 || Number(q.limit) > SYNC_LIMIT_MAX)
        throw badField('limit', `每页条数应为 1 到 ${SYNC_LIMIT_MAX} 的整数 (limit: an integer from 1 to ${SYNC_LIMIT_MAX})`)
      limit = Number(q.limit)
    }
    // The page is JSON text already (see sync-store.ts): send it as is.
    return reply.type('application/json; charset=utf-8').send(await changesSinceJson(ctx.db, cursor, limit))
  })
}
