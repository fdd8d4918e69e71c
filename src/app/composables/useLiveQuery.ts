import type { Observable } from 'dexie'
import type { ShallowRef } from 'vue'
import { onScopeDispose, shallowRef, watch } from 'vue'

export interface LiveQueryState<T> {
  data: ShallowRef<T | undefined>
  /** True until the first result arrives. */
  loading: ShallowRef<boolean>
  error: ShallowRef<unknown>
}

/**
 * Subscribes to a Dexie live query (an Observable) and exposes its latest result. `source` may
 * depend on reactive values: it is re-subscribed when they change. Released with the scope.
 */
export function useLiveQuery<T>(source: () => Observable<T>): LiveQueryState<T> {
  const data = shallowRef<T>()
  const loading = shallowRef(true)
  const error = shallowRef<unknown>(null)
  let sub: { unsubscribe: () => void } | undefined
  const stop = watch(source, (obs) => {
    sub?.unsubscribe()
    loading.value = true
    sub = obs.subscribe({
      next: (v) => {
        data.value = v
        loading.value = false
        error.value = null
      },
      error: (e) => {
        error.value = e
        loading.value = false
      },
    })
  }, { immediate: true })
  onScopeDispose(() => {
    stop()
    sub?.unsubscribe()
  })
  return { data, loading, error }
}
