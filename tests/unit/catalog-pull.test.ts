/**
 * The device side of pull sync against fake-indexeddb: a page and its cursor commit together or
 * not at all, an interrupted download resumes at the last committed page, tombstones remove
 * entries, a reset starts over, the size limit keeps new entries out but not updates (and a kiosk
 * has none), and a full disk stops the download with what was committed still usable.
 */
import type { CatalogEntry } from '~/shared/catalog/types'
import type { ChangesPage, ChangesResponse, SyncChange } from '~/shared/sync/protocol'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { applyChangesPage, catalogChangesAfter, CursorMovedError, getCatalogEntries, readCapBytes, readCursor, writeCapBytes } from '~/data/catalog'
import { closeDb, getDb } from '~/data/db'
import { setSubmissionChannel } from '~/data/device'
import { pullChanges, StorageFullError } from '~/sync/pull'

const EPOCH = 'abcdef0123456789'

function entry(n: number, extra: Partial<CatalogEntry> = {}): CatalogEntry {
  return {
    id: `e${n}`,
    indexNo: `GK-T/2024-${n}`,
    title: `第${n}号通知`,
    agency: '测试机构',
    agencyId: 'a1',
    createdAt: '2024-01-02',
    publishedAt: '2024-01-02',
    docNo: null,
    categoryId: 'c1',
    disclosure: 'proactive',
    summary: '',
    body: '正文'.repeat(50),
    attachments: [],
    updatedAt: '2024-01-02T00:00:00.000Z',
    ...extra,
  }
}

const put = (seq: number, e: CatalogEntry): SyncChange => ({ op: 'put', entity: 'catalogEntry', seq, value: e })
const del = (seq: number, id: string): SyncChange => ({ op: 'delete', entity: 'catalogEntry', seq, id })
function pageOf(changes: SyncChange[], hasMore = false, remaining = 0): ChangesPage {
  return { type: 'changes', protocol: 1, changes, cursor: `${EPOCH}.${changes.at(-1)?.seq ?? 0}`, hasMore, remaining }
}

/** A server of fixed changes, served in pages of `limit` from any cursor. */
function fakeServer(all: SyncChange[], opts: { failAfterPages?: number } = {}) {
  let served = 0
  return async (cursor: string, limit: number): Promise<ChangesResponse> => {
    if (opts.failAfterPages !== undefined && served >= opts.failAfterPages)
      throw new TypeError('Failed to fetch')
    served++
    const since = cursor === '0' ? 0 : Number(cursor.split('.')[1])
    const rest = all.filter(c => c.seq > since)
    const changes = rest.slice(0, limit)
    return { ...pageOf(changes, rest.length > limit, rest.length - changes.length), cursor: `${EPOCH}.${changes.at(-1)?.seq ?? since}` }
  }
}

beforeEach(async () => {
  // Dexie keeps the IDBFactory it found first, so start each test from a deleted database.
  await getDb().delete()
  closeDb()
})

