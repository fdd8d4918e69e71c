/**
 * The queue, the case page and case actions:
 *   GET  /api/staff/applications               queue (filters: status, channel, agency, dueWithin, overdue,
 *                                              code = start of a tracking code; keyset pages: limit, after = next)
 *   GET  /api/staff/applications/:id           one case, personal data masked
 *   POST /api/staff/applications/:id/reveal    the decrypted personal data (audited)
 *   POST /api/staff/applications/:id/actions   one step of the case (audited), see CaseAction
 *   POST /api/staff/applications/:id/letter    the first draft of the 告知书 for an outcome (audited: real name)
 * Schemas and guards only; the rules are in service.ts, the SQL in store.ts.
 */
import type { FastifyInstance } from 'fastify'
import type { OutcomeCode } from '../../../shared/outcomes'
import type { CaseAction, CaseDetail, QueueResponse, RevealResponse } from '../../../shared/review/api'
import type { StaffPluginOptions } from '../routes'
import type { QueueFilter } from './service'
import { OUTCOME_CODES } from '../../../shared/outcomes'
import { CASE_ACTION_TYPES, CASE_STATUSES } from '../../../shared/review/api'
import { requireCap } from '../auth'
import { draftLetter } from '../letters/service'
import { caseService, QUEUE_PAGE_MAX } from './service'

const idParams = { type: 'object', required: ['id'], properties: { id: { type: 'string', format: 'uuid' } } } as const
const when = { type: 'string', maxLength: 40 } as const
const note = { type: 'string', maxLength: 2000 } as const
/** A supervisor's reason for a late step (shared/review/workflow.ts decides who may give one). */
const override = { type: 'object', required: ['reason'], properties: { reason: { type: 'string', minLength: 1, maxLength: 1000 } }, additionalProperties: false } as const

/** A fee notice's 109号 calculation (shared/fees): one method per application. */
const feeBasis = {
  type: 'object',
  required: ['method'],
  properties: { method: { enum: ['perItem', 'perPage'] }, nthInMonth: { type: 'integer', minimum: 1, maximum: 10000 }, pages: { type: 'integer', minimum: 1, maximum: 1000000 } },
  additionalProperties: false,
} as const
const feeReduction = { type: 'object', required: ['yuan', 'reason'], properties: { yuan: { type: 'number', minimum: 0, maximum: 1e7 }, reason: { type: 'string', minLength: 1, maxLength: 500 } }, additionalProperties: false } as const

/**
 * JSON schema of CaseAction: if/then per `type` (not oneOf with additionalProperties: false, which
 * Fastify's removeAdditional would apply branch by branch and strip the fields of later branches).
 */
const actionSchema = {
  type: 'object',
  required: ['type'],
  properties: { type: { type: 'string', enum: CASE_ACTION_TYPES } },
  allOf: [
    { if: { properties: { type: { const: 'register' } } }, then: { properties: { channel: { enum: ['inPerson', 'online', 'post', 'fax'] }, receivedOn: { type: 'string', format: 'date' }, agency: { type: 'string', minLength: 1, maxLength: 100 }, note, at: when }, required: ['channel'] } },
    { if: { properties: { type: { const: 'requestAmendment' } } }, then: { properties: { items: { type: 'string', minLength: 1, maxLength: 2000 }, replyWithinWorkingDays: { type: 'integer', minimum: 1, maximum: 60 }, note, at: when, override }, required: ['items'] } },
    { if: { properties: { type: { const: 'amendmentReceived' } } }, then: { properties: { note, at: when } } },
    { if: { properties: { type: { const: 'requestExtension' } } }, then: { properties: { workingDays: { type: 'integer', minimum: 1, maximum: 20 }, reason: { type: 'string', minLength: 1, maxLength: 1000 }, at: when, override }, required: ['workingDays', 'reason'] } },
    { if: { properties: { type: { const: 'decideExtension' } } }, then: { properties: { approve: { type: 'boolean' }, note, at: when, override }, required: ['approve'] } },
    { if: { properties: { type: { const: 'consultationStarted' } } }, then: { properties: { party: { enum: ['thirdParty', 'agency'] }, ref: { type: 'string', maxLength: 200 }, receivedOn: { type: 'string', format: 'date' }, note, at: when }, required: ['party'] } },
    { if: { properties: { type: { const: 'consultationReceived' } } }, then: { properties: { note, at: when } } },
    { if: { properties: { type: { const: 'consultationEnded' } } }, then: { properties: { note, at: when } } },
    { if: { properties: { type: { const: 'feeNotice' } } }, then: { properties: { amountYuan: { type: 'number', exclusiveMinimum: 0, maximum: 1e7 }, basis: feeBasis, reduction: feeReduction, note, at: when }, required: ['amountYuan'] } },
    { if: { properties: { type: { const: 'feePaid' } } }, then: { properties: { note, at: when } } },
    { if: { properties: { type: { const: 'requireReasons' } } }, then: { properties: { text: { type: 'string', minLength: 1, maxLength: 2000 }, note, at: when }, required: ['text'] } },
    { if: { properties: { type: { const: 'setReasonablePeriod' } } }, then: { properties: { dueDate: { type: 'string', format: 'date' }, reason: { type: 'string', minLength: 1, maxLength: 1000 }, note, at: when, override }, required: ['dueDate', 'reason'] } },
    { if: { properties: { type: { const: 'answer' } } }, then: { properties: { outcome: { enum: OUTCOME_CODES }, letter: { type: 'string', minLength: 1, maxLength: 20000 }, referTo: { type: 'string', minLength: 1, maxLength: 64 }, note, at: when }, required: ['outcome', 'letter'] } },
  ],
} as const

