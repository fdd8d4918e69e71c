import type { MaybeRefOrGetter } from 'vue'
import type { CatalogAgency, CatalogCategory } from '~/shared/catalog/types'
import { computed, onScopeDispose, shallowRef, toValue } from 'vue'
import { useLiveQuery } from '~/app/composables/useLiveQuery'
import { watchCatalogEntry, watchCatalogTree } from '~/data/catalog'
import { useSearchClient } from '../worker/client'

export interface CategoryNode {
  category: CatalogCategory
  /** Entries in this category and its whole subtree. */
  count: number
  children: CategoryNode[]
}

export interface AgencyNode {
  agency: CatalogAgency
  count: number
  children: CategoryNode[]
}

/**
 * The agencies and their 主题分类 trees, live, with entry counts from the search index, and the
 * years that have entries (the year filter offers only those).
 */
export function useCatalogTree() {
  const { data, loading } = useLiveQuery(() => watchCatalogTree())
  const counts = shallowRef<Record<string, number>>({})
  const years = shallowRef<number[]>([])
  const client = useSearchClient()
  const refresh = () => client.ready.then(() => Promise.all([client.counts(), client.years()])).then(([c, y]) => {
    counts.value = c
    years.value = y
  }).catch(() => {})
  void refresh()
  const off = client.onUpdated(() => void refresh())
  onScopeDispose(off)

  const tree = computed<AgencyNode[]>(() => {
    const d = data.value
    if (!d)
      return []
    const kids = new Map<string | null, CatalogCategory[]>()
    for (const c of d.categories)
      kids.set(c.parentId, [...(kids.get(c.parentId) ?? []), c])
    const node = (c: CatalogCategory): CategoryNode => {
      const children = (kids.get(c.id) ?? []).map(node)
      return { category: c, children, count: (counts.value[c.id] ?? 0) + children.reduce((n, k) => n + k.count, 0) }
    }
    return d.agencies.map((a) => {
      const children = (kids.get(null) ?? []).filter(c => c.agencyId === a.id).map(node)
      return { agency: a, children, count: children.reduce((n, k) => n + k.count, 0) }
    })
  })
  return { tree, years, agencies: computed(() => data.value?.agencies ?? []), categories: computed(() => data.value?.categories ?? []), loading }
}

/** One entry, live (it disappears when a sync brings its withdrawal). */
export function useCatalogEntry(options: { id: MaybeRefOrGetter<string> }) {
  const { data, loading } = useLiveQuery(() => watchCatalogEntry(toValue(options.id)))
  return { entry: data, loading }
}
