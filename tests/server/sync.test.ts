/**
 * Pull sync over HTTP: deterministic order, paging, resuming from any cursor, tombstones for
 * withdrawn entries, a reset for a cursor from another change log, and 400s that name the field.
 */
import type { FastifyInstance } from 'fastify'
import type { Db } from '~/server/platform/db'
import type { ChangesPage, ChangesResponse, SyncChange } from '~/shared/sync/protocol'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { withdrawEntry } from '~/server/catalog/store'
import { setupApp, storageKinds } from './helpers'
import { addStaff, signIn } from './staff-helpers'

async function page(app: FastifyInstance, since?: string, limit?: number): Promise<ChangesResponse> {
  const qs = new URLSearchParams()
  if (since !== undefined)
    qs.set('since', since)
  if (limit !== undefined)
    qs.set('limit', String(limit))
  const res = await app.inject(`/api/sync/changes?${qs}`)
  expect(res.statusCode, res.body).toBe(200)
  return res.json() as ChangesResponse
}

/** Follows the cursor to the end; returns every change and the final cursor. */
async function drain(app: FastifyInstance, since: string | undefined, limit: number): Promise<{ changes: SyncChange[], cursor: string, pages: number }> {
  const changes: SyncChange[] = []
  let cursor = since
  let pages = 0
  for (;;) {
    const p = await page(app, cursor, limit)
    if (p.type !== 'changes')
      throw new Error('unexpected reset')
    changes.push(...p.changes)
    cursor = p.cursor
    pages++
    if (!p.hasMore)
      return { changes, cursor, pages }
  }
}

const key = (c: SyncChange) => `${c.entity}:${c.op === 'put' ? c.value.id : c.id}`

