/**
 * Notification endpoints:
 *   GET  /api/notify/push-key                              the VAPID public key browsers subscribe with
 *   POST /api/applications/track/:code/push                a browser opts in to Web Push for one application
 *                                                         (proved like tracking: the status token or phone4)
 *   GET  /api/staff/applications/:id/notifications         the case's messages and their delivery state
 *   POST /api/staff/applications/:id/notifications/:nid/resend   send one again (audited)
 * Kiosks never subscribe: the page offers the button only on a personal device.
 */
import type { FastifyInstance } from 'fastify'
import type { NotifyDeliveriesResponse, PushKeyResponse, PushSubscribeRequest } from '../../shared/notify'
import type { AppContext } from '../platform/context'
import type { StaffPluginOptions } from '../staff/routes'
import type { NotifyOptions } from './config'
import { randomUUID } from 'node:crypto'
import webpush from 'web-push'
import { normaliseTrackingCode } from '../../shared/submission'
import { findByTrackingCode } from '../applications/store'
import { ApiError, badField, notFound } from '../platform/errors'
import { createRateLimiter } from '../platform/rate-limit'
import { requireCap } from '../staff/auth'
import { audit } from '../staff/store'
import { pushEndpointAllowed } from './channels'
import { DEFAULT_PUSH_ORIGINS, NOTIFY_DEFAULTS, storedVapidKeys, vapidSubject } from './config'
import { Notifier } from './service'
import { listDeliveries, requeue, saveSubscription } from './store'

/** Builds the notifier from the app's settings, makes it `app.notifier`, and runs its worker while the app is up. */
export async function installNotify(app: FastifyInstance, ctx: AppContext, o: { ephemeralKeys: boolean }): Promise<void> {
  const given = ctx.notify ?? {}
  const push = { allowedOrigins: DEFAULT_PUSH_ORIGINS, ...given.push }
  if (!push.vapid && !push.sender) {
    const subject = push.vapidSubject ?? vapidSubject({})
    push.vapid = o.ephemeralKeys ? { ...webpush.generateVAPIDKeys(), subject } : await storedVapidKeys(ctx.db, ctx.keys, subject)
  }
  const options: NotifyOptions = { ...NOTIFY_DEFAULTS, publicUrl: 'http://127.0.0.1:3000', ...given, push }
  const notifier = new Notifier(ctx.db, ctx.keys, options, app.log)
  app.decorate('notifier', notifier)
  app.addHook('onReady', async () => notifier.start())
  app.addHook('onClose', async () => notifier.close())
  await app.register(notifyPublicRoutes, { ctx })
}

declare module 'fastify' {
  interface FastifyInstance { notifier: Notifier }
}

const b64url = (min: number, max: number) => ({ type: 'string', pattern: `^[A-Za-z0-9_-]{${min},${max}}={0,2}$` }) as const

const subscribeSchema = {
  type: 'object',
  required: ['subscription'],
  properties: {
    subscription: {
      type: 'object',
      required: ['endpoint', 'keys'],
      properties: {
        endpoint: { type: 'string', minLength: 10, maxLength: 1000 },
        keys: {
          type: 'object',
          required: ['p256dh', 'auth'],
          // An uncompressed P-256 point (65 bytes) and a 16-byte secret, base64url.
          properties: { p256dh: b64url(86, 88), auth: b64url(21, 24) },
        },
      },
    },
    token: { type: 'string', maxLength: 64 },
    phone4: { type: 'string', maxLength: 4 },
    lang: { type: 'string', enum: ['zh-CN', 'en'] },
  },
} as const

