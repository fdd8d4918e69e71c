import type { StorageUse } from '~/data/storage'
import { onScopeDispose, shallowRef } from 'vue'
import { useLiveQuery } from '~/app/composables/useLiveQuery'
import { isKiosk, watchCatalogHoldings, writeCapBytes } from '~/data/catalog'
import { requestPersistentStorage, storageUse } from '~/data/storage'
import { requestSync } from '~/sync/pull'

/** What the device holds, the space used, and the phone's download size limit. */
export function useCatalogStorage() {
  const { data: holdings } = useLiveQuery(() => watchCatalogHoldings())
  const use = shallowRef<StorageUse>()
  /** Kiosks always hold the whole catalog: no size limit to choose. */
  const kiosk = shallowRef(false)
  let alive = true
  const refresh = async () => {
    const [u, k] = await Promise.all([storageUse(), isKiosk()])
    if (alive) {
      use.value = u
      kiosk.value = k
    }
  }
  void refresh()
  onScopeDispose(() => {
    alive = false
  })
  return {
    holdings,
    use,
    kiosk,
    refresh,
    /** null = no limit (kiosks, and phones by default). */
    setCap: async (bytes: number | null) => {
      await writeCapBytes(bytes)
      requestSync()
    },
    persist: async () => {
      await requestPersistentStorage()
      await refresh()
    },
  }
}
