/**
 * Kiosks (issue 16):
 *   POST /api/staff/kiosks                 a new kiosk and its one-time enrolment code (manageKiosks)
 *   GET  /api/staff/kiosks                 the list (pending, enrolled, revoked, expired)
 *   PUT  /api/staff/kiosks/:id/agencies    the hall's agencies, the first being the kiosk's default
 *   POST /api/staff/kiosks/:id/revoke      its next submissions are on-line
 *   GET  /api/staff/kiosks/flagged         applications whose claimed kiosk time was not believed
 *   GET|PUT /api/staff/kiosks/settings     how old a claimed in-person time may be (days)
 *   POST /api/kiosks/enrol                 a device registers its public key with a code
 *   POST /api/kiosks/:id/heartbeat         a signed check-in: a fresh contact token, revoked or not
 * Staff routes use the session cookie and CSRF token (staffGuard); device routes are signed.
 * A supervisor limited to agencies (docs/staff.md) manages only kiosks set to at least one of them,
 * creates kiosks only for them (all of them when the request names none), and sees only flagged
 * receipts of their agencies' applications; another agency's kiosk is a 404.
 * A kiosk's agencies are ids of active agencies of the directory, in order: the first is the one its
 * apply form pre-selects (docs/kiosk.md "The hall's agencies"). The device learns a change at its
 * next heartbeat, which answers with the kiosk's identity.
 */
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify'
import type { CreateKioskResponse, KioskContactResponse } from '../../shared/kiosk'
import type { AppContext } from '../platform/context'
import type { KioskOptions } from './service'
import { randomUUID } from 'node:crypto'
import { DEFAULT_CLAIM_MAX_DAYS, enrolMessage, heartbeatMessage, isKioskPublicJwk, normaliseEnrolmentCode, verifyKioskSignature } from '../../shared/kiosk'
import { keyIdOf } from '../../shared/submission'
import { activeAgencyIds } from '../agencies/store'
import { ApiError, badField, notFound } from '../platform/errors'
import { createRateLimiter } from '../platform/rate-limit'
import { DEFAULT_STAFF_OPTIONS, staffGuard } from '../staff/auth'
import { loadScope } from '../staff/scope/service'
import { audit } from '../staff/store'
import { codeHash, contactToken, DEFAULT_KIOSK_OPTIONS, identityOf, newEnrolmentCode } from './service'
import { enrolWithCode, findKiosk, insertKiosk, listFlagged, listKiosks, readClaimMaxDays, revokeKiosk, setKioskAgencies, touchKiosk, writeClaimMaxDays } from './store'

const uuidParam = { type: 'object', required: ['id'], properties: { id: { type: 'string', format: 'uuid' } } } as const
const text = (max: number) => ({ type: 'string', minLength: 1, maxLength: max, pattern: '\\S' }) as const
const agenciesSchema = { type: 'array', maxItems: 50, uniqueItems: true, items: text(64) } as const

/**
 * The agencies a kiosk may be set to: trimmed, each once, in the order given (the first is the
 * default), every one an active agency of the directory, and for a supervisor limited to agencies
 * only their own. Throws a 400 naming `agencies`.
 */
async function checkHallAgencies(db: AppContext['db'], given: string[], mine: string[] | null): Promise<string[]> {
  const agencies = [...new Set(given.map(a => a.trim()))]
  if (mine && agencies.some(a => !mine.includes(a)))
    throw badField('agencies', '只能为本人所属机关设置终端 (agencies: only your own agencies)')
  const active = await activeAgencyIds(db, agencies)
  const unknown = agencies.find(a => !active.has(a))
  if (unknown !== undefined)
    throw badField('agencies', `机关目录中没有受理申请的机关 ${unknown} (agencies: unknown or inactive agency)`)
  return agencies
}

