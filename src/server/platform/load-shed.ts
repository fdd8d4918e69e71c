/**
 * Load shedding: past a set number of /api requests in flight, answer 503 with Retry-After at once
 * instead of queueing more work on the database. A device's outbox treats 503 + Retry-After as
 * "come back later" (src/sync/outbox.ts), so a rush of kiosks after an outage slows down instead
 * of piling up until the process runs out of memory or every request times out.
 *
 * Counted from onRequest (before the body is read) to the moment the response is finished or the
 * connection closes, whichever comes first. Long-lived streams (SSE) are not counted: they hold a
 * connection, not a database slot. Per process, like the rate limits.
 */
import type { FastifyInstance } from 'fastify'
import { ApiError } from './errors'

export interface LoadShedOptions {
  /** Largest number of /api requests handled at once; the next one gets 503. 0 disables shedding. */
  maxInFlight: number
  /** Seconds a shed client is told to wait. */
  retryAfterSec: number
  /** Paths (without query) never shed nor counted. */
  exempt: string[]
}

export const DEFAULT_LOAD_SHED: LoadShedOptions = {
  maxInFlight: 256,
  retryAfterSec: 5,
  exempt: ['/api/health', '/api/staff/stream'],
}

/** Installs the hook on the root instance (not a plugin scope, so it sees every route). */
export function installLoadShedding(app: FastifyInstance, given: Partial<LoadShedOptions> = {}): { inFlight: () => number } {
  const options = { ...DEFAULT_LOAD_SHED, ...given }
  const exempt = new Set(options.exempt)
  let inFlight = 0
  if (options.maxInFlight <= 0)
    return { inFlight: () => inFlight }

  app.addHook('onRequest', async (req, reply) => {
    const path = req.url.split('?')[0]!
    if (!path.startsWith('/api/') || exempt.has(path))
      return
    if (inFlight >= options.maxInFlight) {
      reply.header('retry-after', String(options.retryAfterSec))
      // Connection: close lets a load balancer move the client elsewhere and frees the socket.
      reply.header('connection', 'close')
      throw new ApiError(503, 'overloaded', `服务器繁忙，请 ${options.retryAfterSec} 秒后再试 (server busy, retry later)`)
    }
    inFlight++
    let done = false
    const release = () => {
      if (!done) {
        done = true
        inFlight--
      }
    }
    reply.raw.once('finish', release)
    reply.raw.once('close', release)
  })
  return { inFlight: () => inFlight }
}
