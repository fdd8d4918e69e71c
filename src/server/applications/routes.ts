/**
 * Applications from devices:
 *   POST /api/applications                      submit (idempotent on the device's UUIDv7)
 *   GET  /api/applications/track/:code          status history, with phone4 or the device's token
 *   GET  /api/keys/applications                 the agency public key devices seal to
 *   GET  /application-key.json                  the same, at a fixed URL the service worker precaches
 *
 * Rate limits run here, before anything is parsed; the rules are in service.ts.
 */
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify'
import type { TrackApplicationResponse } from '../../shared/submission'
import type { AppContext } from '../platform/context'
import type { ServerKeys } from '../platform/keys'
import type { RateLimiter } from '../platform/rate-limit'
import { normaliseTrackingCode } from '../../shared/submission'
import { ApiError } from '../platform/errors'
import { createRateLimiter } from '../platform/rate-limit'
import { DEFAULT_APPLICATION_LIMITS } from './limits'
import { applicationService } from './service'

const DEVICE_ID = /^[\w-]{8,64}$/

function tooMany(reply: FastifyReply, retryAfterSec: number): ApiError {
  reply.header('retry-after', String(retryAfterSec))
  return new ApiError(429, 'rate_limited', `请求过于频繁，请 ${retryAfterSec} 秒后再试 (too many requests)`)
}

function limit(limiter: RateLimiter, key: string, reply: FastifyReply): void {
  const r = limiter.take(key)
  if (!r.ok)
    throw tooMany(reply, r.retryAfterSec)
}

export const applicationRoutes: FastifyPluginAsync<{ ctx: AppContext }> = async (app, { ctx }) => {
  const keys: ServerKeys = ctx.keys
  const service = applicationService(ctx.db, keys, app.notifier, () => ctx.now?.() ?? new Date())
  const limits = { ...DEFAULT_APPLICATION_LIMITS, ...ctx.applicationLimits }
  const minute = 60_000
  const perDevice = createRateLimiter({ limit: limits.submitPerDevice, windowMs: minute })
  const perAddress = createRateLimiter({ limit: limits.submitPerAddress, windowMs: minute })
  const trackPerCode = createRateLimiter({ limit: limits.trackPerCode, windowMs: minute })
  const trackPerAddress = createRateLimiter({ limit: limits.trackPerAddress, windowMs: minute })

  const publicKey = async (_req: FastifyRequest, reply: FastifyReply) => {
    reply.header('cache-control', 'no-cache')
    return keys.current
  }
  const keySchema = { tags: ['applications'], summary: 'The agency public key (JWK) devices seal personal data to' }
  app.get('/api/keys/applications', { schema: keySchema }, publicKey)
  app.get('/application-key.json', { schema: { ...keySchema, hide: true } }, publicKey)

  app.post('/api/applications', { schema: { tags: ['applications'], summary: 'Submit an application (idempotent on the device\'s UUIDv7; personal data sealed to the agency key)' }, bodyLimit: limits.bodyBytes }, async (req, reply) => {
    const deviceHeader = req.headers['x-device-id']
    const deviceId = typeof deviceHeader === 'string' && DEVICE_ID.test(deviceHeader) ? deviceHeader : null
    limit(perAddress, req.ip, reply)
    if (deviceId)
      limit(perDevice, deviceId, reply)
    const result = await service.submit(req.body, deviceId)
    reply.status(result.status)
    return result.body
  })

  app.get('/api/applications/track/:code', { schema: { tags: ['applications'], summary: 'An application\'s public status history, with phone4 or the status token', params: { type: 'object', properties: { code: { type: 'string', description: 'tracking code' } } }, querystring: { type: 'object', properties: { phone4: { description: 'the last four digits of the applicant\'s phone' }, token: { description: 'the status token the device got on submission' } } } } }, async (req, reply): Promise<TrackApplicationResponse> => {
    const { code: rawCode } = req.params as { code: string }
    const code = normaliseTrackingCode(rawCode.slice(0, 40))
    limit(trackPerAddress, req.ip, reply)
    limit(trackPerCode, `${req.ip}|${code ?? rawCode.slice(0, 40)}`, reply)
    const found = await service.track(code, req.query as { phone4?: unknown, token?: unknown }, { failures: limits.trackGuessBudget, windowSec: limits.trackGuessWindowSec })
    if (found && 'pausedSec' in found) {
      reply.header('retry-after', String(found.pausedSec))
      const hours = Math.ceil(found.pausedSec / 3600)
      throw new ApiError(429, 'tracking_paused', `这份申请的手机号后四位已输错多次，为保护申请人信息，约 ${hours} 小时内暂停用手机号查询；提交申请的设备上仍可查看 (too many wrong digits for this code; paused)`, undefined, { retryAfterSec: found.pausedSec })
    }
    if (!found)
      throw new ApiError(404, 'not_found', '没有找到这份申请，请核对查询码和手机号后四位 (no application matches)')
    return found
  })
}
