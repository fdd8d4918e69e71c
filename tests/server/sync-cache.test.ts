/**
 * The pull-sync page cache (src/server/sync/cache.ts): gzip on the wire, pages served again only
 * while no mirrored change happened, warming ahead of devices, the byte budget, and SYNC_CACHE_MB.
 */
import type { FastifyInstance } from 'fastify'
import type { Db } from '~/server/platform/db'
import type { ChangesPage } from '~/shared/sync/protocol'
import { gunzipSync } from 'node:zlib'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { loadSyntheticCatalog } from '~/server/cli/seed-catalog'
import { buildApp } from '~/server/platform/app'
import { readConfig } from '~/server/platform/config'
import { migrate } from '~/server/platform/db/migrate'
import { seedAll } from '~/server/platform/seed'
import { SyncPageCache } from '~/server/sync/cache'
import { changesSinceJson } from '~/server/sync/store'
import { SYNC_DEVICE_PAGE } from '~/shared/sync/protocol'
import { openTestDb, storageKinds } from './helpers'
import { addStaff, signIn } from './staff-helpers'

async function get(app: FastifyInstance, qs: string, gzip = true) {
  const res = await app.inject({ url: `/api/sync/changes?${qs}`, headers: gzip ? { 'accept-encoding': 'gzip, deflate, br' } : {} })
  expect(res.statusCode, res.body).toBe(200)
  const text = res.headers['content-encoding'] === 'gzip' ? gunzipSync(res.rawPayload).toString() : res.body
  return { res, text, page: JSON.parse(text) as ChangesPage, cache: res.headers['x-sync-cache'] }
}

