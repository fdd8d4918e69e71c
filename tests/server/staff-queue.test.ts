/**
 * The queue and the statistics read each case's cached state (migration 008) with SQL: keyset
 * pages, search by the start of a tracking code, and the cache kept current after steps, after a
 * day passes (simulated by ageing the rows), after a settings change, and for rows never computed.
 */
import type { FastifyInstance } from 'fastify'
import type { Signed } from './staff-helpers'
import type { Db } from '~/server/platform/db'
import type { QueueItem, QueueResponse } from '~/shared/review/api'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { trackingCodePrefix } from '~/server/staff/cases/service'
import { setupApp, storageKinds } from './helpers'
import { addStaff, signIn, submitApplication } from './staff-helpers'

describe('trackingCodePrefix', () => {
  it.each<[string, string | null]>([
    ['', 'GK-'],
    ['gk', 'GK-'],
    ['ab', 'GK-AB'],
    ['gk-ab12-c', 'GK-AB12-C'],
    ['ab12 cd34 ef56', 'GK-AB12-CD34-EF56'],
    ['o1l', 'GK-011'],
    ['AB12-CD34-EF56-7', null],
    ['ab%', null],
    ['_', null],
  ])('%j → %j', (input, expected) => {
    expect(trackingCodePrefix(input)).toBe(expected)
  })
})

describe.each(storageKinds)('the queue in SQL on %s', (kind) => {
  let app: FastifyInstance
  let db: Db
  let close: () => Promise<void>
  let rev: Signed
  let adm: Signed
  const subs: { id: string, trackingCode: string }[] = []
  beforeAll(async () => {
    ({ app, db, close } = await setupApp(kind, { seed: false }))
    await addStaff(db, 'rev', 'reviewer')
    await addStaff(db, 'adm', 'admin')
    rev = await signIn(app, 'rev')
    adm = await signIn(app, 'adm')
    for (let i = 0; i < 7; i++)
      subs.push(await submitApplication(app))
  })
  afterAll(() => close())

  const queue = async (query: string) => {
    const res = await app.inject({ url: `/api/staff/applications${query}`, headers: rev.headers })
    expect(res.statusCode, res.body).toBe(200)
    return res.json() as QueueResponse
  }
  const act = (id: string, payload: object) => app.inject({ method: 'POST', url: `/api/staff/applications/${id}/actions`, headers: rev.headers, payload })

  it('pages through the queue with `next`: every case once, in the order of the unpaged queue', async () => {
    await act(subs[0]!.id, { type: 'register', channel: 'online' })
    await act(subs[1]!.id, { type: 'register', channel: 'online' })
    await act(subs[1]!.id, { type: 'answer', outcome: 'granted', letter: '答复' })
    const all = await queue('')
    expect(all.next).toBeNull()
    expect(all.items.map(i => i.id).sort()).toEqual(subs.map(s => s.id).sort())
    const seen: QueueItem[] = []
    let after = ''
    for (let n = 0; n < 10; n++) {
      const page = await queue(`?limit=3${after ? `&after=${after}` : ''}`)
      seen.push(...page.items)
      if (!page.next)
        break
      expect(page.items).toHaveLength(3)
      after = page.next
    }
    expect(seen.map(i => i.id)).toEqual(all.items.map(i => i.id))
    // Answered last; the most urgent first among running clocks.
    expect(all.items.at(-1)!.id).toBe(subs[1]!.id)
    const running = all.items.filter(i => i.workingDaysLeft !== null && i.status !== 'answered').map(i => i.workingDaysLeft!)
    expect(running).toEqual([...running].sort((a, b) => a - b))
  })

  it('filters in SQL by status, overdue and due-within, and searches by the start of a tracking code', async () => {
    expect((await queue('?status=answered')).items.map(i => i.id)).toEqual([subs[1]!.id])
    expect((await queue('?status=active')).items).toHaveLength(6)
    expect((await queue('?status=new')).items).toHaveLength(5)
    expect((await queue('?overdue=true')).items).toHaveLength(0)
    expect((await queue('?dueWithin=60')).items).toHaveLength(6)
    const code = subs[3]!.trackingCode
    const byCode = await queue(`?code=${encodeURIComponent(code.toLowerCase())}`)
    expect(byCode.items.map(i => i.id)).toEqual([subs[3]!.id])
    const prefix = await queue(`?code=${code.slice(0, 6)}`)
    expect(prefix.items.map(i => i.id)).toContain(subs[3]!.id)
    expect(prefix.items.every(i => i.trackingCode.startsWith(code.slice(0, 6)))).toBe(true)
  })

  it('refuses a cursor it did not give out and a code no tracking code can start with, naming the field', async () => {
    for (const [query, field] of [['?after=bm90LWEtY3Vyc29y', 'after'], ['?after=%5B%5D', 'after'], ['?code=ab%25', 'code']] as const) {
      const res = await app.inject({ url: `/api/staff/applications${query}`, headers: rev.headers })
      expect(res.statusCode, query).toBe(400)
      expect(res.json().error.field).toBe(field)
    }
  })

  it('keeps the cached state current: after a step, for rows never computed, and for open rows computed on an earlier day', async () => {
    const id = subs[2]!.id
    await act(id, { type: 'register', channel: 'online' })
    const row = async () => (await db.query<{ status: string, days: number | null, on: string | null }>(
      `select case_status as status, case_working_days_left as days, to_char(case_computed_on, 'YYYY-MM-DD') as on from applications where id = $1`,
      [id],
    )).rows[0]!
    expect((await row()).status).toBe('open')
    const fresh = await row()

    // Stale as if computed days ago with wrong figures: the next read recomputes it.
    await db.query(`update applications set case_working_days_left = 99, case_computed_on = case_computed_on - 3 where id = $1`, [id])
    await queue('')
    expect(await row()).toEqual(fresh)

    // Never computed (a submission from before migration 008): computed on the next read.
    await db.query(`update applications set case_status = null, case_computed_on = null, case_rank = null where id = $1`, [id])
    expect((await queue('?status=open')).items.map(i => i.id)).toContain(id)
    expect(await row()).toEqual(fresh)

    // An answered case is not recomputed daily.
    await db.query(`update applications set case_computed_on = case_computed_on - 3 where id = $1`, [subs[1]!.id])
    await queue('')
    const answered = (await db.query<{ on: string }>(`select to_char(case_computed_on, 'YYYY-MM-DD') as on from applications where id = $1`, [subs[1]!.id])).rows[0]!
    expect(answered.on < fresh.on!).toBe(true)
  })

  it('recomputes every case when the clock settings change', async () => {
    const id = subs[4]!.id
    await act(id, { type: 'register', channel: 'online' })
    const before = (await queue('')).items.find(i => i.id === id)!
    const put = (v: boolean) => app.inject({ method: 'PUT', url: '/api/staff/settings', headers: adm.headers, payload: { dayOfReceiptCounted: v } })
    expect((await put(true)).statusCode).toBe(200)
    // Not through the queue's own refresh: the settings change itself rewrote the rows.
    const stored = (await db.query<{ due: string }>(`select to_char(case_due_date, 'YYYY-MM-DD') as due from applications where id = $1`, [id])).rows[0]!
    expect(stored.due).not.toBe(before.dueDate)
    expect((await queue('')).items.find(i => i.id === id)!.dueDate).toBe(stored.due)
    expect((await put(false)).statusCode).toBe(200)
    expect((await queue('')).items.find(i => i.id === id)!.dueDate).toBe(before.dueDate)
  })
})
