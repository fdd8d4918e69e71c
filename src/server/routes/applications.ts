/**
 * Applications from devices:
 *   POST /api/applications                      submit (idempotent on the device's UUIDv7)
 *   GET  /api/applications/track/:code          status history, with phone4 or the device's token
 *   GET  /api/keys/applications                 the agency public key devices seal to
 *   GET  /application-key.json                  the same, at a fixed URL the service worker precaches
 *
 * A submission is checked cheapest-first: rate limits, shape, the idempotency lookup (a retry of
 * an accepted id is answered from the row, without decrypting anything), then the seal, then the
 * shared validator. Nothing is stored unless every check passes; a 2xx means committed.
 */
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify'
import type { SubmitApplicationResponse, TrackApplicationResponse } from '../../shared/submission'
import type { StoredApplicationSummary } from '../applications-store'
import type { AppContext } from '../context'
import type { ServerKeys } from '../keys'
import type { RateLimiter } from '../rate-limit'
import { createHash } from 'node:crypto'
import { maskIdNumber, maskPhone, validateApplication } from '../../shared/application'
import { isSealedBox, isUuidV7, normaliseTrackingCode, openSealed, SealError, serverDates, SUBMISSION_VERSION, trackingCodeFor } from '../../shared/submission'
import { referredTo } from '../agencies/referral'
import { activeAgency, agencyRef } from '../agencies/store'
import { applicationHistory, findApplication, findByTrackingCode, insertApplication } from '../applications-store'
import { ApiError, badField } from '../errors'
import { loadServerKeys } from '../keys'
import { createRateLimiter } from '../rate-limit'
import { maskName } from './mask-name'

/** Requests per minute. Generous per address: a whole service hall may share one. */
export interface ApplicationLimits {
  submitPerDevice: number
  submitPerAddress: number
  trackPerCode: number
  trackPerAddress: number
  /** Largest submission body in bytes. */
  bodyBytes: number
}

export const DEFAULT_APPLICATION_LIMITS: ApplicationLimits = {
  submitPerDevice: 30,
  submitPerAddress: 600,
  trackPerCode: 10,
  trackPerAddress: 120,
  bodyBytes: 64 * 1024,
}

const DEVICE_ID = /^[\w-]{8,64}$/
const PHONE4 = /^\d{4}$/
const TOKEN = /^[\w-]{20,64}$/

function tooMany(reply: FastifyReply, retryAfterSec: number): ApiError {
  reply.header('retry-after', String(retryAfterSec))
  return new ApiError(429, 'rate_limited', `请求过于频繁，请 ${retryAfterSec} 秒后再试 (too many requests)`)
}

function limit(limiter: RateLimiter, key: string, reply: FastifyReply): void {
  const r = limiter.take(key)
  if (!r.ok)
    throw tooMany(reply, r.retryAfterSec)
}

/** Stable hash of the body as received: a retry sends the stored request byte for byte. */
function payloadHash(body: unknown): string {
  return createHash('sha256').update(JSON.stringify(body)).digest('base64url')
}

