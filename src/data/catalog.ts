import type { Table } from 'dexie'
/**
 * The catalog on the device: written only by pull sync, one page per transaction together with
 * the cursor that follows it (docs/catalog-sync.md), read by live queries and the search worker.
 */
import type { CatalogTombstone, StoredCatalogEntry } from './db'
import type { ReportDetail } from '~/shared/api'
import type { CatalogAgency, CatalogCategory, CatalogEntry } from '~/shared/catalog/types'
import type { SerializedSearchIndex } from '~/shared/search/types'
import type { ChangesPage, ResetPage } from '~/shared/sync/protocol'
import { liveQuery } from 'dexie'
import { START_CURSOR } from '~/shared/sync/protocol'
import { getDb, getMeta } from './db'
import { STORAGE } from './keys'

const M = STORAGE.meta

/** What applying one page did. */
export interface ApplyResult {
  /** Changes written (puts and deletes). */
  applied: number
  /** New entries left out because of the size limit. */
  skipped: number
  /** The cursor now stored. */
  cursor: string
}

function sizeOf(e: CatalogEntry): number {
  // UTF-16 in IndexedDB: two bytes a character is close enough for a size limit.
  return 2 * (e.title.length + e.summary.length + e.body.length + e.indexNo.length + (e.docNo?.length ?? 0) + e.agency.length) + 200
}

/**
 * The page was fetched after a cursor that is no longer the stored one: another pull got there
 * first, or the database was wiped under this pull (its cursor came from the old database). Applying
 * it would store rows and a cursor that skip everything before them; nothing is written.
 */
export class CursorMovedError extends Error {
  constructor(readonly expected: string, readonly stored: string) {
    super(`sync cursor moved (page follows ${expected}, database holds ${stored})`)
    this.name = 'CursorMovedError'
  }
}

/** The stored cursor: where the next pull starts. */
export async function readCursor(): Promise<string> {
  return (await getMeta<string>(M.syncCursor)) ?? START_CURSOR
}

/**
 * Applies one page of changes and moves the cursor past it, in ONE transaction: if the tab closes,
 * the disk fills or anything throws, neither the rows nor the cursor move, and the next pull asks
 * for the same page again. `capBytes` keeps NEW entries out past that many bytes, while entries
 * already held still get their updates and withdrawals (so a capped device is never stale).
 *
 * `held`, when given, is the size of EVERY entry the device holds (a first download starts with
 * an empty map and the caller keeps it): the page then needs no read of the entries table, which
 * on a first download is a few thousand lookups that all miss. It is updated only after commit.
 *
 * `after`, when given, is the cursor the page was fetched with: the page applies only on top of
 * it (CursorMovedError otherwise), checked inside the same transaction.
 */
