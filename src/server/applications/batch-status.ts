/**
 * POST /api/applications/status  { items: [{ code, token }] } → { items: BatchStatusItem[] }
 *
 * A device's own applications, all in one request, each authorised by the status token the server
 * gave the device when it accepted that application. A kiosk asks for its current session's
 * applications only; one request per refresh instead of one per application ever sent, and on its
 * own budget, so a busy hall never uses up the tracking limit that citizens' look-ups by phone
 * digits share per address. A wrong token answers exactly like an unknown code.
 */
import type { FastifyPluginAsync } from 'fastify'
import type { BatchStatusItem } from '../../shared/submission'
import type { AppContext } from '../platform/context'
import { normaliseTrackingCode } from '../../shared/submission'
import { deliveryFor } from '../case-files/service'
import { ApiError } from '../platform/errors'
import { createRateLimiter } from '../platform/rate-limit'
import { publicStatus } from './service'
import { applicationHistory, findByTrackingCode } from './store'

/** Most applications in one request (a kiosk session or a phone's list is far below it). */
export const BATCH_STATUS_MAX = 50
/** Requests per minute per address: a hall of kiosks refreshing every few minutes stays well inside. */
const PER_ADDRESS = 240

export const batchStatusRoutes: FastifyPluginAsync<{ ctx: AppContext }> = async (app, { ctx }) => {
  const keys = ctx.keys
  const perAddress = createRateLimiter({ limit: ctx.applicationLimits?.trackPerAddress ? Math.max(PER_ADDRESS, ctx.applicationLimits.trackPerAddress) : PER_ADDRESS, windowMs: 60_000 })

  app.post('/api/applications/status', {
    bodyLimit: 16 * 1024,
    schema: { tags: ['applications'], summary: 'A device\'s own applications\' status, each proved by its status token', body: {
      type: 'object',
      required: ['items'],
      additionalProperties: false,
      properties: {
        items: {
          type: 'array',
          maxItems: BATCH_STATUS_MAX,
          items: {
            type: 'object',
            required: ['code', 'token'],
            additionalProperties: false,
            properties: { code: { type: 'string', maxLength: 40 }, token: { type: 'string', pattern: '^[\\w-]{20,64}$' } },
          },
        },
      },
    } },
  }, async (req, reply): Promise<{ items: BatchStatusItem[] }> => {
    const r = perAddress.take(req.ip)
    if (!r.ok) {
      reply.header('retry-after', String(r.retryAfterSec))
      throw new ApiError(429, 'rate_limited', `请求过于频繁，请 ${r.retryAfterSec} 秒后再试 (too many requests)`)
    }
    const { items } = req.body as { items: { code: string, token: string }[] }
    const out: BatchStatusItem[] = []
    for (const item of items) {
      const code = normaliseTrackingCode(item.code)
      const row = code ? await findByTrackingCode(ctx.db, code) : null
      if (!row || !keys.sameMac(keys.mac('status', row.id), item.token)) {
        out.push({ trackingCode: code ?? item.code, found: false })
        continue
      }
      out.push({ ...publicStatus(row), history: await applicationHistory(ctx.db, row.id), delivery: await deliveryFor(ctx.db, row), found: true })
    }
    return { items: out }
  })
}
