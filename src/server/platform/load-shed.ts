/**
 * Load shedding: past a set number of /api requests in flight, answer 503 with Retry-After at once
 * instead of queueing more work on the database. A device's outbox treats 503 + Retry-After as
 * "come back later" (src/sync/outbox.ts), so a rush of kiosks after an outage slows down instead
 * of piling up until the process runs out of memory or every request times out.
 *
 * Counted from preValidation (once the body has arrived: a client trickling its body in holds a
 * socket, bounded by the body timeout, but no slot) to the moment the response is finished or the
 * connection closes, whichever comes first. Long-lived streams (SSE) are not counted: they hold a
 * connection, not a database slot. Staff sign-in has `reserve` slots of its own above the limit,
 * so staff can still get in to work the queue while devices are being shed. Per process, like
 * the rate limits.
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
  /** Extra slots only the `reservedFor` routes may use once the others are full. */
  reserve: number
  /** `METHOD /path` of the routes that keep reserved capacity. */
  reservedFor: string[]
}

export const DEFAULT_LOAD_SHED: LoadShedOptions = {
  maxInFlight: 256,
  retryAfterSec: 5,
  exempt: ['/api/health', '/api/staff/stream'],
  reserve: 16,
  reservedFor: ['POST /api/staff/session'],
}

/** Installs the hook on the root instance (not a plugin scope, so it sees every route). */
export function installLoadShedding(app: FastifyInstance, given: Partial<LoadShedOptions> = {}): { inFlight: () => number } {
  const options = { ...DEFAULT_LOAD_SHED, ...given }
  const exempt = new Set(options.exempt)
  const reserved = new Set(options.reservedFor)
  let inFlight = 0
  if (options.maxInFlight <= 0)
    return { inFlight: () => inFlight }

  app.addHook('preValidation', async (req, reply) => {
    const path = req.url.split('?')[0]!
    if (!path.startsWith('/api/') || exempt.has(path))
      return
    const limit = options.maxInFlight + (reserved.has(`${req.method} ${path}`) ? options.reserve : 0)
    if (inFlight >= limit) {
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
