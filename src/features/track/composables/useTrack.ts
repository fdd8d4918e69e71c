/** Looking an application up by tracking code + last four phone digits, and this device's own list. */
import type { TrackApplicationResponse } from '~/shared/submission'
import { computed, onScopeDispose, ref, shallowRef } from 'vue'
import { ApiError } from '~/app/api'
import { useLiveQuery } from '~/app/composables/useLiveQuery'
import { watchApplications, watchPendingCount } from '~/data/applications'
import { watchMeta } from '~/data/db'
import { STORAGE } from '~/data/keys'
import { normaliseTrackingCode } from '~/shared/submission'
import { pullApplicationStatuses, trackApplication } from '~/sync/application-status'
import { requestDrain } from '~/sync/submit'

export type LookupProblem = 'emptyCode' | 'emptyPhone4' | 'badCode' | 'badPhone4' | 'notFound' | 'offline' | 'failed' | 'rateLimited' | 'paused'

/**
 * The track.* message for each problem: a bad code or phone digits read as "not found" (no hint
 * which); an empty field asks for it, since nothing was looked up.
 */
export const PROBLEM_KEYS = { emptyCode: 'emptyCode', emptyPhone4: 'emptyPhone4', badCode: 'notFound', badPhone4: 'notFound', notFound: 'notFound', offline: 'offline', failed: 'failed', rateLimited: 'rateLimited', paused: 'paused' } as const satisfies Record<LookupProblem, string>

export function useTrackLookup(options: { code?: string } = {}) {
  const code = ref(options.code ?? '')
  const phone4 = ref('')
  const result = shallowRef<TrackApplicationResponse | null>(null)
  const problem = ref<LookupProblem | null>(null)
  /** Seconds to wait before trying again, when the server said (a rate limit's Retry-After). */
  const waitSec = ref<number | null>(null)
  const busy = ref(false)
  let ctrl: AbortController | undefined
  onScopeDispose(() => ctrl?.abort())

  async function lookup(): Promise<void> {
    const normal = normaliseTrackingCode(code.value)
    problem.value = null
    waitSec.value = null
    result.value = null
    if (!code.value.trim()) {
      problem.value = 'emptyCode'
      return
    }
    if (!phone4.value.trim()) {
      problem.value = 'emptyPhone4'
      return
    }
    if (!normal) {
      problem.value = 'badCode'
      return
    }
    if (!/^\d{4}$/.test(phone4.value.trim())) {
      problem.value = 'badPhone4'
      return
    }
    code.value = normal
    busy.value = true
    ctrl?.abort()
    ctrl = new AbortController()
    try {
      result.value = await trackApplication(normal, phone4.value.trim(), ctrl.signal)
    }
    catch (err) {
      if (err instanceof ApiError && !err.unreachable) {
        problem.value = err.status === 404 ? 'notFound' : err.code === 'tracking_paused' ? 'paused' : err.status === 429 ? 'rateLimited' : 'failed'
        if (problem.value === 'rateLimited' && err.retryAfter)
          waitSec.value = Math.ceil(err.retryAfter)
      }
      else {
        problem.value = 'offline'
      }
    }
    finally {
      busy.value = false
    }
  }

  return { code, phone4, result, problem, waitSec, busy, lookup }
}

/** Applications made on this device, newest first, with their status refreshed when online. */
export function useMyApplications() {
  const { data: applications, loading } = useLiveQuery(() => watchApplications())
  const { data: pending } = useLiveQuery(() => watchPendingCount())
  const { data: checkedAt } = useLiveQuery(() => watchMeta<string>(STORAGE.meta.applicationsCheckedAt))
  const refreshing = ref(false)
  async function refresh() {
    refreshing.value = true
    try {
      await pullApplicationStatuses()
    }
    catch {
      // Offline: the cached statuses stay on screen with their "as of" time.
    }
    finally {
      refreshing.value = false
    }
  }
  void refresh()
  const rejected = computed(() => applications.value?.filter(a => a.state === 'rejected').length ?? 0)
  return { applications, pending, rejected, checkedAt, loading, refreshing, refresh, sendNow: requestDrain }
}