describe.each(storageKinds)('sync page cache on %s', (kind) => {
  let app: FastifyInstance
  let db: Db
  let drop: () => Promise<void>
  let admin: Record<string, string>
  beforeAll(async () => {
    const t = await openTestDb(kind)
    db = t.db
    drop = t.drop
    await migrate(db)
    await seedAll(db)
    // Three device pages: 4,500 synthetic entries after the seed catalog.
    await loadSyntheticCatalog(db, { count: 4500 })
    app = await buildApp({ db, version: 'test', syncCache: { watchMs: 50 } })
    await addStaff(db, 'cache-admin', 'admin')
    admin = (await signIn(app, 'cache-admin')).headers
  }, 120_000)
  afterAll(async () => {
    await app.close()
    await drop()
  })

  it('gzips the page for a client that accepts it, and sends the same JSON to one that does not', async () => {
    const zipped = await get(app, 'limit=50')
    expect(zipped.res.headers['content-encoding']).toBe('gzip')
    expect(zipped.res.headers.vary).toContain('accept-encoding')
    expect(zipped.res.rawPayload.length).toBeLessThan(Buffer.byteLength(zipped.text) / 2)
    const plain = await get(app, 'limit=50', false)
    expect(plain.res.headers['content-encoding']).toBeUndefined()
    expect(plain.text).toBe(zipped.text)
    const refused = await app.inject({ url: '/api/sync/changes?limit=50', headers: { 'accept-encoding': 'gzip;q=0, identity' } })
    expect(refused.headers['content-encoding']).toBeUndefined()
    expect(refused.body).toBe(zipped.text)
  })

  it('serves a page again from the cache, byte for byte what the database would build', async () => {
    const first = await get(app, 'limit=700')
    const again = await get(app, 'limit=700')
    expect(first.cache).toBe('miss')
    expect(again.cache).toBe('hit')
    expect(again.text).toBe(first.text)
    expect(again.text).toBe(await changesSinceJson(db, { epoch: null, seq: 0 }, 700))
  })

  it('builds the page again after a catalog change, and not after a new application', async () => {
    const before = await get(app, 'limit=900')
    expect((await get(app, 'limit=900')).cache).toBe('hit')
    // Applications are in the change log but devices do not mirror them: the page is still exact.
    await db.query(`insert into change_log (entity, entity_id, op) values ('application', 'not-mirrored', 'put')`)
    expect((await get(app, 'limit=900')).cache).toBe('hit')

    const entry = before.page.changes.find(c => c.entity === 'catalogEntry' && c.op === 'put')!
    const id = (entry as Extract<typeof entry, { op: 'put' }>).value.id
    const patched = await app.inject({ method: 'PATCH', url: `/api/admin/catalog/entries/${id}`, headers: admin, payload: { title: '缓存失效测试标题' } })
    expect(patched.statusCode, patched.body).toBe(200)
    const after = await get(app, 'limit=900')
    expect(after.cache).toBe('miss')
    // The edited entry moved to the end of the log: gone from this page, which is exact again.
    expect(after.page.changes.some(c => c.op === 'put' && c.value.id === id)).toBe(false)
    expect(after.text).toBe(await changesSinceJson(db, { epoch: null, seq: 0 }, 900))
  })

  it('warms every page a first download asks for, and a device walking them gets only hits', async () => {
    expect((await app.inject('/api/health')).json().syncCache.warm).toBe(false)
    await app.syncCache.warm()
    expect((await app.inject('/api/health')).json().syncCache).toMatchObject({ warm: true, pages: expect.any(Number) })
    let since = '0'
    const changes: unknown[] = []
    for (let pages = 1; ; pages++) {
      const p = await get(app, `since=${since}&limit=${SYNC_DEVICE_PAGE}`)
      expect(p.cache, `page ${pages}`).toBe('hit')
      changes.push(...p.page.changes)
      since = p.page.cursor
      if (!p.page.hasMore) {
        expect(pages).toBe(3)
        break
      }
    }
    const count = (await db.query<{ n: number }>('select count(*)::int as n from sync_latest')).rows[0]!.n
    expect(changes).toHaveLength(count)
  })

  it('warms again on its own after the catalog changed', async () => {
    const cache = new SyncPageCache(db, { warm: true, watchMs: 50 })
    try {
      cache.watch()
      const mark = async () => Number((await db.query<{ m: number }>('select max(seq)::bigint as m from sync_latest')).rows[0]!.m)
      await expect.poll(async () => cache.stats.warmedMark === await mark(), { timeout: 30_000 }).toBe(true)
      const res = await app.inject({ method: 'POST', url: '/api/admin/catalog/entries', headers: admin, payload: { indexNo: 'GK-CACHE/2024-00001', title: '预热测试', agencyId: 'gwy-ban', categoryName: '政策法规', publishedAt: '2024-05-06', summary: '', body: '' } })
      expect(res.statusCode, res.body).toBe(201)
      const moved = await mark()
      await expect.poll(() => cache.stats.warmedMark, { timeout: 30_000 }).toBe(moved)
    }
    finally {
      await cache.close()
    }
  })

  it('keeps within its byte budget, dropping the least recently used pages first', async () => {
    const limits = [10, 20, 30, 40, 50]
    const sizes = new Map<number, number>()
    for (const limit of limits)
      sizes.set(limit, (await new SyncPageCache(db, {}).page({ epoch: null, seq: 0 }, limit)).gz.length)
    // Room for the last two pages only.
    const budget = sizes.get(40)! + sizes.get(50)!
    const cache = new SyncPageCache(db, { maxBytes: budget })
    for (const limit of limits)
      await cache.page({ epoch: null, seq: 0 }, limit)
    expect(cache.stats).toMatchObject({ pages: 2, bytes: budget })
    expect((await cache.page({ epoch: null, seq: 0 }, 40)).hit).toBe(true)
    expect((await cache.page({ epoch: null, seq: 0 }, 10)).hit).toBe(false)
    // 40 was used last, so 50 made room for 10.
    expect((await cache.page({ epoch: null, seq: 0 }, 40)).hit).toBe(true)
    expect((await cache.page({ epoch: null, seq: 0 }, 50)).hit).toBe(false)
    const off = new SyncPageCache(db, { maxBytes: 0 })
    await off.page({ epoch: null, seq: 0 }, 10)
    expect((await off.page({ epoch: null, seq: 0 }, 10)).hit).toBe(false)
    expect(off.stats.pages).toBe(0)
  })
})

describe('sYNC_CACHE_MB', () => {
  it('is on and warmed by default, sized in megabytes, off at 0, and refuses nonsense', () => {
    expect(readConfig({}).syncCache).toEqual({ warm: true })
    expect(readConfig({ SYNC_CACHE_MB: '32' }).syncCache).toEqual({ warm: true, maxBytes: 32 * 2 ** 20 })
    expect(readConfig({ SYNC_CACHE_MB: '0' }).syncCache).toEqual({ warm: false, maxBytes: 0 })
    expect(() => readConfig({ SYNC_CACHE_MB: 'lots' })).toThrow(/SYNC_CACHE_MB/)
  })
})