export async function applyChangesPage(page: ChangesPage, options: { capBytes?: number | null, now?: string, held?: Map<string, number>, after?: string } = {}): Promise<ApplyResult> {
  const db = getDb()
  const now = options.now ?? new Date().toISOString()
  const known = options.held
  const result = await db.transaction('rw', [db.catalogEntries, db.catalogCategories, db.catalogAgencies, db.catalogTombstones, db.reports, db.meta], async () => {
    const [storedCursor, storedBytes, storedCapped] = await db.meta.bulkGet([M.syncCursor, M.catalogBytes, M.catalogCapped])
    if (options.after !== undefined) {
      const stored = (storedCursor?.value as string | undefined) ?? START_CURSOR
      if (stored !== options.after)
        throw new CursorMovedError(options.after, stored)
    }
    let bytes = (storedBytes?.value as number | undefined) ?? 0
    let capped = (storedCapped?.value as boolean | undefined) ?? false
    const entryIds = page.changes.filter(c => c.entity === 'catalogEntry').map(c => c.op === 'put' ? c.value.id : c.id)
    const held = new Map<string, number>()
    if (known) {
      for (const id of entryIds) {
        const size = known.get(id)
        if (size !== undefined)
          held.set(id, size)
      }
    }
    else {
      for (const e of await db.catalogEntries.bulkGet(entryIds)) {
        if (e)
          held.set(e.id, e.size)
      }
    }

    const putEntries = new Map<string, StoredCatalogEntry>()
    const dropEntries = new Map<string, CatalogTombstone>()
    const categories = { put: [] as CatalogCategory[], drop: [] as string[] }
    const agencies = { put: [] as CatalogAgency[], drop: [] as string[] }
    const reports = { put: [] as (ReportDetail & { fetchedAt: string })[], drop: [] as string[] }
    let skipped = 0
    for (const c of page.changes) {
      switch (c.entity) {
        case 'catalogEntry':
          if (c.op === 'put') {
            const size = sizeOf(c.value)
            const before = held.get(c.value.id)
            if (before === undefined && options.capBytes != null && bytes + size > options.capBytes) {
              skipped++
              capped = true
              continue
            }
            bytes += size - (before ?? 0)
            held.set(c.value.id, size)
            dropEntries.delete(c.value.id)
            putEntries.set(c.value.id, { ...c.value, seq: c.seq, size })
          }
          else {
            bytes -= held.get(c.id) ?? 0
            held.delete(c.id)
            putEntries.delete(c.id)
            dropEntries.set(c.id, { id: c.id, seq: c.seq })
          }
          break
        case 'catalogCategory':
          if (c.op === 'put')
            categories.put.push(c.value as CatalogCategory)
          else
            categories.drop.push(c.id)
          break
        case 'catalogAgency':
          if (c.op === 'put')
            agencies.put.push(c.value as CatalogAgency)
          else
            agencies.drop.push(c.id)
          break
        case 'report':
          if (c.op === 'put')
            reports.put.push({ ...(c.value as ReportDetail), fetchedAt: now })
          else
            reports.drop.push(c.id)
          break
      }
    }
    // One bulk call per table (a page names each record at most once, so order within it does not
    // matter): each single put costs a pass through Dexie's middleware, which on a phone's first
    // visit made the small seed page a long task.
    for (const [table, batch] of [[db.catalogCategories, categories], [db.catalogAgencies, agencies], [db.reports, reports]] as const) {
      if (batch.put.length)
        await (table as Table).bulkPut(batch.put)
      if (batch.drop.length)
        await table.bulkDelete(batch.drop)
    }
    if (putEntries.size) {
      await db.catalogEntries.bulkPut([...putEntries.values()])
      // A first download has no tombstones: skip thousands of deletes that would all miss.
      if (await db.catalogTombstones.count())
        await db.catalogTombstones.bulkDelete([...putEntries.keys()])
    }
    if (dropEntries.size) {
      await db.catalogEntries.bulkDelete([...dropEntries.keys()])
      await db.catalogTombstones.bulkPut([...dropEntries.values()])
    }
    await db.meta.bulkPut([
      { key: M.syncCursor, value: page.cursor },
      { key: M.catalogBytes, value: Math.max(0, bytes) },
      { key: M.catalogCapped, value: capped },
      { key: M.reportsSyncedAt, value: now },
    ])
    return { result: { applied: page.changes.length - skipped, skipped, cursor: page.cursor }, putEntries, dropEntries }
  })
  if (known) {
    for (const [id, e] of result.putEntries)
      known.set(id, e.size)
    for (const id of result.dropEntries.keys())
      known.delete(id)
  }
  return result.result
}

/** True when the device holds no catalog entries (a first download, or after a reset). */
export async function catalogIsEmpty(): Promise<boolean> {
  return (await getDb().catalogEntries.count()) === 0
}

/**
 * The server's change log was replaced: forget everything mirrored from it and start again at the
 * cursor it gave. The generation bump tells the search worker to rebuild instead of catching up.
 */
export async function resetMirror(page: ResetPage): Promise<void> {
  const db = getDb()
  await db.transaction('rw', [db.catalogEntries, db.catalogCategories, db.catalogAgencies, db.catalogTombstones, db.reports, db.searchIndex, db.meta], async () => {
    await Promise.all([db.catalogEntries.clear(), db.catalogCategories.clear(), db.catalogAgencies.clear(), db.catalogTombstones.clear(), db.reports.clear(), db.searchIndex.clear()])
    const generation = ((await db.meta.get(M.syncGeneration))?.value as number | undefined) ?? 0
    await db.meta.bulkPut([
      { key: M.syncCursor, value: page.cursor },
      { key: M.syncGeneration, value: generation + 1 },
      { key: M.catalogBytes, value: 0 },
      { key: M.catalogCapped, value: false },
    ])
  })
}

/** The download size limit in bytes, or null for none. */
/**
 * The download size limit in force. A kiosk (submission channel 'inPerson') always holds the whole
 * catalog: a limit left from before it became a kiosk is removed, which also rescans what it kept out.
 */
