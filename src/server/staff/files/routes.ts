/**
 * A case's files on the staff side:
 *   GET    /api/staff/applications/:id/files               补正材料, the answer's documents, the mailing number
 *   POST   /api/staff/applications/:id/files               attach a document to the answer (idempotent on its id)
 *   GET    /api/staff/applications/:id/files/:fileId       download any file of the case
 *   DELETE /api/staff/applications/:id/files/:fileId       remove an answer document before the answer
 *   POST   /api/staff/applications/:id/mailing             a paper delivery's postal tracking number
 * Rules in server/case-files/service.ts.
 */
import type { FastifyInstance } from 'fastify'
import type { CaseFileRef, CaseFilesResponse } from '../../../shared/files'
import type { StaffPluginOptions } from '../routes'
import { CASE_FILE_LIMITS, FILE_NAME_MAX } from '../../../shared/files'
import { DEFAULT_APPLICATION_LIMITS } from '../../applications/limits'
import { sendDownload } from '../../case-files/download'
import { caseFilesService } from '../../case-files/service'
import { requireCap } from '../auth'
import { caseService } from '../cases/service'

const idParams = { type: 'object', required: ['id'], properties: { id: { type: 'string', format: 'uuid' } } } as const
const fileParams = { type: 'object', required: ['id', 'fileId'], properties: { id: { type: 'string', format: 'uuid' }, fileId: { type: 'string', format: 'uuid' } } } as const
/** base64 of the largest answer file, with room for the JSON around it. */
const UPLOAD_BODY_BYTES = Math.ceil(CASE_FILE_LIMITS.answer.perFileBytes * 4 / 3) + 64 * 1024

export async function staffFileRoutes(app: FastifyInstance, { ctx, options }: StaffPluginOptions): Promise<void> {
  const keys = ctx.keys
  const limits = { ...DEFAULT_APPLICATION_LIMITS, ...ctx.applicationLimits }
  const cases = caseService({ db: ctx.db, keys, defaultAgency: options.defaultAgency, notifier: app.notifier })
  const files = caseFilesService({ db: ctx.db, keys, cases, budget: { failures: limits.trackGuessBudget, windowSec: limits.trackGuessWindowSec }, now: () => ctx.now?.() ?? new Date() })

  app.get('/api/staff/applications/:id/files', { preValidation: requireCap('readCases'), schema: { tags: ['cases'], summary: 'A case\'s files: 补正材料 from the applicant, the answer\'s documents, the mailing number', params: idParams } }, async (req): Promise<CaseFilesResponse> =>
    files.caseFiles((req.params as { id: string }).id))

  app.post('/api/staff/applications/:id/files', {
    preValidation: requireCap('workCases'),
    bodyLimit: UPLOAD_BODY_BYTES,
    schema: {
      tags: ['cases'],
      summary: 'Attach a document to the answer (type sniffed from its bytes; idempotent on its id)',
      params: idParams,
      body: { type: 'object', required: ['id', 'name', 'data'], additionalProperties: false, properties: { id: { type: 'string', format: 'uuid' }, name: { type: 'string', minLength: 1, maxLength: FILE_NAME_MAX * 2 }, data: { type: 'string', minLength: 1, description: 'the file\'s bytes, base64' } } },
    },
  }, async (req, reply): Promise<CaseFileRef> => {
    const r = await files.attach((req.params as { id: string }).id, req.body as { id: string, name: string, data: string }, req.staff!.user, req.ip)
    reply.status(r.status)
    return r.body
  })

  app.get('/api/staff/applications/:id/files/:fileId', { preValidation: requireCap('readCases'), schema: { tags: ['cases'], summary: 'Download one file of a case', params: fileParams } }, async (req, reply) => {
    const { id, fileId } = req.params as { id: string, fileId: string }
    return sendDownload(reply, await files.staffFile(id, fileId))
  })

  app.delete('/api/staff/applications/:id/files/:fileId', { preValidation: requireCap('workCases'), schema: { tags: ['cases'], summary: 'Remove a document from the answer before it is sent', params: fileParams } }, async (req, reply) => {
    const { id, fileId } = req.params as { id: string, fileId: string }
    await files.detach(id, fileId, req.staff!.user, req.ip)
    reply.status(204)
  })

  app.post('/api/staff/applications/:id/mailing', {
    preValidation: requireCap('workCases'),
    schema: { tags: ['cases'], summary: 'Record the postal tracking number of a paper delivery', params: idParams, body: { type: 'object', required: ['number'], additionalProperties: false, properties: { number: { type: 'string', minLength: 4, maxLength: 40, pattern: '^[A-Za-z0-9-]+$' } } } },
  }, async (req): Promise<CaseFilesResponse> => {
    const { id } = req.params as { id: string }
    await files.recordMailing(id, (req.body as { number: string }).number, req.staff!.user, req.ip)
    return files.caseFiles(id)
  })
}