export const kioskRoutes: FastifyPluginAsync<{ ctx: AppContext, kiosks?: Partial<KioskOptions> }> = async (app, { ctx, kiosks }) => {
  const { db } = ctx
  const keys = ctx.keys
  const options = { ...DEFAULT_KIOSK_OPTIONS, ...kiosks }
  const now = () => ctx.now?.() ?? new Date()
  const manage = staffGuard(db, 'manageKiosks', ctx.staff?.idleMs)
  const scopeOf = (req: FastifyRequest) => loadScope(db, req.staff!.user, ctx.staff?.defaultAgency ?? DEFAULT_STAFF_OPTIONS.defaultAgency)
  const enrolLimiter = createRateLimiter({ limit: options.enrolPerAddress, windowMs: 60_000 })

  app.post('/api/staff/kiosks', {
    preValidation: manage,
    schema: { tags: ['kiosks'], summary: 'A new kiosk and its one-time enrolment code (manageKiosks)', body: {
      type: 'object',
      required: ['name', 'hall'],
      additionalProperties: false,
      properties: {
        name: text(60),
        hall: text(100),
        agencies: agenciesSchema,
      },
    } },
  }, async (req, reply): Promise<CreateKioskResponse> => {
    const b = req.body as { name: string, hall: string, agencies?: string[] }
    const mine = (await scopeOf(req)).agencies
    const agencies = await checkHallAgencies(db, b.agencies ?? [], mine)
    const at = now()
    const code = newEnrolmentCode()
    const actor = req.staff!.user
    const kiosk = await db.transaction(async (tx) => {
      const k = await insertKiosk(tx, {
        id: randomUUID(),
        name: b.name.trim(),
        hall: b.hall.trim(),
        agencies: mine && !agencies.length ? mine : agencies,
        createdBy: actor,
        codeHash: codeHash(keys, code),
        codeExpiresAt: new Date(at.getTime() + options.codeTtlMs),
        now: at,
      })
      await audit(tx, { actor, action: 'kiosk.create', targetType: 'kiosk', targetId: k.id, ip: req.ip, details: { name: k.name, hall: k.hall, agencies: k.agencies } })
      return k
    })
    reply.status(201)
    return { kiosk, code, path: `/kiosk?enrol=${code}` }
  })

  app.get('/api/staff/kiosks', { schema: { tags: ['kiosks'], summary: 'Kiosks: pending, enrolled, revoked, expired' }, preValidation: manage }, async req => ({ kiosks: await listKiosks(db, now(), (await scopeOf(req)).agencies) }))

  app.put('/api/staff/kiosks/:id/agencies', {
    preValidation: manage,
    schema: { tags: ['kiosks'], summary: 'Set the agencies a kiosk serves (the first is its default)', params: uuidParam, body: {
      type: 'object',
      required: ['agencies'],
      additionalProperties: false,
      properties: { agencies: { ...agenciesSchema, minItems: 1 } },
    } },
  }, async (req) => {
    const { id } = req.params as { id: string }
    const actor = req.staff!.user
    const mine = (await scopeOf(req)).agencies
    const agencies = await checkHallAgencies(db, (req.body as { agencies: string[] }).agencies, mine)
    const before = await findKiosk(db, id, now())
    if (!before || (mine && !before.agencies.some(a => mine.includes(a))))
      throw notFound('终端')
    const kiosk = await db.transaction(async (tx) => {
      const k = await setKioskAgencies(tx, id, agencies, now())
      if (k)
        await audit(tx, { actor, action: 'kiosk.agencies', targetType: 'kiosk', targetId: id, ip: req.ip, details: { name: k.name, agencies } })
      return k
    })
    if (!kiosk)
      throw notFound('终端')
    return { kiosk }
  })

  app.post('/api/staff/kiosks/:id/revoke', { preValidation: manage, schema: { tags: ['kiosks'], summary: 'Revoke a kiosk: its next submissions count as on-line', params: uuidParam } }, async (req) => {
    const { id } = req.params as { id: string }
    const actor = req.staff!.user
    const mine = (await scopeOf(req)).agencies
    if (mine && !(await findKiosk(db, id, now()))?.agencies.some(a => mine.includes(a)))
      throw notFound('终端')
    const kiosk = await db.transaction(async (tx) => {
      const k = await revokeKiosk(tx, id, actor.username, now())
      if (k)
        await audit(tx, { actor, action: 'kiosk.revoke', targetType: 'kiosk', targetId: id, ip: req.ip, details: { name: k.name } })
      return k
    })
    if (!kiosk)
      throw notFound('终端')
    return { kiosk }
  })

  app.get('/api/staff/kiosks/flagged', {
    preValidation: manage,
    schema: { tags: ['kiosks'], summary: 'Applications whose claimed kiosk time was not believed', querystring: { type: 'object', properties: { limit: { type: 'integer', minimum: 1, maximum: 200, default: 50 } } } },
  }, async req => ({ applications: await listFlagged(db, (req.query as { limit: number }).limit, await scopeOf(req)) }))

  app.get('/api/staff/kiosks/settings', { schema: { tags: ['kiosks'], summary: 'How old a claimed in-person time may be (days)' }, preValidation: manage }, async () => ({ claimMaxDays: await readClaimMaxDays(db) ?? DEFAULT_CLAIM_MAX_DAYS }))

  app.put('/api/staff/kiosks/settings', {
    preValidation: manage,
    schema: { tags: ['kiosks'], summary: 'Change how old a claimed in-person time may be', body: { type: 'object', required: ['claimMaxDays'], additionalProperties: false, properties: { claimMaxDays: { type: 'integer', minimum: 0, maximum: 30 } } } },
  }, async (req) => {
    const { claimMaxDays } = req.body as { claimMaxDays: number }
    await db.transaction(async (tx) => {
      await writeClaimMaxDays(tx, claimMaxDays)
      await audit(tx, { actor: req.staff!.user, action: 'kiosk.settings', targetType: 'settings', ip: req.ip, details: { claimMaxDays } })
    })
    return { claimMaxDays }
  })

  app.post('/api/kiosks/enrol', { schema: { tags: ['kiosks'], summary: 'A device registers its public key with an enrolment code' }, bodyLimit: 4096 }, async (req, reply): Promise<KioskContactResponse> => {
    limit(enrolLimiter.take(req.ip), reply)
    const b = req.body as Record<string, unknown> | null
    if (!b || typeof b !== 'object' || Array.isArray(b))
      throw new ApiError(400, 'invalid_field', '请求内容应为 JSON 对象 (the body must be a JSON object)', 'body')
    const code = normaliseEnrolmentCode(b.code)
    if (!code)
      throw new ApiError(400, 'invalid_field', '登记码应为 8 位字母或数字 (the code has 8 letters or digits)', 'code')
    if (!isKioskPublicJwk(b.publicKey))
      throw new ApiError(400, 'invalid_field', '终端公钥格式不正确 (the public key must be a P-256 JWK)', 'publicKey')
    const publicKey: JsonWebKey = { kty: 'EC', crv: 'P-256', x: b.publicKey.x, y: b.publicKey.y }
    // The device proves it holds the private half of the key it registers.
    let keyId: string
    try {
      keyId = await keyIdOf(publicKey)
    }
    catch {
      throw new ApiError(400, 'invalid_field', '终端公钥格式不正确 (the public key must be a P-256 JWK)', 'publicKey')
    }
    if (!await verifyKioskSignature(publicKey, enrolMessage(code, keyId), b.sig))
      throw new ApiError(400, 'invalid_field', '签名无效 (the signature does not verify)', 'sig')
    const at = now()
    const kiosk = await db.transaction(async (tx) => {
      const k = await enrolWithCode(tx, codeHash(keys, code), publicKey, at)
      if (k)
        await audit(tx, { actor: null, action: 'kiosk.enrol', targetType: 'kiosk', targetId: k.id, ip: req.ip, details: { keyId } })
      return k
    })
    if (!kiosk)
      throw new ApiError(400, 'invalid_code', '登记码无效或已过期，请让工作人员重新生成 (the code is wrong, used or expired)', 'code')
    reply.status(201)
    return { kiosk: identityOf(kiosk), revoked: false, contact: contactToken(keys, kiosk.id, at) }
  })

  app.post('/api/kiosks/:id/heartbeat', {
    bodyLimit: 2048,
    schema: { tags: ['kiosks'], summary: 'A signed check-in: a fresh contact token, or revoked', params: uuidParam, body: { type: 'object', required: ['at', 'sig'], properties: { at: { type: 'string', maxLength: 40 }, sig: { type: 'string', maxLength: 200 } } } },
  }, async (req, reply): Promise<KioskContactResponse> => {
    const { id } = req.params as { id: string }
    const b = req.body as { at: string, sig: string }
    limit(enrolLimiter.take(`hb|${id}`), reply)
    const at = now()
    const kiosk = await findKiosk(db, id, at)
    // Unknown kiosk and bad signature answer alike: nothing to learn by probing ids.
    if (!kiosk?.publicKey || !await verifyKioskSignature(kiosk.publicKey, heartbeatMessage(id, b.at), b.sig))
      throw new ApiError(404, 'not_found', '终端未登记 (no such kiosk)')
    if (kiosk.state === 'revoked')
      return { kiosk: identityOf(kiosk), revoked: true, contact: null }
    await touchKiosk(db, id, at)
    return { kiosk: identityOf(kiosk), revoked: false, contact: contactToken(keys, id, at) }
  })
}

function limit(r: { ok: true } | { ok: false, retryAfterSec: number }, reply: FastifyReply): void {
  if (!r.ok) {
    reply.header('retry-after', String(r.retryAfterSec))
    throw new ApiError(429, 'rate_limited', `请求过于频繁，请 ${r.retryAfterSec} 秒后再试 (too many requests)`)
  }
}
