import type { CatalogHitRow, WorkerReady, WorkerRequest, WorkerResponse } from './protocol'
/**
 * The page side of the search worker: one worker per tab, started on first use, with promise-based
 * calls. A worker that fails to start (very old browser) leaves search unavailable, not the page.
 */
import type { SearchQuery } from '~/shared/search/types'

type Pending = (msg: WorkerResponse) => void

export interface SearchClient {
  search: (query: SearchQuery) => Promise<{ total: number, hits: CatalogHitRow[] }>
  counts: () => Promise<Record<string, number>>
  /** Years of 发布日期 that have live entries, newest first. */
  years: () => Promise<number[]>
  catchUp: () => Promise<number>
  /** Resolves once the index is loaded or built. */
  ready: Promise<WorkerReady>
  /** Subscribes to "the index changed" (sync brought changes); returns the unsubscribe. */
  onUpdated: (fn: (size: number) => void) => () => void
  terminate: () => void
}

export function createSearchClient(): SearchClient {
  const worker = new Worker(new URL('./search.worker.ts', import.meta.url), { type: 'module', name: 'catalog-search' })
  const pending = new Map<number, Pending>()
  const listeners = new Set<(size: number) => void>()
  let nextId = 1
  let resolveReady!: (r: WorkerReady) => void
  let rejectReady!: (e: Error) => void
  const ready = new Promise<WorkerReady>((resolve, reject) => {
    resolveReady = resolve
    rejectReady = reject
  })

  worker.onmessage = (ev: MessageEvent<WorkerResponse>) => {
    const msg = ev.data
    if (msg.type === 'ready')
      return resolveReady(msg)
    if (msg.type === 'updated')
      return listeners.forEach(fn => fn(msg.size))
    if (msg.type === 'error' && msg.id === undefined)
      return rejectReady(new Error(msg.message))
    if ('id' in msg && msg.id !== undefined) {
      pending.get(msg.id)?.(msg)
      pending.delete(msg.id)
    }
  }
  worker.onerror = ev => rejectReady(new Error(ev.message || 'search worker failed'))

  function call<T>(req: Omit<WorkerRequest, 'id'>, pick: (msg: WorkerResponse) => T): Promise<T> {
    const id = nextId++
    return new Promise<T>((resolve, reject) => {
      pending.set(id, msg => msg.type === 'error' ? reject(new Error(msg.message)) : resolve(pick(msg)))
      worker.postMessage({ ...req, id } as WorkerRequest)
    })
  }

  return {
    ready,
    search: query => call({ type: 'search', query } as Omit<WorkerRequest, 'id'>, m => m.type === 'result' ? { total: m.total, hits: m.hits } : { total: 0, hits: [] }),
    counts: () => call({ type: 'counts' }, m => m.type === 'counts' ? m.counts : {}),
    years: () => call({ type: 'years' }, m => m.type === 'years' ? m.years : []),
    catchUp: () => call({ type: 'catchUp' }, m => m.type === 'caughtUp' ? m.size : 0),
    onUpdated(fn) {
      listeners.add(fn)
      return () => listeners.delete(fn)
    },
    terminate: () => worker.terminate(),
  }
}

let shared: SearchClient | undefined

/** The tab's search worker (started on first call; it holds public catalog data only). */
export function useSearchClient(): SearchClient {
  shared ??= createSearchClient()
  return shared
}