export async function readCapBytes(): Promise<number | null> {
  const cap = (await getMeta<number | null>(M.catalogCapBytes)) ?? null
  if (cap !== null && await isKiosk()) {
    await writeCapBytes(null)
    return null
  }
  return cap
}

/** True on a kiosk in the agency's hall (the kiosk feature sets the 'inPerson' channel). */
export async function isKiosk(): Promise<boolean> {
  return (await getMeta<string>(M.submissionChannel)) === 'inPerson'
}

/**
 * Sets the download size limit. Raising or removing it restarts the scan from the start of the log
 * (entries already held are rewritten unchanged), because entries left out earlier are behind the
 * cursor; lowering it keeps what is held and only stops new entries.
 */
export async function writeCapBytes(cap: number | null): Promise<void> {
  const db = getDb()
  await db.transaction('rw', db.meta, async () => {
    const before = ((await db.meta.get(M.catalogCapBytes))?.value as number | null | undefined) ?? null
    const capped = ((await db.meta.get(M.catalogCapped))?.value as boolean | undefined) ?? false
    await db.meta.put({ key: M.catalogCapBytes, value: cap })
    const raised = cap === null ? before !== null : before !== null && cap > before
    if (raised && capped) {
      const cursor = ((await db.meta.get(M.syncCursor))?.value as string | undefined) ?? START_CURSOR
      // Same log, from its start: keep the epoch so the server does not answer with a reset.
      await db.meta.bulkPut([
        { key: M.syncCursor, value: cursor.replace(/\.\d+$/, '.0') },
        { key: M.catalogCapped, value: false },
      ])
    }
  })
}

/** Live summary of what the device holds: entry count, approximate bytes, whether capped. */
export function watchCatalogHoldings() {
  return liveQuery(async () => {
    const db = getDb()
    const [entries, bytes, capped, cap] = await Promise.all([
      db.catalogEntries.count(),
      getMeta<number>(M.catalogBytes),
      getMeta<boolean>(M.catalogCapped),
      getMeta<number | null>(M.catalogCapBytes),
    ])
    return { entries, bytes: bytes ?? 0, capped: capped ?? false, capBytes: cap ?? null }
  })
}

/** One collator for every comparison: `localeCompare(…, 'zh-CN')` builds a new ICU collator per call. */
let zhCollator: Intl.Collator | undefined
const byChineseName = (a: { name: string }, b: { name: string }) => (zhCollator ??= new Intl.Collator('zh-CN')).compare(a.name, b.name)

/** Live list of categories and agencies (the browse tree). */
export function watchCatalogTree() {
  return liveQuery(async () => {
    const db = getDb()
    const [agencies, categories] = await Promise.all([db.catalogAgencies.toArray(), db.catalogCategories.toArray()])
    agencies.sort(byChineseName)
    categories.sort((a, b) => a.order - b.order || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
    return { agencies, categories }
  })
}

export function watchCatalogEntry(id: string) {
  return liveQuery(() => getDb().catalogEntries.get(id))
}

/** Entries by id, in the order asked (missing ones dropped): the search worker's result rows. */
export async function getCatalogEntries(ids: string[]): Promise<StoredCatalogEntry[]> {
  return (await getDb().catalogEntries.bulkGet(ids)).filter((e): e is StoredCatalogEntry => !!e)
}

/** What changed after `seq`, for the search index to catch up: entries put and ids dropped. */
export async function catalogChangesAfter(seq: number): Promise<{ upserts: StoredCatalogEntry[], removals: string[], maxSeq: number }> {
  const db = getDb()
  return db.transaction('r', [db.catalogEntries, db.catalogTombstones], async () => {
    const upserts = await db.catalogEntries.where('seq').above(seq).toArray()
    const tombs = await db.catalogTombstones.where('seq').above(seq).toArray()
    let maxSeq = seq
    for (const r of [...upserts, ...tombs])
      maxSeq = Math.max(maxSeq, r.seq)
    return { upserts, removals: tombs.map(t => t.id), maxSeq }
  })
}

export async function allCatalogCategories(): Promise<CatalogCategory[]> {
  return getDb().catalogCategories.toArray()
}

export async function readSyncGeneration(): Promise<number> {
  return (await getMeta<number>(M.syncGeneration)) ?? 0
}

export async function loadSearchIndex() {
  return getDb().searchIndex.get('catalog')
}

export async function saveSearchIndex(row: { seq: number, generation: number, data: SerializedSearchIndex }): Promise<void> {
  await getDb().searchIndex.put({ key: 'catalog', ...row })
}
