/**
 * Pull sync (docs/catalog-sync.md): asks /api/sync/changes for the page after the stored cursor,
 * applies it with its cursor in one Dexie transaction, announces it to the search worker, and
 * repeats until the server has nothing more. Stopping anywhere (tab closed, network gone, disk
 * full) loses nothing: the next pull starts at the last page that committed.
 */
import type { ChangesResponse } from '~/shared/sync/protocol'
import { api } from '~/app/api'
import { applyChangesPage, catalogIsEmpty, readCapBytes, readCursor, resetMirror } from '~/data/catalog'
import { STORAGE } from '~/data/keys'
import { SYNC_DEVICE_PAGE, SYNC_PROTOCOL_VERSION } from '~/shared/sync/protocol'

export interface PullProgress {
  /** Changes applied in this pull so far. */
  done: number
  /** done + what the server says is still waiting (an upper bound). */
  total: number
}

export interface PullOptions {
  signal?: AbortSignal
  /** Changes per page. */
  limit?: number
  onProgress?: (p: PullProgress) => void
  /** Fetches one page; tests and benchmarks may swap it. */
  fetchPage?: (cursor: string, limit: number, signal?: AbortSignal) => Promise<ChangesResponse>
}

export interface PullSummary {
  applied: number
  skipped: number
  pages: number
}

/** The disk is full: what is stored stays usable, the download stops. */
export class StorageFullError extends Error {
  constructor() {
    super('storage full')
    this.name = 'StorageFullError'
  }
}

/**
 * True if `err` is, or wraps, a QuotaExceededError. Dexie wraps the DOMException in `inner`
 * (sometimes twice), and a failed bulkPut in a BulkError whose `failures` hold it.
 */
export function isQuotaError(err: unknown): boolean {
  const seen = new Set<unknown>()
  const queue: unknown[] = [err]
  while (queue.length) {
    const e = queue.shift()
    if (!e || typeof e !== 'object' || seen.has(e))
      continue
    seen.add(e)
    const x = e as { name?: string, inner?: unknown, cause?: unknown, failures?: unknown }
    if (x.name === 'QuotaExceededError')
      return true
    queue.push(x.inner, x.cause, ...(Array.isArray(x.failures) ? x.failures : []))
  }
  return false
}

function defaultFetch(cursor: string, limit: number, signal?: AbortSignal) {
  return api.get<ChangesResponse>('/api/sync/changes', { query: { since: cursor, limit }, signal, timeoutMs: 60_000 })
}

function announce(cursor: string): void {
  if (typeof BroadcastChannel === 'undefined')
    return
  const ch = new BroadcastChannel(STORAGE.channels.sync)
  ch.postMessage({ type: 'applied', cursor })
  ch.close()
}

/** Pulls until the server has nothing more; one pull at a time across tabs (Web Locks, where present). */
export async function pullChanges(options: PullOptions = {}): Promise<PullSummary> {
  const locks = typeof navigator !== 'undefined' ? navigator.locks : undefined
  if (!locks)
    return pullLocked(options)
  return locks.request(STORAGE.locks.pull, { signal: options.signal }, () => pullLocked(options))
}

async function pullLocked(options: PullOptions): Promise<PullSummary> {
  const fetchPage = options.fetchPage ?? defaultFetch
  const limit = options.limit ?? SYNC_DEVICE_PAGE
  const capBytes = await readCapBytes()
  let cursor = await readCursor()
  // On an empty device, remember what this pull stores instead of looking each entry up.
  let held = await catalogIsEmpty() ? new Map<string, number>() : undefined
  const summary: PullSummary = { applied: 0, skipped: 0, pages: 0 }
  let resets = 0
  // While a page is written to IndexedDB the next one is already on its way: the server's work
  // and the device's overlap. Only the stored cursor counts, so a prefetched page that is never
  // applied is simply asked for again next time.
  let next: Promise<ChangesResponse> | null = null
  const inner = new AbortController()
  options.signal?.addEventListener('abort', () => inner.abort(options.signal!.reason))
  try {
    for (;;) {
      const page = await (next ?? fetchPage(cursor, limit, inner.signal))
      next = null
      if (page.protocol !== SYNC_PROTOCOL_VERSION)
        throw new Error(`unsupported sync protocol ${String(page.protocol)}`)
      if (page.type === 'reset') {
        if (++resets > 1)
          throw new Error('sync reset twice in one pull')
        await resetMirror(page)
        held = new Map()
        announce(page.cursor)
        cursor = page.cursor
        continue
      }
      if (page.hasMore) {
        next = fetchPage(page.cursor, limit, inner.signal)
        next.catch(() => {}) // surfaced when awaited
      }
      try {
        // Only on top of the cursor it was asked for: a database wiped meanwhile holds another.
        const r = await applyChangesPage(page, { capBytes, held, after: cursor })
        summary.applied += r.applied
        summary.skipped += r.skipped
      }
      catch (err) {
        if (isQuotaError(err))
          throw new StorageFullError()
        throw err
      }
      summary.pages++
      cursor = page.cursor
      announce(cursor)
      const done = summary.applied + summary.skipped
      options.onProgress?.({ done, total: done + page.remaining })
      if (!page.hasMore)
        return summary
    }
  }
  finally {
    if (next)
      inner.abort()
  }
}

/** Event the app's sync module listens for, to pull now (e.g. after the size limit changed). */
export const SYNC_NOW_EVENT = 'gongkai:sync-now'

export function requestSync(): void {
  if (typeof window !== 'undefined')
    window.dispatchEvent(new Event(SYNC_NOW_EVENT))
}