export const applicationRoutes: FastifyPluginAsync<{ ctx: AppContext }> = async (app, { ctx }) => {
  const keys: ServerKeys = ctx.keys ?? await loadServerKeys()
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
  app.get('/api/keys/applications', publicKey)
  app.get('/application-key.json', publicKey)

  app.post('/api/applications', { bodyLimit: limits.bodyBytes }, async (req, reply) => {
    const deviceHeader = req.headers['x-device-id']
    const deviceId = typeof deviceHeader === 'string' && DEVICE_ID.test(deviceHeader) ? deviceHeader : null
    limit(perAddress, req.ip, reply)
    if (deviceId)
      limit(perDevice, deviceId, reply)

    const body = req.body as Record<string, unknown> | undefined
    if (!body || typeof body !== 'object' || Array.isArray(body))
      throw badField('body', '请求内容应为 JSON 对象 (the body must be a JSON object)')
    if (body.v !== SUBMISSION_VERSION)
      throw badField('v', '不支持的申请格式版本，请更新应用后重试 (unsupported submission version)')
    if (!isUuidV7(body.id))
      throw badField('id', '申请编号格式不正确 (id must be a UUIDv7)')
    const id = body.id
    const general = body.general as Record<string, unknown> | undefined
    if (!general || typeof general !== 'object' || Array.isArray(general))
      throw badField('general', '缺少申请内容 (general part missing)')
    if (!isSealedBox(body.personal))
      throw badField('personal', '个人信息加密格式不正确，请重新填写个人信息后提交 (sealed personal data is malformed)')
    const hash = payloadHash(body)

    // A retry, replay or second tab: answer from the row without decrypting anything again.
    const existing = await findApplication(ctx.db, id)
    if (existing)
      return answerExisting(existing, hash, reply)

    const key = keys.privateKey(body.personal.kid)
    if (!key)
      throw new ApiError(422, 'unknown_key', '个人信息所用的加密密钥已失效，请重新填写个人信息后提交 (sealed to an unknown key)', 'personal')
    let personal: unknown
    try {
      personal = await openSealed(key, body.personal, id)
    }
    catch (err) {
      if (err instanceof SealError)
        throw new ApiError(422, 'undecryptable', '个人信息无法解密，请重新填写个人信息后提交 (sealed personal data cannot be opened)', 'personal')
      throw err
    }

    const checked = validateApplication({ v: 1, general, personal })
    if (!checked.ok) {
      const first = checked.errors[0]!
      throw new ApiError(422, 'invalid_application', `${first.message} (${first.messageEn})`, first.field, checked.errors)
    }
    const { value } = checked
    const channel = value.general.channel
    if (channel !== 'inPerson' && channel !== 'online')
      throw new ApiError(422, 'invalid_application', '设备只能提交当面或网上申请 (devices submit in person or on-line only)', 'general.channel')

    // Addressed to an agency of the directory that still takes applications (absent: queued by an
    // app from before the directory; recorded without one).
    const agencyId = value.general.agencyId ?? null
    if (agencyId && !(await activeAgency(ctx.db, agencyId)))
      throw new ApiError(422, 'unknown_agency', '受理机关不存在或已停止受理申请，请重新选择受理机关 (unknown or inactive agency)', 'general.agencyId')

    const now = new Date()
    // A device clock running fast must not date a receipt in the future.
    const submittedMs = Math.min(Date.parse(value.general.deviceSubmittedAt!), now.getTime())
    const dates = serverDates({ channel, deviceSubmittedAt: new Date(submittedMs).toISOString(), serverReceivedAt: now.toISOString() })
    const trackingCode = trackingCodeFor(id)
    let result
    try {
      result = await insertApplication(ctx.db, {
        id,
        trackingCode,
        payloadHash: hash,
        channel,
        deviceId,
        dates,
        applicantType: value.general.applicantType,
        orgSubtype: value.general.orgSubtype,
        idType: value.general.idType,
        nameMasked: maskName(value.personal.name),
        idNumberMasked: maskIdNumber(value.personal.idNumber),
        phoneMasked: maskPhone(value.personal.phone),
        phone4Hash: keys.mac('phone4', `${id}|${value.personal.phone.slice(-4)}`),
        personalEnc: keys.encryptAtRest(JSON.stringify(value.personal)),
        dataKeyId: keys.dataKeyId,
        sealKid: body.personal.kid,
        general: value.general,
        agencyId,
      })
    }
    catch (err) {
      // Another id that maps to the same tracking code (only a crafted id can): refuse, never merge.
      if ((err as { code?: string }).code === '23505')
        throw new ApiError(409, 'conflict', '申请编号冲突，请重新提交 (tracking code collision)', 'id')
      throw err
    }
    if (!result.created)
      return answerExisting(result.row, hash, reply)
    reply.status(201)
    return response(result.row, false)
  })

  async function answerExisting(row: StoredApplicationSummary, hash: string, reply: FastifyReply): Promise<SubmitApplicationResponse> {
    if (row.payloadHash !== hash)
      throw new ApiError(409, 'conflict', '该申请编号已用于另一份申请 (this id was already used for a different application)', 'id')
    reply.status(200)
    return response(row, true)
  }

  async function response(row: StoredApplicationSummary, duplicate: boolean): Promise<SubmitApplicationResponse> {
    return { id: row.id, ...await publicStatus(row), statusToken: keys.mac('status', row.id), duplicate }
  }

  /**
   * What a receipt and the tracking page may show of a stored application: named field by field, so
   * a column added to the summary (hashes, anything personal) never reaches an answer by accident.
   */
  async function publicStatus(row: StoredApplicationSummary) {
    return {
      trackingCode: row.trackingCode,
      channel: row.channel,
      status: row.status,
      deviceSubmittedAt: row.deviceSubmittedAt,
      serverReceivedAt: row.serverReceivedAt,
      receivedOn: row.receivedOn,
      dueDate: row.dueDate,
      dueDateProvisional: row.dueDateProvisional,
      agency: row.agencyId ? await agencyRef(ctx.db, row.agencyId) : null,
    }
  }

  app.get('/api/applications/track/:code', async (req, reply): Promise<TrackApplicationResponse> => {
    const { code: rawCode } = req.params as { code: string }
    const q = req.query as { phone4?: unknown, token?: unknown }
    const code = normaliseTrackingCode(rawCode.slice(0, 40))
    limit(trackPerAddress, req.ip, reply)
    limit(trackPerCode, `${req.ip}|${code ?? rawCode.slice(0, 40)}`, reply)
    // Unknown code, wrong digits, malformed input: one answer, so a guess learns nothing.
    const notFound = new ApiError(404, 'not_found', '没有找到这份申请，请核对查询码和手机号后四位 (no application matches)')
    if (!code)
      throw notFound
    const row = await findByTrackingCode(ctx.db, code)
    if (!row)
      throw notFound
    let ok = false
    if (typeof q.phone4 === 'string' && PHONE4.test(q.phone4))
      ok = keys.sameMac(row.phone4Hash, keys.mac('phone4', `${row.id}|${q.phone4}`))
    else if (typeof q.token === 'string' && TOKEN.test(q.token))
      ok = keys.sameMac(keys.mac('status', row.id), q.token)
    if (!ok)
      throw notFound
    // The id lets the applicant's device link a re-addressed application to this one (Art. 36(5)).
    return { id: row.id, ...await publicStatus(row), history: await applicationHistory(ctx.db, row.id), referredTo: await referredTo(ctx.db, row.id) }
  })
}