export async function notifyPublicRoutes(app: FastifyInstance, { ctx }: { ctx: AppContext }): Promise<void> {
  const perAddress = createRateLimiter({ limit: 30, windowMs: 60_000 })

  app.get('/api/notify/push-key', { schema: { tags: ['notify'], summary: 'The VAPID public key browsers subscribe with' } }, async (): Promise<PushKeyResponse> => ({ publicKey: app.notifier.pushPublicKey }))

  app.post('/api/applications/track/:code/push', { schema: { tags: ['notify'], summary: 'A browser opts in to Web Push for one application (proved like tracking)', params: { type: 'object', properties: { code: { type: 'string', description: 'tracking code' } } }, body: subscribeSchema } }, async (req, reply) => {
    const r = perAddress.take(req.ip)
    if (!r.ok) {
      reply.header('retry-after', String(r.retryAfterSec))
      throw new ApiError(429, 'rate_limited', `请求过于频繁，请 ${r.retryAfterSec} 秒后再试 (too many requests)`)
    }
    const body = req.body as PushSubscribeRequest
    const keys = ctx.keys
    const notFoundErr = new ApiError(404, 'not_found', '没有找到这份申请，请核对查询码 (no application matches)')
    const code = normaliseTrackingCode((req.params as { code: string }).code.slice(0, 40))
    const row = code ? await findByTrackingCode(ctx.db, code) : null
    if (!row)
      throw notFoundErr
    const ok = (typeof body.token === 'string' && keys.sameMac(keys.mac('status', row.id), body.token))
      || (typeof body.phone4 === 'string' && /^\d{4}$/.test(body.phone4) && keys.sameMac(row.phone4Hash, keys.mac('phone4', `${row.id}|${body.phone4}`)))
    if (!ok)
      throw notFoundErr
    if (!app.notifier.enabled('push'))
      throw new ApiError(409, 'conflict', '本服务暂不提供浏览器推送 (push notifications are not available)')
    const { endpoint, keys: k } = body.subscription
    if (!pushEndpointAllowed(endpoint, app.notifier.options.push.allowedOrigins))
      throw badField('subscription.endpoint', '不支持该浏览器的推送服务 (this browser\'s push service is not accepted)')
    await saveSubscription(ctx.db, { id: randomUUID(), applicationId: row.id, endpoint, p256dh: k.p256dh, auth: k.auth, lang: body.lang ?? 'zh-CN' })
    reply.status(201)
    return { subscribed: true }
  })
}

const idParams = { type: 'object', required: ['id'], properties: { id: { type: 'string', format: 'uuid' } } } as const

export async function staffNotifyRoutes(app: FastifyInstance, { ctx }: StaffPluginOptions): Promise<void> {
  const { db } = ctx
  const exists = async (id: string) => (await db.query('select 1 from applications where id = $1', [id])).rows.length > 0

  app.get('/api/staff/applications/:id/notifications', { preValidation: requireCap('readCases'), schema: { tags: ['notify'], summary: 'A case\'s messages to the applicant and their delivery state', params: idParams } }, async (req): Promise<NotifyDeliveriesResponse> => {
    const { id } = req.params as { id: string }
    if (!await exists(id))
      throw notFound('申请')
    return { items: await listDeliveries(db, id) }
  })

  app.post('/api/staff/applications/:id/notifications/:nid/resend', {
    preValidation: requireCap('workCases'),
    schema: { tags: ['notify'], summary: 'Send one message again (audited)', params: { type: 'object', required: ['id', 'nid'], properties: { id: { type: 'string', format: 'uuid' }, nid: { type: 'integer', minimum: 1, maximum: 2 ** 52 } } } },
  }, async (req): Promise<NotifyDeliveriesResponse> => {
    const { id, nid } = req.params as { id: string, nid: number }
    await db.transaction(async (tx) => {
      const before = await requeue(tx, id, nid)
      if (!before)
        throw notFound('通知')
      if (before.state === 'sending')
        throw new ApiError(409, 'conflict', '该通知正在发送，请稍后再试 (this message is being sent)')
      await audit(tx, { actor: req.staff!.user, action: 'notify.resend', targetType: 'application', targetId: id, ip: req.ip, details: { outbox: nid, kind: before.kind, channel: before.channel, previousState: before.state } })
    })
    return { items: await listDeliveries(db, id) }
  })
}
