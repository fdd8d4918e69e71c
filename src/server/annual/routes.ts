/**
 * Annual report drafts (issue 20), under the staff plugin:
 *   GET   /api/staff/annual?year                 the year's drafts
 *   POST  /api/staff/annual                      { agencyId, year }: generate (or refresh) the draft
 *   GET   /api/staff/annual/overview?year        every agency: published, and by 31 January?
 *   GET   /api/staff/annual/:id                  draft, its text, the citizens' preview, the check
 *   PATCH /api/staff/annual/:id                  { version, sections?, adminFeesWan? }
 *   POST  /api/staff/annual/:id/redraft          { version }: 一、总体情况 back to the drafted text
 *   GET   /api/staff/annual/:id/sources?key      the records behind one figure
 *   POST  /api/staff/annual/:id/publish          { version }: check, then publish as a report
 * Schemas and guards only; the rules are in service.ts, the SQL in store.ts.
 */
import type { FastifyInstance } from 'fastify'
import type { StaffPluginOptions } from '../staff/routes'
import type { DraftEdit } from './service'
import { requireCap } from '../staff/auth'
import { annualService } from './service'

const TAGS = ['annual']
const year = { type: 'integer', minimum: 2008, maximum: 2100 } as const
const version = { type: 'integer', minimum: 1 } as const
const idParams = { type: 'object', required: ['id'], properties: { id: { type: 'string', pattern: '^ad-[0-9a-f]{16}$', description: 'draft id' } } } as const
const section = { type: 'string', maxLength: 20_000 } as const

export async function annualRoutes(app: FastifyInstance, { ctx, options }: StaffPluginOptions): Promise<void> {
  const annual = annualService({ db: ctx.db, defaultAgency: options.defaultAgency })
  const actor = (req: { staff?: { user: never } | null, ip: string }) => ({ user: req.staff!.user, ip: req.ip })

  app.get('/api/staff/annual', {
    preValidation: requireCap('importReports'),
    schema: { tags: TAGS, summary: 'The year\'s annual report drafts', querystring: { type: 'object', required: ['year'], properties: { year } } },
  }, async req => ({ drafts: await annual.list((req.query as { year: number }).year) }))

  app.post('/api/staff/annual', {
    preValidation: requireCap('importReports'),
    schema: { tags: TAGS, summary: 'Generate (or refresh) the annual report draft of an agency and year', body: { type: 'object', required: ['agencyId', 'year'], additionalProperties: false, properties: { agencyId: { type: 'string', minLength: 1, maxLength: 100 }, year } } },
  }, async (req, reply) => {
    const b = req.body as { agencyId: string, year: number }
    const out = await annual.generate(b.agencyId, b.year, actor(req as never))
    reply.status(out.created ? 201 : 200)
    return out
  })

  app.get('/api/staff/annual/overview', {
    preValidation: requireCap('readStatistics'),
    schema: { tags: TAGS, summary: 'Which agencies published the year\'s report, and whether by 31 January', querystring: { type: 'object', required: ['year'], properties: { year } } },
  }, async req => annual.overview((req.query as { year: number }).year))

  app.get('/api/staff/annual/:id', {
    preValidation: requireCap('importReports'),
    schema: { tags: TAGS, summary: 'A draft, its text, the citizens\' preview and the consistency check', params: idParams },
  }, async req => annual.get((req.params as { id: string }).id))

  app.patch('/api/staff/annual/:id', {
    preValidation: requireCap('importReports'),
    schema: {
      tags: TAGS,
      summary: 'Edit a draft\'s sections or the amounts staff enter',
      params: idParams,
      body: {
        type: 'object',
        required: ['version'],
        additionalProperties: false,
        properties: {
          version,
          sections: { type: 'object', additionalProperties: false, properties: { overview: section, proactive: section, requests: section, appeals: section, problems: section, other: section } },
          adminFeesWan: { type: 'number', minimum: 0, maximum: 1e9 },
        },
      },
    },
  }, async req => annual.edit((req.params as { id: string }).id, req.body as DraftEdit, actor(req as never)))

  app.post('/api/staff/annual/:id/redraft', {
    preValidation: requireCap('importReports'),
    schema: { tags: TAGS, summary: 'Put 一、总体情况 back to the text drafted from the figures', params: idParams, body: { type: 'object', required: ['version'], additionalProperties: false, properties: { version } } },
  }, async req => annual.redraftOverview((req.params as { id: string }).id, (req.body as { version: number }).version, actor(req as never)))

  app.get('/api/staff/annual/:id/sources', {
    preValidation: requireCap('importReports'),
    schema: { tags: TAGS, summary: 'The applications, catalog entries or appeals behind one figure', params: idParams, querystring: { type: 'object', required: ['key'], properties: { key: { type: 'string', minLength: 1, maxLength: 100 } } } },
  }, async req => annual.sources((req.params as { id: string }).id, (req.query as { key: string }).key))

  app.post('/api/staff/annual/:id/publish', {
    preValidation: requireCap('publishFigures'),
    schema: { tags: TAGS, summary: 'Check the draft with the importer, then publish it as the agency\'s annual report', params: idParams, body: { type: 'object', required: ['version'], additionalProperties: false, properties: { version } } },
  }, async req => annual.publish((req.params as { id: string }).id, (req.body as { version: number }).version, actor(req as never)))
}
