/**
 * 行政复议 / 行政诉讼 records ("appeals"):
 *   GET   /api/staff/appeals        every record
 *   POST  /api/staff/appeals        record one
 *   PATCH /api/staff/appeals/:id    change one
 * The same routes also answer under /api/staff/reviews, their first name, until the staff pages
 * have moved to the new one (hidden from the OpenAPI document; remove once nothing calls them).
 */
import type { FastifyInstance } from 'fastify'
import type { AppealRecordDto } from '../../../shared/review/api'
import type { StaffPluginOptions } from '../routes'
import { requireCap } from '../auth'
import { appealService } from './service'

const body = {
  type: 'object',
  properties: {
    agency: { type: 'string', minLength: 1, maxLength: 100 },
    kind: { enum: ['reconsideration', 'lawsuitDirect', 'lawsuitAfterReconsideration'] },
    filedDate: { type: 'string', format: 'date' },
    result: { enum: ['upheld', 'corrected', 'other', null] },
    concludedDate: { anyOf: [{ type: 'string', format: 'date' }, { type: 'null' }] },
    applicationId: { anyOf: [{ type: 'string', format: 'uuid' }, { type: 'null' }] },
    note: { anyOf: [{ type: 'string', maxLength: 1000 }, { type: 'null' }] },
  },
  additionalProperties: false,
} as const

const idParams = { type: 'object', properties: { id: { type: 'string', format: 'uuid' } } } as const

export async function staffAppealRoutes(app: FastifyInstance, { ctx, options }: StaffPluginOptions): Promise<void> {
  const appeals = appealService({ db: ctx.db, defaultAgency: options.defaultAgency })

  for (const [base, hide] of [['/api/staff/appeals', false], ['/api/staff/reviews', true]] as const) {
    app.get(base, { schema: { tags: ['appeals'], summary: '行政复议 / 行政诉讼 records', hide }, preValidation: requireCap('readStatistics') }, async () => ({ records: await appeals.list() }))

    app.post(base, {
      preValidation: requireCap('recordReviews'),
      schema: { tags: ['appeals'], summary: 'Record a 行政复议 or 行政诉讼', hide, body: { ...body, required: ['kind', 'filedDate'] } },
    }, async (req, reply) => {
      const record = await appeals.create(req.body as Partial<AppealRecordDto>, { user: req.staff!.user, ip: req.ip })
      reply.status(201)
      return { record }
    })

    app.patch(`${base}/:id`, {
      preValidation: requireCap('recordReviews'),
      schema: { tags: ['appeals'], summary: 'Change a 行政复议 / 行政诉讼 record', hide, params: idParams, body },
    }, async req => ({ record: await appeals.update((req.params as { id: string }).id, req.body as Partial<AppealRecordDto>, { user: req.staff!.user, ip: req.ip }) }))
  }
}
