import type { Ref } from 'vue'
import type { CatalogHitRow } from '../worker/protocol'
import type { Disclosure } from '~/shared/catalog/types'
import { onScopeDispose, shallowRef, watch } from 'vue'
import { useSearchClient } from '../worker/client'

export type { CatalogHitRow } from '../worker/protocol'

export interface CatalogFilters {
  categoryId?: string
  agencyId?: string
  year?: number
  disclosure?: Disclosure
}

export interface UseCatalogSearchOptions {
  /** The committed query text (the search box updates it only after IME composition ends). */
  text: Ref<string>
  filters: Ref<CatalogFilters>
  /** Results per chunk. */
  pageSize?: number
  debounceMs?: number
}

/**
 * Searches the catalog in the worker as the query or filters change (debounced; an answer to an
 * older query is dropped), and loads further chunks on demand. Re-runs when sync changes the index.
 */
export function useCatalogSearch(options: UseCatalogSearchOptions) {
  const client = useSearchClient()
  const pageSize = options.pageSize ?? 20
  const hits = shallowRef<CatalogHitRow[]>([])
  const total = shallowRef(0)
  const loading = shallowRef(true)
  const error = shallowRef<string | null>(null)
  let generation = 0
  let timer: ReturnType<typeof setTimeout> | undefined

  async function run(offset: number): Promise<void> {
    const mine = offset === 0 ? ++generation : generation
    loading.value = true
    try {
      await client.ready
      const r = await client.search({ text: options.text.value, ...options.filters.value, offset, limit: pageSize })
      if (mine !== generation)
        return
      total.value = r.total
      hits.value = offset === 0 ? r.hits : [...hits.value, ...r.hits]
      error.value = null
    }
    catch (err) {
      if (mine === generation)
        error.value = err instanceof Error ? err.message : String(err)
    }
    finally {
      if (mine === generation)
        loading.value = false
    }
  }

  const stop = watch([options.text, options.filters], () => {
    // From now on the shown total belongs to the old query: say "searching" until the new answer.
    loading.value = true
    clearTimeout(timer)
    timer = setTimeout(() => void run(0), options.debounceMs ?? 120)
  }, { immediate: true, deep: true })
  const off = client.onUpdated(() => void run(0))
  onScopeDispose(() => {
    stop()
    off()
    clearTimeout(timer)
  })

  return {
    hits,
    total,
    loading,
    error,
    /** Loads the next chunk of results. */
    more: () => hits.value.length < total.value ? run(hits.value.length) : Promise.resolve(),
  }
}
