/**
 * The applicant's side of a case's files:
 *   POST /api/applications/track/:code/amendments         answer a 补正 (idempotent on the device's UUIDv7)
 *   GET  /api/applications/track/:code/files/:fileId       a disclosed document, once answered (download)
 *   GET  /api/applications/track/:code/letter              the 告知书, once answered (download, plain text)
 * Each proven by the device's status token or the phone's last four digits, as tracking is; an
 * unknown code and a wrong proof answer the same 404. Rules in service.ts.
 */
import type { FastifyPluginAsync, FastifyReply } from 'fastify'
import type { TrackingProof } from '../applications/proof'
import type { AppContext } from '../platform/context'
import type { RateLimiter } from '../platform/rate-limit'
import { normaliseTrackingCode } from '../../shared/submission'
import { DEFAULT_APPLICATION_LIMITS } from '../applications/limits'
import { ApiError } from '../platform/errors'
import { createRateLimiter } from '../platform/rate-limit'
import { DEFAULT_STAFF_OPTIONS } from '../staff/auth'
import { caseService } from '../staff/cases/service'
import { sendDownload } from './download'
import { caseFilesService } from './service'

/** The largest 补正 request: 10 MB of files, base64 inside a sealed box, base64 again. */
const AMENDMENT_BODY_BYTES = 20 * 1024 * 1024

const codeParams = { type: 'object', required: ['code'], properties: { code: { type: 'string', maxLength: 40, description: 'tracking code' } } } as const
const fileParams = { type: 'object', required: ['code', 'fileId'], properties: { code: { type: 'string', maxLength: 40, description: 'tracking code' }, fileId: { type: 'string', maxLength: 40, description: 'the file\'s id' } } } as const
const proofQuery = { type: 'object', properties: { phone4: { type: 'string', maxLength: 8, description: 'the last four digits of the applicant\'s phone' }, token: { type: 'string', maxLength: 80, description: 'the status token the device got on submission' } } } as const

function limit(limiter: RateLimiter, key: string, reply: FastifyReply): void {
  const r = limiter.take(key)
  if (!r.ok) {
    reply.header('retry-after', String(r.retryAfterSec))
    throw new ApiError(429, 'rate_limited', `请求过于频繁，请 ${r.retryAfterSec} 秒后再试 (too many requests)`, undefined, { retryAfterSec: r.retryAfterSec })
  }
}

export const caseFileRoutes: FastifyPluginAsync<{ ctx: AppContext }> = async (app, { ctx }) => {
  const keys = ctx.keys
  const limits = { ...DEFAULT_APPLICATION_LIMITS, ...ctx.applicationLimits }
  const cases = caseService({ db: ctx.db, keys, defaultAgency: ctx.staff?.defaultAgency ?? DEFAULT_STAFF_OPTIONS.defaultAgency, notifier: app.notifier })
  const service = caseFilesService({ db: ctx.db, keys, cases, budget: { failures: limits.trackGuessBudget, windowSec: limits.trackGuessWindowSec }, now: () => ctx.now?.() ?? new Date() })
  const minute = 60_000
  // Uploads are heavy: a few per minute per address; downloads share the tracking look-ups' rate per address.
  const uploads = createRateLimiter({ limit: limits.submitPerDevice, windowMs: minute })
  const downloads = createRateLimiter({ limit: limits.trackPerAddress, windowMs: minute })
  const codeOf = (raw: string) => normaliseTrackingCode(raw.slice(0, 40))

  app.post('/api/applications/track/:code/amendments', {
    bodyLimit: AMENDMENT_BODY_BYTES,
    schema: { tags: ['applications'], summary: 'Answer a 补正 request: text and files sealed to the agency key (idempotent on the device\'s UUIDv7)', params: codeParams },
  }, async (req, reply) => {
    limit(uploads, req.ip, reply)
    const result = await service.submitAmendment(codeOf((req.params as { code: string }).code), req.body)
    reply.status(result.status)
    return result.body
  })

  app.get('/api/applications/track/:code/files/:fileId', {
    schema: { tags: ['applications'], summary: 'A document disclosed with the answer (download only)', params: fileParams, querystring: proofQuery },
  }, async (req, reply) => {
    limit(downloads, req.ip, reply)
    const { code, fileId } = req.params as { code: string, fileId: string }
    const f = await service.applicantFile(codeOf(code), req.query as TrackingProof, fileId)
    return sendDownload(reply, f)
  })

  app.get('/api/applications/track/:code/letter', {
    schema: { tags: ['applications'], summary: 'The answer letter (告知书) as plain text (download only)', params: codeParams, querystring: proofQuery },
  }, async (req, reply) => {
    limit(downloads, req.ip, reply)
    const l = await service.applicantLetter(codeOf((req.params as { code: string }).code), req.query as TrackingProof)
    return sendDownload(reply, { name: `告知书-${l.trackingCode}.txt`, contentType: 'text/plain; charset=utf-8', bytes: Buffer.from(l.letter, 'utf8') })
  })
}
