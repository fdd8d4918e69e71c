// Annual report drafts against a real database: generated from real casework, catalog entries and
// appeals; figures equal the statistics page's; every figure's records; edits with versions; the
// publish check refusing contradicting prose; publishing as an ordinary public report whose text,
// reimported by the project's importer, yields every figure of the draft.
import type { FastifyInstance } from 'fastify'
import type { Signed } from './staff-helpers'
import type { Db } from '~/server/platform/db'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { upsertReport } from '~/server/reports/store'
import { importReport } from '~/shared/importer'
import { setupApp, storageKinds } from './helpers'
import { addStaff, signIn, submitApplication } from './staff-helpers'

const AGENCY = { id: 'jt-ju', name: '某市交通运输局' }
const chinaToday = () => new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10)

interface View { draft: { id: string, version: number, figures: Record<string, number>, template: string, sections: Record<string, string> }, text: string, check: { ok: boolean, failures: { kind: string, keys: string[] }[] }, preview: { body: string, figures: Record<string, { value: number }> } }

describe.each(storageKinds)('annual report drafts on %s', (kind) => {
  let app: FastifyInstance
  let db: Db
  let close: () => Promise<void>
  let rev: Signed
  let sup: Signed
  let adm: Signed
  const year = Number(chinaToday().slice(0, 4))
  const ids = { granted: '', denied: '', open: '', entry: '', appeal: '' }

  const act = (id: string, payload: object) => app.inject({ method: 'POST', url: `/api/staff/applications/${id}/actions`, headers: rev.headers, payload })
  async function caseWith(steps: object[]): Promise<string> {
    const { id } = await submitApplication(app)
    for (const s of [{ type: 'register', channel: 'online', agency: AGENCY.name }, ...steps]) {
      const r = await act(id, s)
      expect(r.statusCode, r.body).toBe(200)
    }
    return id
  }

  beforeAll(async () => {
    ({ app, db, close } = await setupApp(kind, { seed: false }))
    await addStaff(db, 'rev', 'reviewer')
    await addStaff(db, 'sup', 'supervisor')
    await addStaff(db, 'adm', 'admin')
    rev = await signIn(app, 'rev')
    sup = await signIn(app, 'sup')
    adm = await signIn(app, 'adm')
    const put = async (url: string, payload: object) => expect((await app.inject({ method: 'PUT', url, headers: adm.headers, payload })).statusCode).toBe(200)
    await put(`/api/admin/catalog/agencies/${AGENCY.id}`, { name: AGENCY.name, orgCode: 'JT001' })
    await put('/api/admin/catalog/categories/jt-law', { agencyId: AGENCY.id, parentId: null, name: '政策法规', order: 0 })
    await put('/api/admin/catalog/categories/jt-norm', { agencyId: AGENCY.id, parentId: 'jt-law', name: '行政规范性文件', order: 0 })
    await put('/api/admin/catalog/categories/jt-lic', { agencyId: AGENCY.id, parentId: null, name: '行政许可', order: 1 })
    const entry = async (n: number, category: string) => {
      const r = await app.inject({ method: 'POST', url: '/api/admin/catalog/entries', headers: adm.headers, payload: { agencyId: AGENCY.id, categoryId: category, indexNo: `JT001/${year}-0000${n}`, title: `文件${n}`, createdAt: `${year}-01-02`, publishedAt: `${year}-01-03`, docNo: null, disclosure: '主动公开', summary: '概述', body: '正文', attachments: [] } })
      expect(r.statusCode, r.body).toBe(201)
      return (r.json() as { id: string }).id
    }
    ids.entry = await entry(1, 'jt-norm')
    await entry(2, 'jt-lic')

    ids.granted = await caseWith([{ type: 'feeNotice', amountYuan: 30 }, { type: 'feePaid' }, { type: 'answer', outcome: 'granted', letter: '答复' }])
    ids.denied = await caseWith([{ type: 'answer', outcome: 'denied.thirdParty', letter: '答复' }])
    ids.open = await caseWith([])
    const ap = await app.inject({ method: 'POST', url: '/api/staff/appeals', headers: rev.headers, payload: { agency: AGENCY.name, kind: 'reconsideration', filedDate: chinaToday(), result: 'upheld', concludedDate: chinaToday() } })
    expect(ap.statusCode, ap.body).toBe(201)
    ids.appeal = (ap.json() as { record: { id: string } }).record.id
  })
  afterAll(() => close())

  let draftId = ''
  let version = 0

  it('generates the draft from the casework, the catalog and the appeals; its figures equal the statistics page\'s', async () => {
    const res = await app.inject({ method: 'POST', url: '/api/staff/annual', headers: rev.headers, payload: { agencyId: AGENCY.id, year } })
    expect(res.statusCode, res.body).toBe(201)
    const v = res.json() as View
    draftId = v.draft.id
    version = v.draft.version
    expect(v.draft.template).toBe('2021')
    const f = v.draft.figures
    expect(f).toMatchObject({ 'requests.total': 3, 'requests.outcome.granted': 1, 'requests.outcome.denied.thirdParty': 1, 'requests.carriedForward': 1, 'review.total': 1, 'review.upheld': 1, 'proactive.normativeDocs': 1, 'fees.total': 30 })
    expect(v.draft.sections.overview).toContain('全年新收政府信息公开申请3件')
    expect(v.check).toEqual({ ok: true, failures: [] })

    const stats = (await app.inject({ url: `/api/staff/statistics?year=${year}&agency=${encodeURIComponent(AGENCY.name)}`, headers: rev.headers })).json() as { figures: Record<string, number> }
    expect(Object.keys(stats.figures).length).toBeGreaterThan(100)
    for (const [key, value] of Object.entries(stats.figures))
      expect(f[key], key).toBe(value)

    const again = await app.inject({ method: 'POST', url: '/api/staff/annual', headers: rev.headers, payload: { agencyId: AGENCY.id, year } })
    expect(again.statusCode).toBe(200)
    expect((again.json() as View).draft).toMatchObject({ id: draftId, version: version + 1 })
    version++
  })

  it('links every figure to the records behind it', async () => {
    const src = async (key: string) => {
      const r = await app.inject({ url: `/api/staff/annual/${draftId}/sources?key=${encodeURIComponent(key)}`, headers: rev.headers })
      expect(r.statusCode, r.body).toBe(200)
      return r.json() as { value: number, applications: { id: string, trackingCode: string }[], catalog: { id: string, indexNo: string }[], appeals: { id: string }[] }
    }
    expect((await src('requests.outcome.granted@natural')).applications.map(a => a.id)).toEqual([ids.granted])
    expect((await src('requests.total')).applications.map(a => a.id).sort()).toEqual([ids.granted, ids.denied, ids.open].sort())
    expect((await src('requests.carriedForward')).applications.map(a => a.id)).toEqual([ids.open])
    expect((await src('proactive.normativeDocs')).catalog.map(c => c.id)).toEqual([ids.entry])
    expect((await src('proactive.licensing.made')).catalog).toHaveLength(1)
    expect((await src('review.upheld')).appeals.map(a => a.id)).toEqual([ids.appeal])
    expect((await src('fees.total'))).toMatchObject({ value: 30, applications: [{ id: ids.granted }] })
    const bad = await app.inject({ url: `/api/staff/annual/${draftId}/sources?key=nope`, headers: rev.headers })
    expect(bad.statusCode).toBe(400)
    expect(bad.json()).toMatchObject({ error: { code: 'invalid_field', field: 'key' } })
  })

  it('refuses to publish prose that contradicts the tables, listing the failed checks; a stale version is 409', async () => {
    const edit = await app.inject({ method: 'PATCH', url: `/api/staff/annual/${draftId}`, headers: rev.headers, payload: { version, sections: { overview: '本年度共收到政府信息公开申请99件。', problems: '部分答复说理不够充分，将加强培训。' } } })
    expect(edit.statusCode, edit.body).toBe(200)
    const v = edit.json() as View
    version = v.draft.version
    expect(v.check.ok).toBe(false)
    expect((await app.inject({ method: 'PATCH', url: `/api/staff/annual/${draftId}`, headers: rev.headers, payload: { version: version - 1, sections: { other: 'x' } } })).json()).toMatchObject({ error: { code: 'stale_version', field: 'version' } })

    expect((await app.inject({ method: 'POST', url: `/api/staff/annual/${draftId}/publish`, headers: rev.headers, payload: { version } })).statusCode).toBe(403)
    const refused = await app.inject({ method: 'POST', url: `/api/staff/annual/${draftId}/publish`, headers: sup.headers, payload: { version } })
    expect(refused.statusCode).toBe(422)
    const body = refused.json() as { error: { code: string, field: string, details: { failures: { keys: string[] }[] } } }
    expect(body.error).toMatchObject({ code: 'report_inconsistent', field: 'sections' })
    expect(body.error.details.failures.some(f => f.keys.includes('requests.total'))).toBe(true)
    expect((await app.inject('/api/reports')).json()).toMatchObject({ reports: [] })
  })

  it('publishes as an ordinary public report whose text, reimported, yields every figure of the draft', async () => {
    const redraft = await app.inject({ method: 'POST', url: `/api/staff/annual/${draftId}/redraft`, headers: rev.headers, payload: { version } })
    expect(redraft.statusCode, redraft.body).toBe(200)
    const v = redraft.json() as View
    expect(v.check.ok).toBe(true)
    expect(v.draft.sections.problems).toContain('加强培训')
    version = v.draft.version

    const pub = await app.inject({ method: 'POST', url: `/api/staff/annual/${draftId}/publish`, headers: sup.headers, payload: { version } })
    expect(pub.statusCode, pub.body).toBe(200)
    const { reportId } = pub.json() as { reportId: string }
    const report = (await app.inject(`/api/reports/${reportId}`)).json() as { body: string, agency: string, agencyId: string, year: number, template: string, figures: Record<string, { value: number, start: number, end: number }>, problems: unknown[] }
    expect(report).toMatchObject({ agency: AGENCY.name, agencyId: AGENCY.id, year, template: '2021', problems: [] })
    expect(report.body).toBe(v.preview.body)
    expect(report.body).toContain('部分答复说理不够充分')

    // generate → render → import → compare every figure, both ways
    const reimported = importReport(report.body)
    expect(reimported.problems).toEqual([])
    expect(Object.fromEntries(Object.entries(reimported.figures).map(([k, x]) => [k, x.value]))).toEqual(v.draft.figures)
    // every figure points into the text at its own number
    for (const [key, fig] of Object.entries(report.figures)) {
      if (!('derived' in fig))
        expect(report.body.slice(fig.start, fig.end).startsWith(String(fig.value)), key).toBe(true)
    }

    const overview = (await app.inject({ url: `/api/staff/annual/overview?year=${year}`, headers: adm.headers })).json() as { deadline: string, agencies: { agencyId: string, reportId: string | null, publishedOn: string | null, onTime: boolean }[] }
    expect(overview.deadline).toBe(`${year + 1}-01-31`)
    expect(overview.agencies.find(a => a.agencyId === AGENCY.id)).toMatchObject({ reportId, publishedOn: chinaToday(), onTime: true })
  })

  it('publishing again replaces its own report with the new text; another agency-year report already public is never overwritten', async () => {
    const cur = (await app.inject({ url: `/api/staff/annual/${draftId}`, headers: rev.headers })).json() as View
    const edited = (await app.inject({ method: 'PATCH', url: `/api/staff/annual/${draftId}`, headers: rev.headers, payload: { version: cur.draft.version, sections: { other: '本机关政府信息公开指南已于年内更新。' } } })).json() as View
    const again = await app.inject({ method: 'POST', url: `/api/staff/annual/${draftId}/publish`, headers: sup.headers, payload: { version: edited.draft.version } })
    expect(again.statusCode, again.body).toBe(200)
    const { reportId } = again.json() as { reportId: string }
    const list = (await app.inject('/api/reports')).json() as { reports: { id: string }[] }
    expect(list.reports.map(r => r.id)).toEqual([reportId])
    expect(((await app.inject(`/api/reports/${reportId}`)).json() as { body: string }).body).toContain('指南已于年内更新')

    // Another year of the same agency, whose report someone uploaded and published by hand.
    await upsertReport(db, { id: 'uploaded-one', title: '上传的报告', agency: AGENCY.name, year: year - 1, publishedAt: null, template: '2021', body: '上传的报告', sourceName: 'upload.txt' })
    const other = (await app.inject({ method: 'POST', url: '/api/staff/annual', headers: rev.headers, payload: { agencyId: AGENCY.id, year: year - 1 } })).json() as View
    const refused = await app.inject({ method: 'POST', url: `/api/staff/annual/${other.draft.id}/publish`, headers: sup.headers, payload: { version: other.draft.version } })
    expect(refused.statusCode).toBe(409)
    expect(refused.json()).toMatchObject({ error: { code: 'already_published' } })
    expect(((await app.inject('/api/reports/uploaded-one')).json() as { body: string }).body).toBe('上传的报告')
  })

  it('answers bad input with a 4xx naming the field', async () => {
    const cases: [object, number, string][] = [
      [{ agencyId: 'no-such-agency', year }, 400, 'agencyId'],
      [{ agencyId: AGENCY.id, year: 1999 }, 400, 'year'],
      [{ agencyId: AGENCY.id }, 400, 'year'],
    ]
    for (const [payload, status, field] of cases) {
      const r = await app.inject({ method: 'POST', url: '/api/staff/annual', headers: rev.headers, payload })
      expect(r.statusCode, r.body).toBe(status)
      expect((r.json() as { error: { field: string } }).error.field).toContain(field)
    }
    expect((await app.inject({ url: '/api/staff/annual/ad-0000000000000000', headers: rev.headers })).statusCode).toBe(404)
    expect((await app.inject({ url: '/api/staff/annual/nope', headers: rev.headers })).statusCode).toBe(400)
    const big = await app.inject({ method: 'PATCH', url: `/api/staff/annual/${draftId}`, headers: rev.headers, payload: { version, sections: { other: 'x'.repeat(20_001) } } })
    expect(big.statusCode).toBe(400)
    expect(big.json()).toMatchObject({ error: { code: 'invalid_field' } })
  })
})