describe.each(storageKinds)('pull sync on %s', (kind) => {
  let app: FastifyInstance
  let db: Db
  let close: () => Promise<void>
  /** A signed-in admin's cookie and CSRF token, for the catalog admin API. */
  let admin: Record<string, string>
  beforeAll(async () => {
    ({ app, db, close } = await setupApp(kind))
    await addStaff(db, 'sync-admin', 'admin')
    admin = (await signIn(app, 'sync-admin')).headers
  })
  afterAll(() => close())

  it('from the start, carries the seed reports, agencies, categories and catalog entries in seq order', async () => {
    const p = await page(app)
    expect(p.type).toBe('changes')
    const { changes } = p as ChangesPage
    const seqs = changes.map(c => c.seq)
    expect(seqs).toEqual([...seqs].sort((a, b) => a - b))
    expect(new Set(seqs).size).toBe(seqs.length)
    const count = (e: string) => changes.filter(c => c.entity === e).length
    expect(count('report')).toBe(5)
    expect(count('catalogAgency')).toBeGreaterThanOrEqual(5)
    expect(count('catalogCategory')).toBeGreaterThanOrEqual(15)
    expect(count('catalogEntry')).toBeGreaterThanOrEqual(25)
    const entry = changes.find(c => c.op === 'put' && c.entity === 'catalogEntry' && c.value.docNo === '国办发〔2017〕24号')
    expect(entry).toBeDefined()
    expect((entry as Extract<SyncChange, { op: 'put' }>).value).toMatchObject({ title: '国务院办公厅关于印发2017年政务公开工作要点的通知', agency: '国务院办公厅' })
    // Every seed report is an entry in 政府信息公开年报.
    const annual = changes.filter(c => c.op === 'put' && c.entity === 'catalogCategory' && c.value.name === '政府信息公开年报').map(c => (c as any).value.id)
    expect(changes.filter(c => c.op === 'put' && c.entity === 'catalogEntry' && annual.includes(c.value.categoryId))).toHaveLength(5)
    expect(p.type === 'changes' && p.hasMore).toBe(false)
  })

  it('pages of any size add up to the same changes in the same order, and each is deterministic', async () => {
    const whole = await drain(app, undefined, 2000)
    for (const limit of [1, 7, 50]) {
      const paged = await drain(app, undefined, limit)
      expect(paged.changes.map(key)).toEqual(whole.changes.map(key))
      expect(paged.cursor).toBe(whole.cursor)
      expect(paged.pages).toBe(Math.ceil(whole.changes.length / limit))
    }
    const a = await page(app, undefined, 10)
    const b = await page(app, undefined, 10)
    expect(a).toEqual(b)
  })

  it('resumes from a cursor in the middle, and from the end returns nothing new', async () => {
    const whole = await drain(app, undefined, 2000)
    const first = await page(app, undefined, 20) as ChangesPage
    const rest = await drain(app, first.cursor, 15)
    expect([...first.changes, ...rest.changes].map(key)).toEqual(whole.changes.map(key))
    const end = await page(app, whole.cursor) as ChangesPage
    expect(end).toMatchObject({ type: 'changes', changes: [], hasMore: false, cursor: whole.cursor, remaining: 0 })
    expect(first.remaining).toBe(whole.changes.length - 20)
  })

  it('sends an edited entry once, at its new position, and a withdrawn one as a tombstone', async () => {
    const { cursor } = await drain(app, undefined, 2000)
    const created = await app.inject({
      method: 'POST',
      url: '/api/admin/catalog/entries',
      headers: admin,
      payload: { indexNo: 'GK-TEST/2024-00001', title: '关于测试同步的通知', agencyId: 'gwy-ban', categoryName: '政策法规', publishedAt: '2024-05-06', docNo: '测试〔2024〕1号', summary: '', body: '' },
    })
    expect(created.statusCode, created.body).toBe(201)
    const id = created.json().id as string
    const patched = await app.inject({ method: 'PATCH', url: `/api/admin/catalog/entries/${id}`, headers: admin, payload: { title: '关于测试同步的通知（修订）' } })
    expect(patched.statusCode, patched.body).toBe(200)

    const after = await drain(app, cursor, 100)
    expect(after.changes).toHaveLength(1)
    expect(after.changes[0]).toMatchObject({ op: 'put', entity: 'catalogEntry', value: { id, title: '关于测试同步的通知（修订）', indexNo: 'GK-TEST/2024-00001' } })

    expect(await withdrawEntry(db, id)).toBe(true)
    const gone = await drain(app, after.cursor, 100)
    expect(gone.changes).toEqual([{ op: 'delete', entity: 'catalogEntry', seq: expect.any(Number), id }])
    // A device that never saw the entry gets only the tombstone, not the stale content.
    const fresh = await drain(app, cursor, 100)
    expect(fresh.changes.map(c => c.op)).toEqual(['delete'])
    // Withdrawing twice changes nothing.
    expect(await withdrawEntry(db, id)).toBe(true)
    expect((await drain(app, gone.cursor, 100)).changes).toEqual([])
  })

  it('answers a cursor from another change log with a reset to the start of this one', async () => {
    const p = await page(app, 'deadbeefdeadbeef.12')
    expect(p).toMatchObject({ type: 'reset', protocol: 1, reason: 'epoch' })
    const restart = await page(app, p.cursor, 5)
    expect(restart.type).toBe('changes')
    const ahead = await page(app, `${p.cursor.split('.')[0]}.999999999`)
    expect(ahead.type).toBe('reset')
  })

  it.each([
    ['since', 'since=abc'],
    ['since', 'since=1.2.3'],
    ['since', 'since=-1'],
    ['since', 'since=0&since=0'],
    ['limit', 'limit=0'],
    ['limit', 'limit=2001'],
    ['limit', 'limit=ten'],
    ['limit', 'limit=1.5'],
  ])('rejects a bad %s (%s) with a 400 naming the field', async (field, qs) => {
    const res = await app.inject(`/api/sync/changes?${qs}`)
    expect(res.statusCode).toBe(400)
    expect(res.json()).toMatchObject({ error: { code: 'invalid_field', field } })
  })
})
