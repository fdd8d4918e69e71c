/** Messages between the catalog pages and the search worker (search.worker.ts). */
import type { SearchHighlight, SearchQuery } from '~/shared/search/types'

/** What a result row shows: enough to render the list without another IndexedDB read. */
export interface CatalogHitRow {
  id: string
  title: string
  agency: string
  indexNo: string
  docNo: string | null
  publishedAt: string
  summary: string
  titleHit: boolean
  highlights: SearchHighlight[]
}

export type WorkerRequest
  = | { type: 'search', id: number, query: SearchQuery }
    | { type: 'counts', id: number }
    | { type: 'years', id: number }
    | { type: 'catchUp', id: number }

export interface WorkerReady {
  type: 'ready'
  /** 'loaded': the persisted index was read; 'built': made from the entries on the device. */
  source: 'loaded' | 'built'
  /** Time to load or build the index, in ms. */
  ms: number
  size: number
}

export type WorkerResponse
  = | WorkerReady
    | { type: 'result', id: number, total: number, hits: CatalogHitRow[] }
    | { type: 'counts', id: number, counts: Record<string, number> }
    | { type: 'years', id: number, years: number[] }
    | { type: 'caughtUp', id: number, size: number }
    | { type: 'updated', size: number }
    | { type: 'error', id?: number, message: string }