export async function staffCaseRoutes(app: FastifyInstance, { ctx, options }: StaffPluginOptions): Promise<void> {
  const cases = caseService({ db: ctx.db, keys: ctx.keys, defaultAgency: options.defaultAgency, notifier: app.notifier })

  app.get('/api/staff/applications', {
    preValidation: requireCap('readCases'),
    schema: {
      tags: ['cases'],
      summary: 'The queue: filters, search by tracking code, keyset pages',
      querystring: {
        type: 'object',
        properties: {
          status: { type: 'string', enum: [...CASE_STATUSES, 'active'] },
          channel: { type: 'string', enum: ['inPerson', 'online', 'post', 'fax'] },
          agency: { type: 'string', maxLength: 100, description: 'a name on cases with no agency id' },
          agencyId: { type: 'string', minLength: 1, maxLength: 100, description: 'a directory agency' },
          dueWithin: { type: 'integer', minimum: 0, maximum: 60 },
          overdue: { type: 'boolean' },
          code: { type: 'string', maxLength: 40, description: 'the start of a tracking code' },
          after: { type: 'string', maxLength: 200, description: '`next` of the previous page' },
          limit: { type: 'integer', minimum: 1, maximum: QUEUE_PAGE_MAX },
        },
      },
    },
  }, async (req): Promise<QueueResponse> => cases.queue(req.query as QueueFilter, req.staffScope!))

  app.get('/api/staff/applications/:id', { preValidation: requireCap('readCases'), schema: { tags: ['cases'], summary: 'One case, personal data masked', params: idParams } }, async (req): Promise<CaseDetail> =>
    cases.getCase((req.params as { id: string }).id))

  app.post('/api/staff/applications/:id/reveal', {
    preValidation: requireCap('workCases'),
    schema: { tags: ['cases'], summary: 'The decrypted personal data of a case (audited)', params: idParams, body: { type: 'object', properties: { reason: { type: 'string', maxLength: 500 } } } },
  }, async (req): Promise<RevealResponse> =>
    cases.reveal((req.params as { id: string }).id, { user: req.staff!.user, ip: req.ip }, (req.body as { reason?: string } | undefined)?.reason ?? null))

  app.post('/api/staff/applications/:id/actions', {
    preValidation: requireCap('workCases'),
    schema: { tags: ['cases'], summary: 'One step of the case (audited); refusals carry details.reason', params: idParams, body: actionSchema },
  }, async (req): Promise<CaseDetail> =>
    cases.act((req.params as { id: string }).id, req.body as CaseAction, { user: req.staff!.user, ip: req.ip }))

  app.post('/api/staff/applications/:id/letter', {
    preValidation: requireCap('workCases'),
    schema: {
      tags: ['cases'],
      summary: 'The first draft of the reply letter for an outcome, with the real name (audited)',
      params: idParams,
      body: { type: 'object', required: ['outcome'], properties: { outcome: { type: 'string', enum: OUTCOME_CODES }, referTo: { type: 'string', minLength: 1, maxLength: 64 } }, additionalProperties: false },
    },
  }, async (req): Promise<{ letter: string }> => {
    const d = await cases.getCase((req.params as { id: string }).id)
    return draftLetter({ db: ctx.db, keys: ctx.keys, defaultAgency: options.defaultAgency }, d, req.body as { outcome: OutcomeCode, referTo?: string }, { user: req.staff!.user, ip: req.ip })
  })
}