describe('applying a page', () => {
  it('writes the entries, categories and reports with the cursor', async () => {
    await applyChangesPage(pageOf([
      { op: 'put', entity: 'catalogAgency', seq: 1, value: { id: 'a1', name: '测试机构', orgCode: 'GK-T', shortName: null, creditCode: null, level: 'county', region: '测试省测试县', parentId: null, officeName: null, officeAddress: null, officePhone: null, officeHours: null, guide: '', active: true, updatedAt: '2024-01-01T00:00:00.000Z' } },
      { op: 'put', entity: 'catalogCategory', seq: 2, value: { id: 'c1', agencyId: 'a1', parentId: null, name: '政策法规', order: 0 } },
      put(3, entry(1)),
      { op: 'put', entity: 'report', seq: 4, value: { id: 'r1', title: '年报', agency: '测试机构', year: 2024, publishedAt: null, template: 'legacy', region: null, updatedAt: '2024-01-01T00:00:00.000Z', body: '正文' } },
    ]))
    const db = getDb()
    expect(await db.catalogEntries.get('e1')).toMatchObject({ title: '第1号通知', seq: 3 })
    expect(await db.catalogCategories.count()).toBe(1)
    expect(await db.reports.get('r1')).toMatchObject({ title: '年报' })
    expect(await readCursor()).toBe(`${EPOCH}.4`)
  })

  it('commits nothing, not even the cursor, when any part of the page fails', async () => {
    await applyChangesPage(pageOf([put(1, entry(1))]))
    const broken = pageOf([
      { op: 'put', entity: 'catalogCategory', seq: 2, value: { id: 'c9', agencyId: 'a1', parentId: null, name: '新分类', order: 0 } },
      put(3, entry(2)),
      // No id: IndexedDB refuses the row, the transaction aborts.
      put(4, { ...entry(3), id: undefined as unknown as string }),
    ])
    await expect(applyChangesPage(broken)).rejects.toThrow()
    const db = getDb()
    expect(await db.catalogCategories.get('c9')).toBeUndefined()
    expect(await db.catalogEntries.get('e2')).toBeUndefined()
    expect(await readCursor()).toBe(`${EPOCH}.1`)
  })

  it('removes a withdrawn entry and leaves a tombstone for the search index', async () => {
    await applyChangesPage(pageOf([put(1, entry(1)), put(2, entry(2))]))
    await applyChangesPage(pageOf([del(3, 'e1')]))
    expect(await getDb().catalogEntries.get('e1')).toBeUndefined()
    const after = await catalogChangesAfter(2)
    expect(after).toMatchObject({ upserts: [], removals: ['e1'], maxSeq: 3 })
    // Put back later (re-published): the tombstone goes.
    await applyChangesPage(pageOf([put(4, entry(1))]))
    expect(await getDb().catalogTombstones.count()).toBe(0)
  })

  it('with a size limit, keeps new entries out but still updates and removes held ones', async () => {
    await applyChangesPage(pageOf([put(1, entry(1))]))
    const cap = (await getDb().meta.get('catalog.bytes'))!.value as number + 10
    const r = await applyChangesPage(pageOf([put(2, entry(2)), put(3, entry(1, { title: '改过的标题' }))]), { capBytes: cap })
    expect(r).toMatchObject({ applied: 1, skipped: 1 })
    expect(await getDb().catalogEntries.get('e2')).toBeUndefined()
    expect((await getDb().catalogEntries.get('e1'))!.title).toBe('改过的标题')
    expect((await getDb().meta.get('catalog.capped'))!.value).toBe(true)
    // Lifting the limit rescans the log from its start.
    await writeCapBytes(cap)
    await writeCapBytes(null)
    expect(await readCursor()).toBe(`${EPOCH}.0`)
  })
})

