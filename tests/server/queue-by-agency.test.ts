/**
 * The staff queue's agency filter and the statistics page's name list key directory agencies by id
 * (issue 14): a renamed agency's cases stay under its id, listed with its current name; names are
 * offered only for cases with no agency id (registered by name before the directory).
 */
import type { FastifyInstance } from 'fastify'
import type { Signed } from './staff-helpers'
import type { Db } from '~/server/platform/db'
import type { QueueResponse } from '~/shared/review/api'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { setupApp, storageKinds } from './helpers'
import { addStaff, signIn, submitApplication } from './staff-helpers'

const ID = 'qf-ju'
const DEFAULT = 'qf-default'
const agency = (name: string) => ({ name, orgCode: 'GK-QF', level: 'county', region: '测试省测试县' })

describe.each(storageKinds)('queue and statistics agency choices by id on %s', (kind) => {
  let app: FastifyInstance
  let db: Db
  let close: () => Promise<void>
  let adm: Signed
  let rev: Signed
  beforeAll(async () => {
    ({ app, db, close } = await setupApp(kind, { seed: false, staff: { defaultAgency: '默认局' } }))
    await addStaff(db, 'qf-admin', 'admin')
    await addStaff(db, 'qf-rev', 'reviewer')
    adm = await signIn(app, 'qf-admin')
    rev = await signIn(app, 'qf-rev')
  })
  afterAll(() => close())

  const put = async (id: string, name: string) => expect((await app.inject({ method: 'PUT', url: `/api/admin/agencies/${id}`, headers: adm.headers, payload: agency(name) })).statusCode).toBe(200)
  const queue = async (q: string) => {
    const r = await app.inject({ url: `/api/staff/applications?limit=100${q}`, headers: rev.headers })
    expect(r.statusCode, r.body).toBe(200)
    return r.json() as QueueResponse
  }
  const ids = async (q: string) => (await queue(q)).items.map(i => i.id).sort()

  it('filters by agency id after a rename, by name only among cases with no id, and lists names only for those', async () => {
    await put(ID, '改名前局')
    await put(DEFAULT, '默认局')
    const byId = await submitApplication(app, { agencyId: ID })
    const legacy = await submitApplication(app)
    const reg = await app.inject({ method: 'POST', url: `/api/staff/applications/${legacy.id}/actions`, headers: rev.headers, payload: { type: 'register', channel: 'post', agency: '旧名册局' } })
    expect(reg.statusCode, reg.body).toBe(200)
    const plain = await submitApplication(app)

    await put(ID, '改名后局')
    const all = await queue('')
    expect(all.agencyOptions).toEqual(expect.arrayContaining([{ id: ID, name: '改名后局' }, { id: DEFAULT, name: '默认局' }]))
    // Names only from cases without an agency id: never the directory agency's old or new name.
    expect(all.agencies).toEqual(['旧名册局', '默认局'])
    expect(all.items.find(i => i.id === byId.id)!.agency).toBe('改名后局')

    expect(await ids(`&agencyId=${ID}`)).toEqual([byId.id])
    // The default agency's filter includes the cases with no agency id (they are its, docs/staff.md).
    expect(await ids(`&agencyId=${DEFAULT}`)).toEqual([legacy.id, plain.id].sort())
    expect(await ids(`&agency=${encodeURIComponent('旧名册局')}`)).toEqual([legacy.id])
    // The name cached on a case that has an id is no filter: that case is found by its id.
    expect(await ids(`&agency=${encodeURIComponent('改名后局')}`)).toEqual([])
    expect(await ids('&agencyId=no-such')).toEqual([])
    const bad = await app.inject({ url: '/api/staff/applications?agencyId=', headers: rev.headers })
    expect(bad.statusCode).toBe(400)
    expect(bad.json()).toMatchObject({ error: { field: 'agencyId' } })

    const year = Number(new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 4))
    const stats = (await app.inject({ url: `/api/staff/statistics?year=${year}`, headers: rev.headers })).json() as { agencies: string[], agencyOptions: { id: string, name: string }[] }
    expect(stats.agencies).toEqual(['旧名册局', '默认局'])
    expect(stats.agencyOptions).toContainEqual({ id: ID, name: '改名后局' })
  })
})
