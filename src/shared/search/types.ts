/** The public shapes of the catalog search (see docs/search.md). */
import type { CatalogEntry, Disclosure } from '../catalog/types'

/** A search: free text plus filters, and the page wanted. */
export interface SearchQuery {
  /** Terms separated by whitespace; every term must occur (AND). Empty: browse by filters. */
  text?: string
  /**
   * Folds each term into another script before lookup (traditional → simplified, see
   * traditional.ts); the original term still matches too. Not structured-clonable: the search
   * worker adds it to the queries it receives.
   */
  fold?: (text: string) => string
  /** A category and its whole subtree (needs the tree: `setCategories`). */
  categoryId?: string
  agencyId?: string
  /** Year of 发布日期. */
  year?: number
  disclosure?: Disclosure
  /** Default 0. */
  offset?: number
  /** Default 20. */
  limit?: number
}

export type SearchField = 'title' | 'summary' | 'indexNo' | 'docNo' | 'agency'

/** A [start, end) range of an entry's field (offsets into the original string). */
export interface SearchHighlight {
  field: SearchField
  start: number
  end: number
}

export interface SearchHit {
  id: string
  /** Every term matched the title (or its pinyin): such hits rank first. */
  titleHit: boolean
  highlights: SearchHighlight[]
}

export interface SearchResult {
  /** Exact number of matching entries. */
  total: number
  hits: SearchHit[]
}

/** A sync delta: entries to add or replace, ids to drop. A `withdrawn` upsert is a removal. */
export interface SearchDelta {
  upserts?: readonly CatalogEntry[]
  removals?: readonly string[]
}

export const SEARCH_FORMAT = 'gongkai-search'
// 2: pinyin of 内容概述, 文号 and agency names (`opys`, `agencyPys`).
// 3: no pinyin of 内容概述 (`opys` is the 文号's alone): a stored v2 index would still match it.
export const SEARCH_FORMAT_VERSION = 3

/**
 * The persisted index: a small JSON header and a list of ArrayBuffers, all structured-clonable,
 * so it can go into IndexedDB as is (one record, or one record per buffer).
 */
export interface SerializedSearchIndex {
  format: typeof SEARCH_FORMAT
  version: number
  header: string
  buffers: ArrayBuffer[]
}

export interface SearchIndexStats {
  entries: number
  slots: number
  textKeys: number
  pinyinKeys: number
  /** Approximate bytes held by typed arrays and strings. */
  approxBytes: number
}
