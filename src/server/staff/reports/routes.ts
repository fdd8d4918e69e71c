/**
 * Staff work on annual reports (issue 3):
 *   GET   /api/staff/reports                       every report, drafts too
 *   POST  /api/staff/reports?name=FILE&region=…     upload a text/HTML file (raw bytes) → importer → draft
 *   GET   /api/staff/reports/:id                   text, imported figures, staff reviews
 *   PATCH /api/staff/reports/:id/figures           confirm or correct figures (recorded with who did it)
 *   POST  /api/staff/reports/:id/publish           { version }: make public with every confirmed figure
 * The upload is raw bytes rather than JSON so the server decodes GBK pages exactly as the CLI does,
 * and a too-large file is refused from its Content-Length before anything is read.
 */
import type { FastifyError, FastifyInstance } from 'fastify'
import type { FigureReviewInput } from '../../reports/store'
import type { StaffPluginOptions } from '../routes'
import { createHash } from 'node:crypto'
import { REPORT_UPLOAD_MAX_BYTES } from '../../../shared/api'
import { UNKNOWN_AGENCY } from '../../../shared/importer'
import { ApiError, badField, notFound } from '../../platform/errors'
import { decodeReport } from '../../reports/import-files'
import { getStaffReport, listStaffReports, publishReport, reportIdFor, reviewFigures, upsertReport } from '../../reports/store'
import { importUpload, publishBody } from '../../reports/upload'
import { requireCap } from '../auth'
import { audit } from '../store'

const ID = /^[\w-]{1,64}$/
/** METRICS.md keys: dotted words, category names in Chinese, an optional @column suffix. */
const FIGURE_KEY = /^[a-z]+(?:\.[\w\u3400-\u9FFF（）()、·-]{1,40}){0,3}(?:@[a-z]+)?$/i

function checkId(id: string): void {
  if (!ID.test(id))
    throw badField('id', '报告编号格式不正确 (malformed report id)')
}

const figuresBody = {
  type: 'object',
  required: ['figures'],
  additionalProperties: false,
  properties: {
    figures: {
      type: 'array',
      minItems: 1,
      maxItems: 500,
      items: {
        type: 'object',
        required: ['key', 'value'],
        additionalProperties: false,
        properties: {
          key: { type: 'string', minLength: 1, maxLength: 100 },
          value: { type: 'number', minimum: 0, maximum: 1e12 },
          unit: { type: 'string', minLength: 1, maxLength: 10 },
          approx: { type: 'boolean' },
        },
      },
    },
  },
} as const