describe('pulling', () => {
  const all = Array.from({ length: 25 }, (_, i) => put(i + 1, entry(i + 1)))

  it('applies a page only on top of the cursor it was fetched with', async () => {
    await applyChangesPage(pageOf([put(1, entry(1))]), { after: '0' })
    await expect(applyChangesPage(pageOf([put(5, entry(5))]), { after: `${EPOCH}.3` })).rejects.toBeInstanceOf(CursorMovedError)
    expect(await getDb().catalogEntries.get('e5')).toBeUndefined()
    expect(await readCursor()).toBe(`${EPOCH}.1`)
  })

  it('stops without writing when the database is wiped mid-pull, and the next pull starts from nothing', async () => {
    const serve = fakeServer(all)
    let pages = 0
    const fetchPage = async (cursor: string, limit: number) => {
      // Once the first page has committed, the browser wipes the site's storage under the pull
      // (the second page is fetched ahead, while the first is written).
      if (++pages === 2) {
        while (await readCursor() !== `${EPOCH}.10`)
          await new Promise(r => setTimeout(r, 5))
        await getDb().delete()
        closeDb()
      }
      return serve(cursor, limit)
    }
    await expect(pullChanges({ fetchPage, limit: 10 })).rejects.toBeInstanceOf(CursorMovedError)
    // The fresh database got neither the old pull's later pages nor its cursor.
    expect(await readCursor()).toBe('0')
    expect(await getDb().catalogEntries.count()).toBe(0)
    expect(await pullChanges({ fetchPage: fakeServer(all), limit: 10 })).toMatchObject({ applied: 25 })
    expect(await getDb().catalogEntries.count()).toBe(25)
  })

  it('reports progress page by page and ends at the server head', async () => {
    const seen: number[] = []
    const r = await pullChanges({ fetchPage: fakeServer(all), limit: 10, onProgress: p => seen.push(Math.round(100 * p.done / p.total)) })
    expect(r).toMatchObject({ applied: 25, pages: 3 })
    expect(seen).toEqual([40, 80, 100])
    expect(await getDb().catalogEntries.count()).toBe(25)
  })

  it('resumes an interrupted download at the last committed page', async () => {
    await expect(pullChanges({ fetchPage: fakeServer(all, { failAfterPages: 2 }), limit: 10 })).rejects.toThrow('Failed to fetch')
    expect(await getDb().catalogEntries.count()).toBe(20)
    expect(await readCursor()).toBe(`${EPOCH}.20`)
    const asked: string[] = []
    const server = fakeServer(all)
    await pullChanges({ limit: 10, fetchPage: (c, l) => {
      asked.push(c)
      return server(c, l)
    } })
    expect(asked).toEqual([`${EPOCH}.20`])
    expect(await getDb().catalogEntries.count()).toBe(25)
  })

  it('starts over when the server answers with a reset', async () => {
    await pullChanges({ fetchPage: fakeServer(all), limit: 100 })
    const fresh = [put(1, entry(100))]
    let first = true
    const server = fakeServer(fresh)
    await pullChanges({ limit: 100, fetchPage: async (c, l) => {
      if (first) {
        first = false
        return { type: 'reset', protocol: 1, cursor: `${EPOCH}.0`, reason: 'epoch' }
      }
      return server(c, l)
    } })
    expect((await getDb().catalogEntries.toArray()).map(e => e.id)).toEqual(['e100'])
    expect((await getDb().meta.get('sync.generation'))!.value).toBe(1)
  })

  it('on a kiosk ignores a size limit and downloads everything', async () => {
    await writeCapBytes(1500)
    await setSubmissionChannel('inPerson')
    expect(await readCapBytes()).toBeNull()
    const r = await pullChanges({ fetchPage: fakeServer(all), limit: 10 })
    expect(r).toMatchObject({ applied: 25, skipped: 0 })
    expect(await getDb().catalogEntries.count()).toBe(25)
  })

  it('on a first download under a size limit, still applies an edit made mid-download to an entry it holds', async () => {
    await writeCapBytes(1500)
    const edited = [...all, put(26, entry(2, { title: '第2号通知（修订）' }))]
    const r = await pullChanges({ fetchPage: fakeServer(edited), limit: 10 })
    const held = await getDb().catalogEntries.toArray()
    expect(held.map(e => e.id).sort()).toEqual(['e1', 'e2', 'e3'])
    expect(held.find(e => e.id === 'e2')!.title).toBe('第2号通知（修订）')
    expect(r).toMatchObject({ applied: 4, skipped: 22 })
    expect((await getDb().meta.get('catalog.bytes'))!.value).toBe(held.reduce((n, e) => n + e.size, 0))
  })

  describe('when the disk fills up', () => {
    // The browser's path, in fake-indexeddb: the request that does not fit fails with a
    // QuotaExceededError and the whole transaction aborts with it.
    const proto = IDBObjectStore.prototype as unknown as { put: (...args: unknown[]) => IDBRequest }
    const realPut = proto.put
    let room = 0
    beforeEach(() => {
      proto.put = function (this: IDBObjectStore & { transaction: { _execRequestAsync: (r: object) => IDBRequest } }, ...args: unknown[]) {
        if (this.name !== 'catalogEntries' || room-- > 0)
          return realPut.apply(this, args)
        return this.transaction._execRequestAsync({
          source: this,
          operation: () => {
            throw new DOMException('The quota has been exceeded.', 'QuotaExceededError')
          },
        })
      }
    })
    afterEach(() => {
      proto.put = realPut
    })

    it('stops with StorageFullError, keeps every committed page usable, and resumes once there is room', async () => {
      room = 15
      const err = await pullChanges({ fetchPage: fakeServer(all), limit: 10 }).catch((e: unknown) => e)
      expect(err).toBeInstanceOf(StorageFullError)
      // The first page committed; the second aborted whole (no half page, cursor not moved).
      expect(await getDb().catalogEntries.count()).toBe(10)
      expect(await readCursor()).toBe(`${EPOCH}.10`)
      expect((await getCatalogEntries(['e1', 'e10', 'e11'])).map(e => e.id)).toEqual(['e1', 'e10'])

      room = Infinity
      const r = await pullChanges({ fetchPage: fakeServer(all), limit: 10 })
      expect(r.applied).toBe(15)
      expect(await getDb().catalogEntries.count()).toBe(25)
    })
  })
})
