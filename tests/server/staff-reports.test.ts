// Staff report endpoints on every storage: upload → draft (invisible to citizens and devices) →
// confirm/correct figures → publish (figures carry who confirmed them, and reach devices through
// pull sync); roles, CSRF, and bad input (empty, binary, oversized, scripts, malformed figures).
import type { FastifyInstance } from 'fastify'
import type { Signed } from './staff-helpers'
import type { Db } from '~/server/platform/db'
import type { ReportDetail, StaffReportView } from '~/shared/api'
import type { ChangesPage } from '~/shared/sync/protocol'
import { readFileSync } from 'node:fs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { setupApp, storageKinds } from './helpers'
import { addStaff, signIn } from './staff-helpers'

const FIXTURE = readFileSync(new URL('../fixtures/reports/2021-flattened.txt', import.meta.url))
const HTML = readFileSync(new URL('../fixtures/reports/2019-template.html', import.meta.url))

function upload(app: FastifyInstance, who: Signed | null, body: Buffer | string, name = 'report.txt', contentType = 'application/octet-stream') {
  return app.inject({ method: 'POST', url: `/api/staff/reports?name=${encodeURIComponent(name)}`, headers: { ...(who?.headers ?? {}), 'content-type': contentType }, payload: body })
}

async function pullAll(app: FastifyInstance): Promise<ChangesPage['changes']> {
  const res = await app.inject('/api/sync/changes?since=0&limit=2000')
  return (res.json() as ChangesPage).changes
}

