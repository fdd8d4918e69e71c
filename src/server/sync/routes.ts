import type { FastifyPluginAsync } from 'fastify'
import type { SyncPageCache } from './cache'
import { parseCursor, START_CURSOR, SYNC_LIMIT_DEFAULT, SYNC_LIMIT_MAX } from '../../shared/sync/protocol'
import { badField } from '../platform/errors'
import { gunzipText } from './cache'

/** True when the client takes a gzipped body (every browser does). */
function acceptsGzip(header: string | string[] | undefined): boolean {
  const value = Array.isArray(header) ? header.join(',') : header ?? ''
  return value.split(',').some((part) => {
    const [name, ...params] = part.trim().split(';')
    if (name!.trim().toLowerCase() !== 'gzip' && name!.trim() !== '*')
      return false
    const q = params.map(p => /^\s*q=([\d.]+)\s*$/.exec(p)?.[1]).find(Boolean)
    return q === undefined || Number(q) > 0
  })
}

/**
 * Pull sync: `GET /api/sync/changes?since=<cursor>&limit=<n>` (src/shared/sync/protocol.ts). Pages
 * come from the page cache (src/server/sync/cache.ts), gzipped when the client accepts it.
 */
export const syncRoutes: FastifyPluginAsync<{ cache: SyncPageCache }> = async (app, { cache }) => {
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
    const page = await cache.page(cursor, limit)
    reply.type('application/json; charset=utf-8').header('vary', 'accept-encoding').header('x-sync-cache', page.hit ? 'hit' : 'miss')
    if (acceptsGzip(req.headers['accept-encoding']))
      return reply.header('content-encoding', 'gzip').send(page.gz)
    return reply.send(await gunzipText(page.gz))
  })
}

declare module 'fastify' {
  interface FastifyInstance {
    /** The pull-sync page cache (tests and /api/health read its stats). */
    syncCache: SyncPageCache
  }
}
