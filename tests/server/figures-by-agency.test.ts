/**
 * Statistics, appeal records and published figures belong to a directory agency by id (issue 14,
 * migration 022): an agency renamed in the directory keeps its year's table, its 行政复议 records and
 * its published figures, which then carry the new name; the statistics page's selector lists
 * directory agencies by id; rows published by name before 022 are linked to the agency of that name.
 */
import type { FastifyInstance } from 'fastify'
import type { Signed } from './staff-helpers'
import type { Db } from '~/server/platform/db'
import { readFile } from 'node:fs/promises'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { setupApp, storageKinds } from './helpers'
import { addStaff, signIn, submitApplication } from './staff-helpers'

const year = Number(new Date().toISOString().slice(0, 4))
const ID = 'fig-ju'
const agency = (name: string) => ({ name, orgCode: 'GK-FIG', level: 'county', region: '测试省测试县' })

interface Stats { requests: { agency: string }, figures: Record<string, number>, publishedAt: string | null, agencyId: string | null, agencyOptions: { id: string, name: string }[] }

describe.each(storageKinds)('figures keyed by agency id on %s', (kind) => {
  let app: FastifyInstance
  let db: Db
  let close: () => Promise<void>
  let adm: Signed
  let sup: Signed
  beforeAll(async () => {
    ({ app, db, close } = await setupApp(kind))
    await addStaff(db, 'fig-admin', 'admin')
    await addStaff(db, 'fig-sup', 'supervisor')
    adm = await signIn(app, 'fig-admin')
    sup = await signIn(app, 'fig-sup')
  })
  afterAll(() => close())

  const put = async (name: string) => expect((await app.inject({ method: 'PUT', url: `/api/admin/agencies/${ID}`, headers: adm.headers, payload: agency(name) })).statusCode).toBe(200)
  const stats = async () => {
    const res = await app.inject({ url: `/api/staff/statistics?year=${year}&agencyId=${ID}`, headers: sup.headers })
    expect(res.statusCode, res.body).toBe(200)
    return res.json() as Stats
  }
  const rows = async () => (await db.query<{ agency: string, n: number }>('select agency, count(*)::int as n from published_figures where agency_id = $1 group by agency', [ID])).rows

  it('a renamed agency keeps its table, its appeal records and its published figures', async () => {
    await put('改名前局')
    await submitApplication(app, { agencyId: ID })
    const appeal = await app.inject({ method: 'POST', url: '/api/staff/appeals', headers: sup.headers, payload: { agency: '改名前局', kind: 'reconsideration', filedDate: `${year}-01-15`, result: 'upheld', concludedDate: `${year}-01-20` } })
    expect(appeal.statusCode, appeal.body).toBe(201)
    expect(appeal.json()).toMatchObject({ record: { agency: '改名前局', agencyId: ID } })

    const before = await stats()
    expect(before).toMatchObject({ requests: { agency: '改名前局' }, agencyId: ID, publishedAt: null })
    expect(before.figures['requests.total']).toBe(1)
    expect(before.figures['review.total']).toBe(1)
    expect(before.agencyOptions).toContainEqual({ id: ID, name: '改名前局' })

    const pub = await app.inject({ method: 'POST', url: '/api/staff/statistics/publish', headers: sup.headers, payload: { year, agencyId: ID } })
    expect(pub.statusCode, pub.body).toBe(200)
    expect(pub.json()).toMatchObject({ agency: '改名前局', agencyId: ID })
    const published = (await stats()).publishedAt
    expect(published).not.toBeNull()

    await put('改名后局')
    const after = await stats()
    expect(after.requests.agency).toBe('改名后局')
    expect(after.figures).toEqual(before.figures)
    expect(after.publishedAt).toBe(published)
    expect(after.agencyOptions).toContainEqual({ id: ID, name: '改名后局' })
    expect(await rows()).toEqual([{ agency: '改名前局', n: Object.keys(before.figures).length }])

    // Publishing again replaces the figures under the new name: none left under the old one.
    expect((await app.inject({ method: 'POST', url: '/api/staff/statistics/publish', headers: sup.headers, payload: { year, agencyId: ID } })).statusCode).toBe(200)
    expect(await rows()).toEqual([{ agency: '改名后局', n: Object.keys(before.figures).length }])
  })

  it('the selector offers a scoped account only its own agencies, by id', async () => {
    await addStaff(db, 'fig-rev', 'reviewer')
    const users = (await app.inject({ url: '/api/staff/users', headers: adm.headers })).json() as { users: { id: string, username: string }[] }
    const id = users.users.find(u => u.username === 'fig-rev')!.id
    expect((await app.inject({ method: 'PATCH', url: `/api/staff/users/${id}`, headers: adm.headers, payload: { agencies: [ID] } })).statusCode).toBe(200)
    const rev = await signIn(app, 'fig-rev')
    const res = (await app.inject({ url: `/api/staff/statistics?year=${year}`, headers: rev.headers })).json() as Stats
    expect(res.agencyOptions).toEqual([{ id: ID, name: '改名后局' }])
    expect(res).toMatchObject({ agencyId: ID, requests: { agency: '改名后局' } })
    // Every directory agency for an unscoped account.
    expect((await stats()).agencyOptions.length).toBeGreaterThan(5)
  })

  it('migration 022 links rows written by name to the agency of that name, and leaves unknown names alone', async () => {
    await put('按名称局')
    await db.query(`insert into published_figures (agency, year, key, value) values ('按名称局', 2001, 'requests.total', 7), ('没有这个局', 2001, 'requests.total', 3)`)
    await db.query(`insert into review_records (id, agency, kind, filed_date) values ('00000000-0000-4000-8000-000000000022', '按名称局', 'reconsideration', '2001-03-01')`)
    // Applied again: every statement of 022 is safe to repeat, and the updates fill only empty ids.
    await db.exec(await readFile(new URL('../../src/server/migrations/022_figures_by_agency_id.sql', import.meta.url), 'utf8'))
    const figures = (await db.query<{ agency: string, agency_id: string | null }>(`select agency, agency_id from published_figures where year = 2001 order by agency`)).rows
    expect(figures).toEqual([{ agency: '按名称局', agency_id: ID }, { agency: '没有这个局', agency_id: null }])
    expect((await db.query<{ agency_id: string }>(`select agency_id from review_records where id = '00000000-0000-4000-8000-000000000022'`)).rows).toEqual([{ agency_id: ID }])
  })
})
