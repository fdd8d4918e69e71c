import type { FastifyInstance } from 'fastify'
import type { Db } from '~/server/platform/db'
import type { ReportDetail, ReportSummary } from '~/shared/api'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { migrate } from '~/server/platform/db/migrate'
import { seedAll } from '~/server/platform/seed'
import { setupApp, storageKinds } from './helpers'

describe.each(storageKinds)('api on %s', (kind) => {
  let app: FastifyInstance
  let db: Db
  let close: () => Promise<void>
  beforeAll(async () => {
    ({ app, db, close } = await setupApp(kind))
  })
  afterAll(() => close())

  it('reports which storage is in use', async () => {
    const res = await app.inject('/api/health')
    expect(res.statusCode).toBe(200)
    expect(res.json()).toMatchObject({ ok: true, storage: kind })
  })

  it('lists the five seed reports, newest year first', async () => {
    const res = await app.inject('/api/reports')
    expect(res.statusCode).toBe(200)
    const { reports } = res.json() as { reports: ReportSummary[] }
    expect(reports.map(r => r.id).sort()).toEqual([
      '000_082e8fa0d6cdabd7',
      '001_c90ab1b8189ec696',
      '002_c007d34cebec33e3',
      '003_e8261f9189d0613a',
      '004_fae7fcf290bdd398',
    ])
    const years = reports.map(r => r.year ?? 0)
    expect(years).toEqual([...years].sort((a, b) => b - a))
    for (const r of reports) {
      expect(r.title.length).toBeGreaterThan(1)
      expect(r.updatedAt).toMatch(/^\d{4}-\d\d-\d\dT/)
      expect(r).not.toHaveProperty('body')
    }
  })

  it('returns one report with its full text', async () => {
    const res = await app.inject('/api/reports/003_e8261f9189d0613a')
    expect(res.statusCode).toBe(200)
    const r = res.json() as ReportDetail
    expect(r.agency).toContain('津市市')
    expect(r.year).toBe(2012)
    expect(r.body).toContain('政府信息公开')
    expect(r.body.length).toBeGreaterThan(3000)
  })

  it('filters by year and rejects a malformed year with the field named', async () => {
    const ok = await app.inject('/api/reports?year=2012')
    expect((ok.json() as { reports: ReportSummary[] }).reports.map(r => r.year)).toEqual([2012])
    for (const bad of ['abc', '20122', '', '2012&year=2013']) {
      const res = await app.inject(`/api/reports?year=${bad}`)
      expect(res.statusCode, bad).toBe(400)
      expect(res.json()).toMatchObject({ error: { code: 'invalid_field', field: 'year' } })
    }
  })

  it.each([
    ['unknown id', '/api/reports/999_nope', 404, 'not_found'],
    ['malformed id', '/api/reports/..%2F..%2Fetc', 400, 'invalid_field'],
    ['id with spaces', '/api/reports/a%20b', 400, 'invalid_field'],
    ['overlong id', `/api/reports/${'a'.repeat(80)}`, 400, 'invalid_field'],
    ['id beyond the URL limit', `/api/reports/${'a'.repeat(300)}`, 414, 'bad_request'],
    ['unknown endpoint', '/api/nothing-here', 404, 'not_found'],
  ])('%s gets a 4xx JSON error, never a 500', async (_name, url, status, code) => {
    const res = await app.inject(url)
    expect(res.statusCode).toBe(status)
    expect(res.headers['content-type']).toMatch(/application\/json/)
    expect(res.json()).toMatchObject({ error: { code } })
    expect(typeof res.json().error.message).toBe('string')
  })

  it('answers a non-GET on a read endpoint with a 404 JSON error', async () => {
    const res = await app.inject({ method: 'POST', url: '/api/reports', payload: { x: 1 } })
    expect(res.statusCode).toBe(404)
    expect(res.json()).toHaveProperty('error')
  })

  it('sends security headers and never caches API answers', async () => {
    const res = await app.inject('/api/reports')
    expect(res.headers['x-content-type-options']).toBe('nosniff')
    expect(res.headers['cache-control']).toBe('no-store')
  })

  it('migrations and seeding are idempotent: a restart adds nothing', async () => {
    expect(await migrate(db)).toEqual([])
    await seedAll(db)
    const { rows } = await db.query<{ n: number }>('select count(*)::int as n from reports')
    expect(rows[0]!.n).toBe(5)
  })
})