describe.each(storageKinds)('staff reports on %s', (kind) => {
  let app: FastifyInstance
  let db: Db
  let close: () => Promise<void>
  const s = {} as Record<'reviewer' | 'supervisor' | 'admin', Signed>
  let draftId = ''
  beforeAll(async () => {
    ({ app, db, close } = await setupApp(kind))
    for (const role of ['reviewer', 'supervisor', 'admin'] as const) {
      await addStaff(db, role, role)
      s[role] = await signIn(app, role)
    }
  })
  afterAll(() => close())

  it('refuses anonymous uploads (401) and uploads without the CSRF token (403)', async () => {
    expect((await upload(app, null, FIXTURE)).statusCode).toBe(401)
    const r = await app.inject({ method: 'POST', url: '/api/staff/reports?name=a.txt', headers: { 'cookie': s.reviewer.cookie, 'content-type': 'application/octet-stream' }, payload: FIXTURE })
    expect(r.statusCode).toBe(403)
    expect(r.json()).toMatchObject({ error: { code: 'csrf' } })
  })

  it('a reviewer uploads a report: importer preview stored as a draft with figures and spans', async () => {
    const r = await upload(app, s.reviewer, FIXTURE, '江城.txt')
    expect(r.statusCode, r.body).toBe(200)
    const { report } = r.json() as { report: StaffReportView }
    draftId = report.id
    expect(report).toMatchObject({ visibility: 'draft', uploadedBy: 'reviewer', sourceName: '江城.txt', year: 2021, template: '2021' })
    const total = report.imported['proactive.total']!
    expect(total.value).toBe(1268)
    expect(report.body.slice(total.start, total.end)).toContain('1,268')
    expect(report.sections?.length).toBeGreaterThan(0)
  })

  it('drafts are invisible to citizens and devices', async () => {
    expect((await app.inject(`/api/reports/${draftId}`)).statusCode).toBe(404)
    const list = (await app.inject('/api/reports')).json() as { reports: { id: string }[] }
    expect(list.reports.map(x => x.id)).not.toContain(draftId)
    const changes = await pullAll(app)
    expect(changes.some(c => c.op === 'put' && c.entity === 'report' && c.value.id === draftId)).toBe(false)
  })

  it('devices get figures, problems and sections of public reports through pull sync', async () => {
    const changes = await pullAll(app)
    const seed = changes.find(c => c.op === 'put' && c.entity === 'report')
    expect(seed).toBeDefined()
    const value = (seed as { value: ReportDetail }).value
    expect(Object.keys(value.figures ?? {}).length).toBeGreaterThan(0)
    expect(Array.isArray(value.problems)).toBe(true)
    expect(Array.isArray(value.sections)).toBe(true)
  })

  it('uploading the same report again updates the draft, never duplicates it', async () => {
    const r = await upload(app, s.reviewer, FIXTURE, '江城-again.txt')
    expect(r.statusCode).toBe(200)
    expect((r.json() as { report: StaffReportView }).report.id).toBe(draftId)
    const list = (await app.inject({ url: '/api/staff/reports', headers: s.reviewer.headers })).json() as { reports: { id: string }[] }
    expect(list.reports.filter(x => x.id === draftId)).toHaveLength(1)
  })

  it('confirms one figure and corrects another, recording who and the imported value', async () => {
    const r = await app.inject({ method: 'PATCH', url: `/api/staff/reports/${draftId}/figures`, headers: s.reviewer.headers, payload: { figures: [{ key: 'proactive.total', value: 1268 }, { key: 'requests.total', value: 99 }] } })
    expect(r.statusCode, r.body).toBe(200)
    const { report } = r.json() as { report: StaffReportView }
    const byKey = Object.fromEntries(report.reviews.map(x => [x.key, x]))
    expect(byKey['proactive.total']).toMatchObject({ status: 'confirmed', value: 1268, confirmedBy: 'reviewer', published: false })
    expect(byKey['requests.total']).toMatchObject({ status: 'corrected', value: 99, confirmedBy: 'reviewer' })
  })

  it('rejects malformed figures with the field named', async () => {
    const bad = [
      [{ figures: [] }, 'figures'],
      [{ figures: [{ key: 'proactive.total', value: -1 }] }, 'figures/0/value'],
      [{ figures: [{ key: 'proactive.total', value: 'many' }] }, 'figures/0/value'],
      [{ figures: [{ key: '<script>', value: 1 }] }, 'figures/0/key'],
    ] as const
    for (const [payload, field] of bad) {
      const r = await app.inject({ method: 'PATCH', url: `/api/staff/reports/${draftId}/figures`, headers: s.reviewer.headers, payload })
      expect(r.statusCode, JSON.stringify(payload)).toBe(400)
      expect(r.json()).toMatchObject({ error: { code: 'invalid_field', field } })
    }
    const missing = await app.inject({ method: 'PATCH', url: '/api/staff/reports/nope/figures', headers: s.reviewer.headers, payload: { figures: [{ key: 'fees.total', value: 0 }] } })
    expect(missing.statusCode).toBe(404)
  })

  it('a reviewer may not publish; a supervisor publishes, and citizens see the confirmed figures and who confirmed them', async () => {
    const denied = await app.inject({ method: 'POST', url: `/api/staff/reports/${draftId}/publish`, headers: s.reviewer.headers, payload: { version: 1 } })
    expect(denied.statusCode).toBe(403)
    expect(denied.json()).toMatchObject({ error: { code: 'forbidden' } })
    const r = await app.inject({ method: 'POST', url: `/api/staff/reports/${draftId}/publish`, headers: s.supervisor.headers, payload: { version: 1 } })
    expect(r.statusCode, r.body).toBe(200)
    expect(r.json()).toMatchObject({ published: 2, report: { visibility: 'public' } })
    const pub = (await app.inject(`/api/reports/${draftId}`)).json() as ReportDetail
    expect(pub.figures!['requests.total']).toMatchObject({ value: 99, confirmed: { by: 'supervisor', status: 'corrected' } })
    expect(pub.figures!['proactive.total']!.confirmed).toMatchObject({ status: 'confirmed' })
    // Still pointing at the sentence it was read from.
    expect(pub.body.slice(pub.figures!['proactive.total']!.start, pub.figures!['proactive.total']!.end)).toContain('1,268')
    const changes = await pullAll(app)
    const pulled = changes.find(c => c.op === 'put' && c.entity === 'report' && c.value.id === draftId) as { value: ReportDetail } | undefined
    // Pull sync builds the payload in SQL: the same merged figures as the API, who confirmed included.
    expect(pulled?.value.figures).toEqual(pub.figures)
    expect(pulled?.value.sections).toEqual(pub.sections)
    const audit = (await app.inject({ url: '/api/staff/audit?limit=50', headers: s.admin.headers })).json() as { entries: { action: string }[] }
    expect(audit.entries.map(e => e.action)).toEqual(expect.arrayContaining(['report.upload', 'report.figures', 'report.publish']))
  })

  it('an already published report cannot be replaced by an upload (409 naming the file)', async () => {
    const r = await upload(app, s.admin, FIXTURE)
    expect(r.statusCode).toBe(409)
    expect(r.json()).toMatchObject({ error: { code: 'already_published', field: 'file', details: { id: draftId } } })
  })

  it('bad files get a clear 4xx naming the field, never a crash', async () => {
    const empty = await upload(app, s.reviewer, Buffer.alloc(0))
    expect(empty.statusCode).toBe(400)
    expect(empty.json()).toMatchObject({ error: { field: 'file' } })
    const binary = await upload(app, s.reviewer, Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 37) % 256)), 'x.bin')
    expect(binary.statusCode).toBe(400)
    expect(binary.json()).toMatchObject({ error: { field: 'file' } })
    const noName = await app.inject({ method: 'POST', url: '/api/staff/reports', headers: { ...s.reviewer.headers, 'content-type': 'application/octet-stream' }, payload: FIXTURE })
    expect(noName.json()).toMatchObject({ error: { field: 'name' } })
    const huge = await upload(app, s.reviewer, Buffer.alloc(50 * 1024 * 1024, 0x41))
    expect(huge.statusCode).toBe(413)
    expect(huge.json()).toMatchObject({ error: { code: 'payload_too_large', field: 'file', message: expect.stringContaining('5 MB') } })
    const multipart = await upload(app, s.reviewer, FIXTURE, 'a.txt', 'multipart/form-data; boundary=x')
    expect(multipart.statusCode).toBe(415)
    expect(multipart.json()).toMatchObject({ error: { code: 'unsupported_media_type', field: 'file' } })
    expect((await app.inject('/api/health')).statusCode).toBe(200)
  })

  it('hTML with scripts is stored as plain text: no markup survives', async () => {
    const html = Buffer.concat([Buffer.from('<script>alert(1)</script><img src=x onerror="alert(2)">'), HTML])
    const r = await upload(app, s.admin, html, 'with-script.html', 'text/html')
    expect(r.statusCode, r.body).toBe(200)
    const { report } = r.json() as { report: StaffReportView }
    expect(report.body).not.toMatch(/<script|onerror|<img/i)
    expect(report.template).toBe('2019')
  })
  it('confirms every figure of a report in one request; a repeated key counts once, the last value wins', async () => {
    const up = await upload(app, s.reviewer, HTML, 'all.html', 'text/html')
    const { report } = up.json() as { report: StaffReportView }
    const keys = Object.keys(report.imported)
    expect(keys.length).toBeGreaterThan(20)
    const figures = [...keys.map(key => ({ key, value: report.imported[key]!.value })), { key: keys[0]!, value: 7 }]
    const r = await app.inject({ method: 'PATCH', url: `/api/staff/reports/${report.id}/figures`, headers: s.reviewer.headers, payload: { figures } })
    expect(r.statusCode, r.body).toBe(200)
    const { reviews } = (r.json() as { report: StaffReportView }).report
    expect(reviews).toHaveLength(keys.length)
    expect(reviews.find(x => x.key === keys[0])).toMatchObject({ value: 7, status: report.imported[keys[0]!]!.value === 7 ? 'confirmed' : 'corrected' })
    expect(reviews.filter(x => x.status === 'confirmed')).toHaveLength(keys.length - (report.imported[keys[0]!]!.value === 7 ? 0 : 1))
  })

  it('a re-upload is a new version: the earlier confirmations are gone, and publishing the version reviewed before is refused', async () => {
    const first = Buffer.from(HTML.toString('utf8').replaceAll('江城市生态环境局', '江城市水利局'))
    const up1 = (await upload(app, s.reviewer, first, 'water.html', 'text/html')).json() as { report: StaffReportView }
    expect(up1.report.version).toBe(1)
    const id = up1.report.id
    const confirm = await app.inject({ method: 'PATCH', url: `/api/staff/reports/${id}/figures`, headers: s.reviewer.headers, payload: { figures: [{ key: 'requests.total', value: 31 }] } })
    expect((confirm.json() as { report: StaffReportView }).report.reviews).toHaveLength(1)
    // the same bytes again change nothing: same version, confirmations kept
    const same = (await upload(app, s.reviewer, first, 'water.html', 'text/html')).json() as { report: StaffReportView }
    expect(same.report).toMatchObject({ id, version: 1 })
    expect(same.report.reviews).toHaveLength(1)
    // new content for the same agency and year: version 2, nothing confirmed yet
    const second = Buffer.from(first.toString('utf8').replace('全年共主动公开政府信息356条', '全年共主动公开政府信息357条'))
    const up2 = (await upload(app, s.reviewer, second, 'water-v2.html', 'text/html')).json() as { report: StaffReportView }
    expect(up2.report).toMatchObject({ id, version: 2, reviews: [] })
    expect(up2.report.imported['proactive.total']?.value).toBe(357)
    // the supervisor's page still shows version 1
    const stale = await app.inject({ method: 'POST', url: `/api/staff/reports/${id}/publish`, headers: s.supervisor.headers, payload: { version: 1 } })
    expect(stale.statusCode).toBe(409)
    expect(stale.json()).toMatchObject({ error: { code: 'stale_version', field: 'version', details: { version: 2 } } })
    expect((await app.inject(`/api/reports/${id}`)).statusCode).toBe(404) // still a draft
    const missing = await app.inject({ method: 'POST', url: `/api/staff/reports/${id}/publish`, headers: s.supervisor.headers, payload: {} })
    expect(missing.statusCode).toBe(400)
    expect(missing.json()).toMatchObject({ error: { field: 'version' } })
    const ok = await app.inject({ method: 'POST', url: `/api/staff/reports/${id}/publish`, headers: s.supervisor.headers, payload: { version: 2 } })
    expect(ok.statusCode, ok.body).toBe(200)
    expect((await app.inject(`/api/reports/${id}`)).json()).toMatchObject({ figures: { 'proactive.total': { value: 357 } } })
  })
})