export async function staffReportRoutes(app: FastifyInstance, { ctx }: StaffPluginOptions): Promise<void> {
  const { db } = ctx
  const readReport = importUpload(app)
  // Scoped to this plugin: only the upload route takes raw bytes.
  app.addContentTypeParser(['application/octet-stream', 'text/html'], { parseAs: 'buffer', bodyLimit: REPORT_UPLOAD_MAX_BYTES }, (_req, body, done) => done(null, body))

  // Errors Fastify raises before our handler runs, said about the file: the rest go to the app's handler.
  app.setErrorHandler((err: FastifyError, _req, reply) => {
    if (err.code === 'FST_ERR_CTP_BODY_TOO_LARGE')
      return reply.status(413).send(new ApiError(413, 'payload_too_large', `文件超过 ${REPORT_UPLOAD_MAX_BYTES / 1024 / 1024} MB：请只上传报告正文的文本或网页文件 (file too large)`, 'file').toJSON())
    if (err.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE')
      return reply.status(415).send(new ApiError(415, 'unsupported_media_type', '请以文件形式上传（application/octet-stream 或 text/html）(send the file as raw bytes)', 'file').toJSON())
    throw err
  })

  app.get('/api/staff/reports', { preValidation: requireCap('importReports') }, async () => ({ reports: await listStaffReports(db) }))

  app.post('/api/staff/reports', { preValidation: requireCap('importReports'), bodyLimit: REPORT_UPLOAD_MAX_BYTES }, async (req, reply) => {
    const q = req.query as Record<string, unknown>
    const name = typeof q.name === 'string' ? q.name.trim() : ''
    if (!name || name.length > 200)
      throw badField('name', '请给出文件名 (file name missing or too long)')
    const region = typeof q.region === 'string' && q.region.trim() ? q.region.trim().slice(0, 50) : null
    const body = req.body
    const bytes = Buffer.isBuffer(body) ? body : typeof body === 'string' ? Buffer.from(body) : null
    if (!bytes)
      throw new ApiError(415, 'unsupported_media_type', '请以文件形式上传 (send the file as application/octet-stream)', 'file')
    const r = await readReport(decodeReport(bytes), reply)
    if (r.format === 'empty' || r.format === 'binary') {
      const why = r.problems[0]?.message ?? ''
      throw badField('file', `文件无法作为报告读取：${why || (r.format === 'empty' ? '文件为空' : '不是文本或网页文件')}。请上传 .txt 或 .html 格式的报告 (not a readable text or HTML report)`)
    }
    const hash = createHash('sha256').update(bytes).digest('hex')
    const id = await reportIdFor(db, r, hash, r.agency !== UNKNOWN_AGENCY)
    const existing = await getStaffReport(db, id)
    if (existing?.visibility === 'public')
      throw new ApiError(409, 'already_published', `${r.agency} ${r.year ?? ''} 年度报告已经发布，可在列表中打开它核对数据 (this report is already published)`, 'file', { id })
    await upsertReport(db, {
      id,
      title: r.title || name,
      agency: r.agency,
      year: r.year,
      publishedAt: r.publishedAt,
      template: r.template,
      region,
      body: r.text,
      sourceName: name,
      figures: r.figures,
      problems: r.problems,
      sections: r.sections,
      format: r.format,
      contentHash: hash,
      visibility: 'draft',
      uploadedBy: req.staff!.user.username,
    })
    await audit(db, { actor: req.staff!.user, action: 'report.upload', targetType: 'report', targetId: id, ip: req.ip, details: { name, bytes: bytes.length, figures: Object.keys(r.figures).length, problems: r.problems.length } })
    return { report: await getStaffReport(db, id) }
  })

  app.get('/api/staff/reports/:id', { preValidation: requireCap('importReports') }, async (req) => {
    const { id } = req.params as { id: string }
    checkId(id)
    const report = await getStaffReport(db, id)
    if (!report)
      throw notFound(`报告 ${id}`)
    return { report }
  })

  app.patch('/api/staff/reports/:id/figures', { preValidation: requireCap('importReports'), schema: { body: figuresBody } }, async (req) => {
    const { id } = req.params as { id: string }
    checkId(id)
    const { figures } = req.body as { figures: FigureReviewInput[] }
    for (const [i, f] of figures.entries()) {
      if (!FIGURE_KEY.test(f.key))
        throw badField(`figures/${i}/key`, `指标名称“${f.key.slice(0, 40)}”不符合规范 (not a figure key of METRICS.md)`)
    }
    if (!await getStaffReport(db, id))
      throw notFound(`报告 ${id}`)
    await reviewFigures(db, id, figures, req.staff!.user.username)
    await audit(db, { actor: req.staff!.user, action: 'report.figures', targetType: 'report', targetId: id, ip: req.ip, details: { figures } })
    return { report: await getStaffReport(db, id) }
  })

  app.post('/api/staff/reports/:id/publish', { preValidation: requireCap('publishFigures'), schema: { body: publishBody } }, async (req) => {
    const { id } = req.params as { id: string }
    checkId(id)
    const current = await getStaffReport(db, id)
    if (!current)
      throw notFound(`报告 ${id}`)
    const { version } = req.body as { version: number }
    const published = await publishReport(db, id, req.staff!.user.username, version)
    if (published === null)
      throw new ApiError(409, 'stale_version', '报告在您核对之后被重新上传：请重新打开报告，核对新版本后再发布 (the report was re-uploaded since you reviewed it: review the new version first)', 'version', { version: current.version })
    await audit(db, { actor: req.staff!.user, action: 'report.publish', targetType: 'report', targetId: id, ip: req.ip, details: { figures: published } })
    return { report: await getStaffReport(db, id), published }
  })
}
