import { computed } from 'vue'
import { watchMeta } from '~/data/db'
import { STORAGE } from '~/data/keys'
import { useStatusStore } from '../stores/status'
import { useLiveQuery } from './useLiveQuery'

/** Data older than this is flagged as possibly out of date even when online. */
const STALE_AFTER_MS = 24 * 60 * 60_000

/** When the device last got data, and whether what it shows may be out of date. */
export function useSyncStatus(options: { now?: () => number } = {}) {
  const now = options.now ?? Date.now
  const status = useStatusStore()
  const { data: syncedAt, loading } = useLiveQuery(() => watchMeta<string>(STORAGE.meta.reportsSyncedAt))
  const stale = computed(() => {
    if (!syncedAt.value)
      return false
    return !status.online || now() - Date.parse(syncedAt.value) > STALE_AFTER_MS
  })
  return { syncedAt, loading, stale, status }
}
