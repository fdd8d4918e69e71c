/**
 * The agency directory:
 *   GET /api/agencies                     { agencies: Agency[] } (public: the apply form and agency pages)
 *   GET /api/agencies/:id                 one agency
 *   GET /api/admin/agencies               the directory as stored (admin: an empty guide stays empty)
 *   PUT /api/admin/agencies/:id           create or replace one agency (admin)
 *   POST /api/admin/agencies/import       bulk import, text/csv or a JSON array; { imported, created, updated, errors }
 * Admin routes need a staff session whose role has the `admin` capability and the CSRF token
 * (staffGuard, docs/staff.md). Devices also get the directory through pull sync.
 */
import type { FastifyPluginAsync } from 'fastify'
import type { AgenciesResponse } from '../../shared/agencies/types'
import type { FieldError } from '../../shared/catalog/input'
import type { AppContext } from '../platform/context'
import { AGENCY_ID, parseAgencyInput } from '../../shared/agencies/input'
import { csvRecords } from '../../shared/catalog/input'
import { ApiError, badField, notFound } from '../platform/errors'
import { staffGuard } from '../staff/auth'
import { AgencyConflict, csvAgencyRecords, directory, importAgencies, saveAgency, withGuide } from './service'
import { getAgency, listAgencies } from './store'

const IMPORT_LIMIT = 5 * 1024 * 1024
const IMPORT_MAX_ROWS = 5_000

function invalid(errors: FieldError[]): ApiError {
  return new ApiError(400, 'invalid_field', errors[0]!.message, errors[0]!.field, { errors })
}

const idParam = { type: 'object', properties: { id: { type: 'string' } }, required: ['id'] } as const

export const agencyRoutes: FastifyPluginAsync<{ ctx: AppContext }> = async (app, { ctx }) => {
  app.get('/api/agencies', { schema: { tags: ['agencies'], summary: 'The agency directory (public)' } }, async (): Promise<AgenciesResponse> => ({ agencies: await directory(ctx.db) }))

  app.get('/api/agencies/:id', { schema: { tags: ['agencies'], summary: 'One agency with its disclosure guide', params: idParam } }, async (req) => {
    const { id } = req.params as { id: string }
    if (!AGENCY_ID.test(id))
      throw badField('id', '机构编号格式不正确 (malformed agency id)')
    const a = await getAgency(ctx.db, id)
    if (!a)
      throw notFound(`机构 ${id}`)
    return withGuide(a)
  })

  await app.register(async (admin) => {
    // onRequest, before any body is read: an anonymous upload is refused without parsing it.
    admin.addHook('onRequest', staffGuard(ctx.db, 'admin', ctx.staff?.idleMs))
    admin.addContentTypeParser('text/csv', { parseAs: 'string', bodyLimit: IMPORT_LIMIT }, (_req, body, done) => done(null, body))

    // The edit form needs the stored guide: empty means "the standard one", which follows the office's details.
    admin.get('/api/admin/agencies', { schema: { tags: ['agencies'], summary: 'The directory as stored, inactive agencies and empty guides included (admin)' } }, async (): Promise<AgenciesResponse> => ({ agencies: await listAgencies(ctx.db) }))

    admin.put('/api/admin/agencies/:id', { schema: { tags: ['agencies'], summary: 'Create or replace one agency (admin)', params: idParam } }, async (req) => {
      const { id } = req.params as { id: string }
      if (!AGENCY_ID.test(id))
        throw badField('id', '机构编号只能含字母、数字、_ 和 - (malformed agency id)')
      const parsed = parseAgencyInput(req.body, id)
      if (!parsed.ok)
        throw invalid(parsed.errors)
      try {
        return await saveAgency(ctx.db, parsed.value, { user: req.staff!.user, ip: req.ip })
      }
      catch (err) {
        if (err instanceof AgencyConflict)
          throw invalid(err.errors)
        throw err
      }
    })

    admin.post('/api/admin/agencies/import', { bodyLimit: IMPORT_LIMIT, schema: { tags: ['agencies'], summary: 'Bulk import agencies from text/csv or a JSON array (admin); row errors' } }, async (req) => {
      const csv = typeof req.body === 'string'
      const records = csv ? csvAgencyRecords(csvRecords(req.body as string)) : req.body
      if (!Array.isArray(records))
        throw badField('body', '请上传 CSV 文件或机构数组 (send text/csv or a JSON array of agencies)')
      if (!records.length)
        throw badField('body', '文件中没有机构 (no agencies in the upload)')
      if (records.length > IMPORT_MAX_ROWS)
        throw badField('body', `一次最多导入 ${IMPORT_MAX_ROWS} 个机构 (too many rows)`)
      // CSV rows are numbered as a spreadsheet shows them: the header is row 1.
      return importAgencies(ctx.db, records as Record<string, unknown>[], csv ? 2 : 1, { user: req.staff!.user, ip: req.ip })
    })
  })
}
