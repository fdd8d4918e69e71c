/**
 * Correction requests (条例 Art. 41):
 *   POST /api/corrections                          a citizen's request (idempotent on its UUIDv7; online only)
 *   GET  /api/corrections/track/:code              its status, with the status token the submission returned
 *   GET  /api/staff/corrections                    staff list, scoped to the caller's agencies, open first
 *   GET  /api/staff/corrections/statistics         a year's requests by outcome (the statistics page's own table)
 *   GET  /api/staff/corrections/:id                one request, personal data masked (404 outside the scope)
 *   POST /api/staff/corrections/:id/answer         the answer and its letter (audited; reveals the name)
 * Schemas and guards only; the rules are in service.ts, the SQL in store.ts.
 */
import type { FastifyInstance, FastifyPluginAsync } from 'fastify'
import type { CorrectionRequestInput } from '../../shared/corrections'
import type { AppContext } from '../platform/context'
import type { StaffPluginOptions } from '../staff/routes'
import type { CorrectionAnswer } from './service'
import { CORRECTION_LIMITS, CORRECTION_OUTCOME_CODES } from '../../shared/corrections'
import { normaliseTrackingCode } from '../../shared/submission'
import { ApiError } from '../platform/errors'
import { createRateLimiter } from '../platform/rate-limit'
import { requireCap } from '../staff/auth'
import { correctionService } from './service'

const L = CORRECTION_LIMITS
const str = (max: number) => ({ type: 'string', maxLength: max }) as const
const submitSchema = {
  type: 'object',
  required: ['v', 'id', 'agencyId', 'record', 'correction', 'personal'],
  properties: {
    v: { type: 'integer' },
    id: str(40),
    agencyId: str(64),
    record: str(L.record * 2),
    correction: str(L.correction * 2),
    evidence: str(L.evidence * 2),
    personal: {
      type: 'object',
      required: ['name', 'idType', 'idNumber'],
      properties: { name: str(L.name * 2), idType: { enum: ['residentId', 'uscc', 'other'] }, idNumber: str(L.idNumber), phone: str(L.phone), email: str(L.email) },
      additionalProperties: false,
    },
  },
  additionalProperties: false,
} as const

/** The citizen's side, registered by the app factory. */
export const correctionRoutes: FastifyPluginAsync<{ ctx: AppContext }> = async (app, { ctx }) => {
  const service = correctionService(ctx.db, ctx.keys, () => ctx.now?.() ?? new Date())
  const perAddress = createRateLimiter({ limit: 20, windowMs: 60_000 })
  const take = (key: string, reply: { header: (k: string, v: string) => unknown }) => {
    const r = perAddress.take(key)
    if (!r.ok) {
      reply.header('retry-after', String(r.retryAfterSec))
      throw new ApiError(429, 'rate_limited', `请求过于频繁，请 ${r.retryAfterSec} 秒后再试 (too many requests)`)
    }
  }

  app.post('/api/corrections', { schema: { tags: ['corrections'], summary: 'Submit a correction request (Art. 41; idempotent on its UUIDv7)', body: submitSchema } }, async (req, reply) => {
    take(req.ip, reply)
    const r = await service.submit(req.body as CorrectionRequestInput)
    reply.status(r.status)
    return r.body
  })

  app.get('/api/corrections/track/:code', {
    schema: { tags: ['corrections'], summary: 'A correction request\'s status, with its status token', params: { type: 'object', required: ['code'], properties: { code: str(40) } }, querystring: { type: 'object', required: ['token'], properties: { token: str(200) } } },
  }, async (req, reply) => {
    take(`t|${req.ip}`, reply)
    const code = normaliseTrackingCode((req.params as { code: string }).code)
    const found = code ? await service.track(code, (req.query as { token: string }).token) : null
    if (!found)
      throw new ApiError(404, 'not_found', '没有找到这份更正申请，请核对查询码 (no correction request matches)')
    return found
  })
}

const idParams = { type: 'object', required: ['id'], properties: { id: { type: 'string', format: 'uuid' } } } as const

/** The staff side, registered by the /api/staff plugin. */
export async function staffCorrectionRoutes(app: FastifyInstance, { ctx }: StaffPluginOptions): Promise<void> {
  const service = correctionService(ctx.db, ctx.keys)
  app.get('/api/staff/corrections', { preValidation: requireCap('readCases'), schema: { tags: ['corrections'], summary: 'Correction requests (Art. 41) of the caller\'s agencies, open first' } }, async req =>
    ({ items: await service.list(req.staffScope!) }))
  // Before /:id in intent (a fixed segment wins in find-my-way anyway): the statistics page's own table.
  app.get('/api/staff/corrections/statistics', {
    preValidation: requireCap('readStatistics'),
    schema: { tags: ['corrections'], summary: 'A year\'s correction requests by outcome (not in the annual report\'s table 3)', querystring: { type: 'object', required: ['year'], properties: { year: { type: 'integer', minimum: 2008, maximum: 2100 }, agencyId: { type: 'string', maxLength: 64 } } } },
  }, async (req) => {
    const q = req.query as { year: number, agencyId?: string }
    return service.statistics(q.year, q.agencyId ?? null, req.staffScope!)
  })
  app.get('/api/staff/corrections/:id', { preValidation: requireCap('readCases'), schema: { tags: ['corrections'], summary: 'One correction request, personal data masked', params: idParams } }, async req =>
    service.get((req.params as { id: string }).id, req.staffScope!))
  app.post('/api/staff/corrections/:id/answer', {
    preValidation: requireCap('workCases'),
    schema: {
      tags: ['corrections'],
      summary: 'Answer a correction request: corrected, not verified, or not this agency\'s (transferred or named); writes its letter (audited)',
      params: idParams,
      body: {
        type: 'object',
        required: ['outcome'],
        properties: { outcome: { enum: CORRECTION_OUTCOME_CODES }, referTo: { type: 'string', minLength: 1, maxLength: 64 }, transfer: { type: 'boolean' }, reason: { type: 'string', maxLength: 1000 } },
        additionalProperties: false,
      },
    },
  }, async req => service.answer((req.params as { id: string }).id, req.body as CorrectionAnswer, req.staffScope!, { user: req.staff!.user, ip: req.ip }))
}
