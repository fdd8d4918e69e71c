// The statistics layout follows the report year (国办公开办函〔2019〕60号 for 2019–2020, 〔2021〕30号
// after) unless staff ask for one; the CSV carries the template's grouped header.
import type { FastifyInstance } from 'fastify'
import type { Signed } from './staff-helpers'
import type { Db } from '~/server/platform/db'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { setupApp, storageKinds } from './helpers'
import { addStaff, signIn } from './staff-helpers'

describe.each(storageKinds)('statistics layout on %s', (kind) => {
  let app: FastifyInstance
  let db: Db
  let close: () => Promise<void>
  let adm: Signed
  beforeAll(async () => {
    ({ app, db, close } = await setupApp(kind, { seed: false }))
    await addStaff(db, 'sl-adm', 'admin')
    adm = await signIn(app, 'sl-adm')
  })
  afterAll(() => close())
  const get = (q: string) => app.inject({ url: `/api/staff/statistics${q}`, headers: adm.headers })

  it.each([[2019, '2019'], [2020, '2019'], [2021, '2021'], [2025, '2021']])('year %i defaults to the %s layout', async (year, layout) => {
    expect((await get(`?year=${year}`)).json().requests.layout).toBe(layout)
  })

  it('keeps an explicit layout, and the CSV has the grouped header and the year\'s rows', async () => {
    expect((await get('?year=2020&layout=2021')).json().requests.layout).toBe('2021')
    const csv = (await get('/csv?year=2020')).body
    expect(csv).toContain('申请人情况')
    expect(csv).toContain(',,自然人,法人或其他组织,,,,,总计')
    expect(csv).toContain('三（六）,其他处理')
    expect(csv).not.toContain('三（六）1')
  })
})
