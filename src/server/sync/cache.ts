/**
 * Ready-made, gzipped pages of the change log for pull sync (docs/catalog-sync.md, "Page cache").
 *
 * Every empty device asks for the same pages: `since=0`, then each page's cursor, 2000 changes a
 * page. Building one costs the database about 0.1 s (the JSON of 2000 entries), and a catalog of
 * 100,000 entries is 50 pages and 150 MB of JSON. So the server keeps the pages it sent, gzipped
 * (about a tenth of the size), keyed by where they start and how long they are, and valid while
 * the last mirrored change is the one they were built at (`mark` in sync/store.ts): any change to
 * the catalog or a report moves it and a stale page is built again on its next request; a new
 * application, which devices do not mirror, leaves the cache alone. The same holds for a delta: a
 * thousand kiosks asking for the changes after the same cursor cost one query.
 *
 * `warm()` walks the log from the start ahead of any device (at start-up and, via `watch()`, some
 * time after the catalog changed), so a first download never waits for the database. Gzip also
 * goes to every page the cache does not hold: on a phone with a poor connection the first download
 * is then a tenth of the bytes.
 *
 * Per server process; with several processes on one PostgreSQL each keeps its own copy, and the
 * mark check keeps every copy correct.
 */
import type { Db } from '../platform/db'
import { promisify } from 'node:util'
import { gunzip, gzip } from 'node:zlib'
import { SYNC_DEVICE_PAGE } from '../../shared/sync/protocol'
import { changesPage, syncHead } from './store'

const gzipAsync = promisify(gzip)
const gunzipAsync = promisify(gunzip)

export interface SyncCacheOptions {
  /** Bytes of gzipped pages kept (least recently used go first); 0 turns the cache off. */
  maxBytes: number
  /** Walk the log from the start at start-up and after changes (the server's main.ts turns it on). */
  warm: boolean
  /** How often to look for a moved mark and warm again (ms). */
  watchMs: number
}

export const SYNC_CACHE_DEFAULTS: SyncCacheOptions = { maxBytes: 96 * 2 ** 20, warm: false, watchMs: 30_000 }

interface Page {
  epoch: string
  mark: number
  gz: Buffer
  /** Where the next page starts, when there is one. */
  next: number | null
}

export interface SyncPageResult {
  /** The page, gzipped. */
  gz: Buffer
  /** Served from the cache. */
  hit: boolean
  next: number | null
}

export class SyncPageCache {
  private pages = new Map<string, Page>()
  private bytes = 0
  private warming: Promise<void> | null = null
  private warmedMark: number | null = null
  private timer: ReturnType<typeof setInterval> | null = null
  private closed = false
  readonly options: SyncCacheOptions

  constructor(private readonly db: Db, options: Partial<SyncCacheOptions> = {}) {
    this.options = { ...SYNC_CACHE_DEFAULTS, ...options }
  }

  /** Stats for /api/health and tests. */
  get stats() {
    return { pages: this.pages.size, bytes: this.bytes, warmedMark: this.warmedMark }
  }

  /**
   * The page after `since` of at most `limit` changes, gzipped: from the cache when it was built at
   * the current mark, otherwise built now (and kept).
   */
  async page(since: { epoch: string | null, seq: number }, limit: number): Promise<SyncPageResult> {
    const key = `${since.seq}:${limit}`
    if (this.options.maxBytes > 0) {
      const now = await syncHead(this.db)
      const cached = this.pages.get(key)
      // A device's cursor from another log gets a reset page: never from the cache.
      if (cached && cached.mark === now.mark && cached.epoch === now.epoch && (since.epoch === null || since.epoch === now.epoch)) {
        this.pages.delete(key)
        this.pages.set(key, cached) // most recently used last
        return { gz: cached.gz, hit: true, next: cached.next }
      }
    }
    const built = await changesPage(this.db, since, limit)
    const gz = await gzipAsync(built.json, { level: 5 })
    if (this.options.maxBytes > 0 && built.type === 'changes')
      this.keep(key, { epoch: built.epoch, mark: built.mark, gz, next: built.next })
    return { gz, hit: false, next: built.next }
  }

  private keep(key: string, page: Page): void {
    const old = this.pages.get(key)
    if (old) {
      this.bytes -= old.gz.length
      this.pages.delete(key)
    }
    if (page.gz.length > this.options.maxBytes)
      return
    this.pages.set(key, page)
    this.bytes += page.gz.length
    for (const [k, p] of this.pages) {
      if (this.bytes <= this.options.maxBytes)
        break
      this.pages.delete(k)
      this.bytes -= p.gz.length
    }
  }

  /**
   * Builds every page an empty device will ask for, from the start of the log, one at a time and
   * yielding between them so requests are not held up. Stops early if the log moves meanwhile (the
   * next watch tick starts again). Resolves when done; never rejects.
   */
  warm(): Promise<void> {
    if (this.warming || this.options.maxBytes <= 0 || this.closed)
      return this.warming ?? Promise.resolve()
    this.warming = (async () => {
      try {
        const start = await syncHead(this.db)
        let since: { epoch: string | null, seq: number } = { epoch: null, seq: 0 }
        for (;;) {
          if (this.closed)
            return
          const { next } = await this.page(since, SYNC_DEVICE_PAGE)
          const now = await syncHead(this.db)
          if (now.mark !== start.mark || now.epoch !== start.epoch)
            return
          if (next === null) {
            this.warmedMark = start.mark
            return
          }
          since = { epoch: start.epoch, seq: next }
          await new Promise(resolve => setImmediate(resolve))
        }
      }
      catch {
        // Storage closing or briefly unavailable: the next tick tries again.
      }
      finally {
        this.warming = null
      }
    })()
    return this.warming
  }

  /** Warms now, and again whenever the mark has moved since the last complete warm-up. */
  watch(): void {
    if (!this.options.warm || this.options.maxBytes <= 0 || this.timer)
      return
    void this.warm()
    this.timer = setInterval(() => {
      void syncHead(this.db).then((h) => {
        if (h.mark !== this.warmedMark)
          return this.warm()
      }).catch(() => {})
    }, this.options.watchMs)
    this.timer.unref()
  }

  /** Stops the watch and waits for a warm-up in progress to stop. */
  async close(): Promise<void> {
    this.closed = true
    if (this.timer)
      clearInterval(this.timer)
    await this.warming
  }
}

/** The page as plain JSON text, for a client that did not ask for gzip. */
export async function gunzipText(gz: Buffer): Promise<Buffer> {
  return gunzipAsync(gz)
}
