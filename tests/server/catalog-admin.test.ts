/** Catalog administration over HTTP: staff roles and CSRF, create/edit/withdraw, bulk import with row errors. */
import type { FastifyInstance } from 'fastify'
import type { Db } from '~/server/platform/db'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { setupApp, storageKinds } from './helpers'
import { addStaff, signIn } from './staff-helpers'

const base = { agencyId: 'gwy-ban', categoryName: '政策法规', publishedAt: '2024-03-05', summary: '概述', body: '正文' }

describe.each(storageKinds)('catalog admin on %s', (kind) => {
  let app: FastifyInstance
  let close: () => Promise<void>
  /** Headers of a signed-in admin: the session cookie and the CSRF token. */
  let auth: Record<string, string>
  let reviewer: Record<string, string>
  let supervisor: Record<string, string>
  let db: Db
  beforeAll(async () => {
    ({ app, db, close } = await setupApp(kind))
    await addStaff(db, 'cat-admin', 'admin')
    await addStaff(db, 'cat-reviewer', 'reviewer')
    await addStaff(db, 'cat-supervisor', 'supervisor')
    auth = (await signIn(app, 'cat-admin')).headers
    reviewer = (await signIn(app, 'cat-reviewer')).headers
    supervisor = (await signIn(app, 'cat-supervisor')).headers
  })
  afterAll(() => close())

  /** Rows the refused writes below would have made. */
  async function refusedWrites(): Promise<number> {
    const e = await db.query<{ n: number }>(`select count(*)::int as n from catalog_entries where index_no like 'GK-A/2024-9000_'`)
    const a = await db.query<{ n: number }>(`select count(*)::int as n from catalog_agencies where id = 'nope-agency'`)
    return e.rows[0]!.n + a.rows[0]!.n
  }

  const writes = [
    { method: 'POST', url: '/api/admin/catalog/entries', payload: { ...base, indexNo: 'GK-A/2024-90001', title: '不应写入' } },
    { method: 'PATCH', url: '/api/admin/catalog/entries/gk-seed-x', payload: { title: 'x' } },
    { method: 'POST', url: '/api/admin/catalog/entries/gk-seed-x/withdraw' },
    { method: 'POST', url: '/api/admin/catalog/import', payload: [{ ...base, indexNo: 'GK-A/2024-90002', title: '不应写入' }] },
    { method: 'PUT', url: '/api/admin/catalog/agencies/nope-agency', payload: { name: '不应写入' } },
  ] as const

  it('refuses anonymous callers with 401, whatever the route', async () => {
    for (const w of [...writes, { method: 'GET', url: '/api/admin/catalog/entries/gk-seed-x' } as const]) {
      const res = await app.inject({ method: w.method, url: w.url, payload: 'payload' in w ? w.payload : undefined })
      expect(res.statusCode, `${w.method} ${w.url}`).toBe(401)
      expect(res.json()).toMatchObject({ error: { code: 'unauthenticated', message: expect.any(String) } })
    }
    // A made-up cookie is no session.
    const forged = await app.inject({ method: 'POST', url: writes[0].url, payload: writes[0].payload, headers: { 'cookie': 'gk_staff=forged', 'x-csrf-token': 'x' } })
    expect(forged.statusCode).toBe(401)
    expect(await refusedWrites()).toBe(0)
  })

  it('refuses signed-in reviewers and supervisors with 403: managing the catalog is the admin\'s', async () => {
    for (const headers of [reviewer, supervisor]) {
      for (const w of writes) {
        const res = await app.inject({ method: w.method, url: w.url, headers, payload: 'payload' in w ? w.payload : undefined })
        expect(res.statusCode, `${w.method} ${w.url}`).toBe(403)
        expect(res.json()).toMatchObject({ error: { code: 'forbidden' } })
      }
    }
    expect(await refusedWrites()).toBe(0)
  })

  it('refuses an admin\'s write without the CSRF token (or with another session\'s), and writes nothing', async () => {
    for (const headers of [{ cookie: auth.cookie! }, { 'cookie': auth.cookie!, 'x-csrf-token': reviewer['x-csrf-token']! }]) {
      const res = await app.inject({ method: 'POST', url: writes[0].url, headers, payload: writes[0].payload })
      expect(res.statusCode).toBe(403)
      expect(res.json()).toMatchObject({ error: { code: 'csrf' } })
    }
    expect(await refusedWrites()).toBe(0)
    // Reads need no CSRF token: a GET of an unknown id gets through the guard to a 404.
    const missing = await app.inject({ method: 'GET', url: '/api/admin/catalog/entries/no-such-entry', headers: { cookie: auth.cookie! } })
    expect(missing.statusCode).toBe(404)
  })

  it('creates, reads, edits and withdraws an entry; a retried create is idempotent', async () => {
    const payload = { ...base, id: 'client-id-1', indexNo: 'GK-A/2024-00001', title: '关于开展政务公开检查的通知', docNo: '国办函〔2024〕9号', disclosure: '主动公开', attachments: 'https://example.gov.cn/a.pdf' }
    const created = await app.inject({ method: 'POST', url: '/api/admin/catalog/entries', headers: auth, payload })
    expect(created.statusCode, created.body).toBe(201)
    expect(created.json()).toMatchObject({ id: 'client-id-1', agency: '国务院办公厅', disclosure: 'proactive', createdAt: '2024-03-05', attachments: [{ url: 'https://example.gov.cn/a.pdf', name: 'a.pdf' }], withdrawn: false })
    const again = await app.inject({ method: 'POST', url: '/api/admin/catalog/entries', headers: auth, payload })
    expect(again.statusCode).toBe(200)
    expect(again.json().id).toBe('client-id-1')

    const edited = await app.inject({ method: 'PATCH', url: '/api/admin/catalog/entries/client-id-1', headers: auth, payload: { title: '关于开展政务公开检查的通知（更正）', disclosure: 'onRequest' } })
    expect(edited.statusCode, edited.body).toBe(200)
    expect(edited.json()).toMatchObject({ title: '关于开展政务公开检查的通知（更正）', disclosure: 'onRequest', docNo: '国办函〔2024〕9号' })

    const bad = await app.inject({ method: 'PATCH', url: '/api/admin/catalog/entries/client-id-1', headers: auth, payload: { publishedAt: '2024-02-30' } })
    expect(bad.statusCode).toBe(400)
    expect(bad.json()).toMatchObject({ error: { field: 'publishedAt' } })

    const w = await app.inject({ method: 'POST', url: '/api/admin/catalog/entries/client-id-1/withdraw', headers: auth })
    expect(w.statusCode).toBe(200)
    expect(w.json().withdrawn).toBe(true)
    const afterW = await app.inject({ method: 'PATCH', url: '/api/admin/catalog/entries/client-id-1', headers: auth, payload: { title: 'x' } })
    expect(afterW.statusCode).toBe(409)
    const recreate = await app.inject({ method: 'POST', url: '/api/admin/catalog/entries', headers: auth, payload })
    expect(recreate.statusCode).toBe(409)
  })

  it.each([
    ['missing title', { indexNo: 'GK-A/2024-00002' }, 'title'],
    ['malformed 索引号', { indexNo: 'not an index', title: 't' }, 'indexNo'],
    ['unknown agency', { indexNo: 'GK-A/2024-00003', title: 't', agencyId: 'nope' }, 'agencyId'],
    ['category of another agency', { indexNo: 'GK-A/2024-00004', title: 't', categoryName: '财政信息' }, 'categoryName'],
    ['bad 公开属性', { indexNo: 'GK-A/2024-00005', title: 't', disclosure: '公开' }, 'disclosure'],
    ['bad attachment URL', { indexNo: 'GK-A/2024-00006', title: 't', attachments: [{ url: 'javascript:alert(1)' }] }, 'attachments'],
  ])('rejects a create with %s, naming the field', async (_name, fields, field) => {
    const res = await app.inject({ method: 'POST', url: '/api/admin/catalog/entries', headers: auth, payload: { ...base, ...fields } })
    expect([400, 409]).toContain(res.statusCode)
    expect(res.json()).toMatchObject({ error: { field } })
  })

  it('rejects a 索引号 already used by another entry with 409', async () => {
    const res = await app.inject({ method: 'POST', url: '/api/admin/catalog/entries', headers: auth, payload: { ...base, indexNo: 'GK-SEED-GWYBGT/2017-00001', title: '重复' } })
    expect(res.statusCode).toBe(409)
    expect(res.json()).toMatchObject({ error: { field: 'indexNo' } })
  })

  it('imports CSV: keeps the good rows and reports each bad one with its line and field', async () => {
    const csv = [
      'indexNo,title,agencyId,categoryName,publishedAt,docNo,disclosure,summary',
      'GK-CSV/2023-00001,2023年部门预算公开说明,hlj-czt,财政信息,2023-02-01,,主动公开,"含逗号,和""引号"""',
      'GK-CSV/2023-00002,,hlj-czt,财政信息,2023-02-02,,主动公开,',
      'GK-CSV/2023-00003,关于财政资金的通知,hlj-czt,没有的分类,2023-02-03,,主动公开,',
      'GK-CSV/2023-00001,重复的索引号,hlj-czt,财政信息,2023-02-04,,主动公开,',
      'GK-CSV/2023-00005,"多行\n名称",hlj-czt,财政信息,2023-13-01,,主动公开,',
      'GK-CSV/2023-00006,2023年决算公开,hlj-czt,财政信息,2023-08-01,黑财〔2023〕6号,依申请公开,',
    ].join('\r\n')
    const res = await app.inject({ method: 'POST', url: '/api/admin/catalog/import', headers: { ...auth, 'content-type': 'text/csv' }, payload: `\uFEFF${csv}` })
    expect(res.statusCode, res.body).toBe(200)
    const report = res.json()
    expect(report.imported).toBe(2)
    expect(report.errors).toEqual([
      { row: 3, field: 'title', message: expect.any(String) },
      { row: 4, field: 'categoryName', message: expect.any(String) },
      { row: 5, field: 'indexNo', message: expect.stringContaining('第 2 行') },
      { row: 6, field: 'publishedAt', message: expect.any(String) },
    ])
    const id = (await app.inject({ method: 'POST', url: '/api/admin/catalog/import', headers: { ...auth, 'content-type': 'text/csv' }, payload: csv })).json()
    // Importing the same file again updates the same entries (ids derive from 索引号), adds none.
    expect(id.imported).toBe(2)
  })

  it('imports JSON, as an array or { entries }, and rejects a body that is neither', async () => {
    const arr = await app.inject({ method: 'POST', url: '/api/admin/catalog/import', headers: auth, payload: [{ ...base, indexNo: 'GK-JSON/2024-00001', title: '甲' }, { ...base, indexNo: 'GK-JSON/2024-00002' }] })
    expect(arr.json()).toMatchObject({ imported: 1, errors: [{ row: 2, field: 'title' }] })
    const obj = await app.inject({ method: 'POST', url: '/api/admin/catalog/import', headers: auth, payload: { entries: [{ ...base, indexNo: 'GK-JSON/2024-00003', title: '乙' }] } })
    expect(obj.json()).toMatchObject({ imported: 1, errors: [] })
    const neither = await app.inject({ method: 'POST', url: '/api/admin/catalog/import', headers: auth, payload: { nope: 1 } })
    expect(neither.statusCode).toBe(400)
    expect(neither.json()).toMatchObject({ error: { field: 'body' } })
  })

  it('creates an agency and a category tree', async () => {
    const a = await app.inject({ method: 'PUT', url: '/api/admin/catalog/agencies/test-agency', headers: auth, payload: { name: '测试机构', orgCode: 'GK-TEST' } })
    expect(a.statusCode).toBe(200)
    const top = await app.inject({ method: 'PUT', url: '/api/admin/catalog/categories/test-c1', headers: auth, payload: { name: '政务动态', agencyId: 'test-agency' } })
    expect(top.statusCode).toBe(200)
    const child = await app.inject({ method: 'PUT', url: '/api/admin/catalog/categories/test-c2', headers: auth, payload: { name: '工作动态', agencyId: 'test-agency', parentId: 'test-c1', order: 1 } })
    expect(child.json()).toMatchObject({ parentId: 'test-c1' })
    const cross = await app.inject({ method: 'PUT', url: '/api/admin/catalog/categories/test-c3', headers: auth, payload: { name: 'x', agencyId: 'gwy', parentId: 'test-c1' } })
    expect(cross.json()).toMatchObject({ error: { field: 'parentId' } })
  })
})
