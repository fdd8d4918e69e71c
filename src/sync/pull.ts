/**
 * Pull sync (docs/catalog-sync.md): asks /api/sync/changes for the page after the stored cursor,
 * applies it with its cursor in one Dexie transaction, announces it to the search worker, and
 * repeats until the server has nothing more. Stopping anywhere (tab closed, network gone, disk
 * full) loses nothing: the next pull starts at the last page that committed.
 */
import type { ChangesResponse } from '~/shared/sync/protocol'
import { applyChangesPage, readCapBytes, readCursor, resetMirror } from '~/data/catalog'
import { STORAGE } from '~/data/keys'
import { SYNC_PROTOCOL_VERSION } from '~/shared/sync/protocol'
import { getJson } from './http'

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

export function isQuotaError(err: unknown): boolean {
  const seen = new Set<unknown>()
  let e: unknown = err
  // Dexie wraps the DOMException (inner), sometimes twice.
  while (e && typeof e === 'object' && !seen.has(e)) {
    seen.add(e)
    if ((e as { name?: string }).name === 'QuotaExceededError')
      return true
    e = (e as { inner?: unknown }).inner ?? (e as { cause?: unknown }).cause
  }
  return false
}

function defaultFetch(cursor: string, limit: number, signal?: AbortSignal) {
  return getJson<ChangesResponse>(`/api/sync/changes?since=${encodeURIComponent(cursor)}&limit=${limit}`, { signal, timeoutMs: 60_000 })
}

function announce(cursor: string): void {
  if (typeof BroadcastChannel === 'undefined')
    return
  const ch = new BroadcastChannel(STORAGE.channels.sync)
  ch.postMessage({ type: 'applied', cursor })
  ch.close()
}

export async function pullChanges(options: PullOptions = {}): Promise<PullSummary> {
  const fetchPage = options.fetchPage ?? defaultFetch
  const limit = options.limit ?? 1000
  const capBytes = await readCapBytes()
  let cursor = await readCursor()
  const summary: PullSummary = { applied: 0, skipped: 0, pages: 0 }
  let resets = 0
  for (;;) {
    const page = await fetchPage(cursor, limit, options.signal)
    if (page.protocol !== SYNC_PROTOCOL_VERSION)
      throw new Error(`unsupported sync protocol ${String(page.protocol)}`)
    if (page.type === 'reset') {
      if (++resets > 1)
        throw new Error('sync reset twice in one pull')
      await resetMirror(page)
      announce(page.cursor)
      cursor = page.cursor
      continue
    }
    try {
      const r = await applyChangesPage(page, { capBytes })
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

/** Event the app's sync module listens for, to pull now (e.g. after the size limit changed). */
export const SYNC_NOW_EVENT = 'gongkai:sync-now'

export function requestSync(): void {
  if (typeof window !== 'undefined')
    window.dispatchEvent(new Event(SYNC_NOW_EVENT))
}
